"""What every importer produces, and the errors importers may raise."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from db.models.vocab import Reliability, SourceKind

MAX_TEXT_CHARS = 20_000_000  # ~20 MB of text: far beyond any real report


class ImportError_(Exception):
    """A file could not be imported. ``str(err)`` is one line naming the file and the reason."""

    def __init__(self, message: str = "") -> None:
        # Messages may quote text from the file; keep them on one line whatever it holds.
        super().__init__(" ".join(str(message).split()))


class EncryptedDocumentError(ImportError_):
    """The document needs a password, or the one given is wrong (the GUI asks; the CLI reports)."""


class NoTextError(ImportError_):
    """The file is readable but holds no text to store (image-only PDF, images-only .docx...)."""


class TooLargeError(ImportError_):
    """The file or its text is over one of the size limits."""


class ParserTimeoutError(ImportError_):
    """Reading the file took longer than its time limit, so the reader was stopped."""


class ImportCancelledError(ImportError_):
    """The user cancelled while the file was being read; nothing was stored."""


@dataclass
class ImportedDocument:
    text: str
    title: str = ""
    kind: SourceKind = SourceKind.ARTICLE
    author: str = ""
    publisher: str = ""
    published_at: str = ""
    url: str = ""
    language: str = ""
    original_filename: str = ""
    reliability: Reliability = Reliability.UNASSESSED  # until the analyst grades it
    notes: str = ""
    # Code-point offset in ``text`` where each page starts (PDF), for page citations.
    page_starts: list[int] = field(default_factory=list)
    # Annotations that came with the file (brat): (brat type, start, end, text), offsets in
    # code points into ``text`` as it will be stored (already normalised).
    spans: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return content_sha256(self.text)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` newlines, no NULs or other C0 controls (tabs kept), no lone surrogates."""
    text = _SURROGATE.sub("\ufffd", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def content_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def first_line_title(text: str, limit: int = 120) -> str:
    """The first non-empty line, shortened at a word boundary when it is a whole paragraph."""
    for line in text.splitlines():
        line = " ".join(line.strip().lstrip("#").split())
        if not line:
            continue
        if len(line) <= limit:
            return line
        cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:—–- ")
        return cut + "…"
    return ""


def check_text_size(text: str, name: str) -> None:
    """Refuse text beyond MAX_TEXT_CHARS before any costly step runs over it."""
    if len(text) > MAX_TEXT_CHARS:
        raise TooLargeError(
            f"{name}: the text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}."
        )
