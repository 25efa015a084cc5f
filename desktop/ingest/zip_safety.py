"""Checks an Office (zip) package must pass before any XML in it is parsed.

A zip bomb is refused from the sizes the archive declares (Python's zipfile
never yields more bytes than a member declares, so the declared sizes bound
what a later reader can inflate). XML parts with a DOCTYPE are refused: Office
files never carry one, and a DTD is how entity-expansion and external-entity
attacks get in.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from desktop.ingest.document import ImportError_, TooLargeError

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 256 * 1024**2
MAX_TOTAL_BYTES = 512 * 1024**2
# Real XML compresses ~5–40×; only large members with an absurd ratio are bombs.
MAX_RATIO = 200
RATIO_APPLIES_ABOVE = 1024**2
_XML_SUFFIXES = (".xml", ".rels")


def open_package(raw: bytes, name: str, kind: str = "Word document") -> zipfile.ZipFile:
    """Open ``raw`` as a zip after checking member count, sizes and ratios."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, OverflowError):
        raise ImportError_(f"{name}: this is not a {kind} (the file is not a valid package).") from None
    if len(members) > MAX_MEMBERS:
        raise TooLargeError(f"{name}: the package has {len(members):,} parts; the limit is "
                            f"{MAX_MEMBERS:,}.")
    total = 0
    for info in members:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
            raise TooLargeError(f"{name}: the package unpacks to more than "
                                f"{MAX_TOTAL_BYTES // 1024**2} MB; Dossier does not open it.")
        if size > RATIO_APPLIES_ABOVE and size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportError_(f"{name}: part {info.filename!r} is compressed {size // max(info.compress_size, 1):,} "
                               "to 1, a sign of a zip bomb; Dossier does not open it.")
    for info in members:
        if info.filename.lower().endswith(_XML_SUFFIXES):
            _check_prolog(archive, info, name)
    return archive


def _check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Parse only up to the root element: enough to see any DOCTYPE or entity declaration."""
    try:
        with archive.open(info) as stream:
            for _event, _element in iterparse(stream, events=("start",), forbid_dtd=True):
                return
    except DefusedXmlException:
        raise ImportError_(f"{name}: part {info.filename!r} declares a DTD or entities, which "
                           "Office files never do; Dossier does not open it.") from None
    except ParseError:
        raise ImportError_(f"{name}: part {info.filename!r} is not well-formed XML; "
                           "the file is damaged.") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError):
        # RuntimeError: zipfile's answer to an encrypted member.
        raise ImportError_(f"{name}: part {info.filename!r} cannot be unpacked; the file is "
                           "damaged or encrypted.") from None
