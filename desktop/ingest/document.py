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


class EncryptedDocumentError(ImportError_):
    """The document needs a password (the GUI asks; the CLI reports)."""


class NoTextError(ImportError_):
    pass


class TooLargeError(ImportError_):
    pass


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
    reliability: Reliability = Reliability.F
    notes: str = ""
    page_starts: list[int] = field(default_factory=list)
    # Annotations that came with the file (brat): (type, start, end, text)
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


def first_line_title(text: str, limit: int = 200) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:limit]
    return ""
