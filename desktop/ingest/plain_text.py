"""Plain text and Markdown: encoding detection and newline normalisation."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    NoTextError,
    first_line_title,
    normalise_text,
)
from db.models.vocab import SourceKind


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode with BOM awareness, then strict UTF-8, then a detector for legacy encodings."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise ImportError_(f"{name}: the text encoding could not be recognised.")
    return str(best)


def read_text_file(path: Path) -> ImportedDocument:
    raw = path.read_bytes()
    text = normalise_text(decode_bytes(raw, path.name))
    if not text.strip():
        raise NoTextError(f"{path.name}: the file contains no text.")
    kind = SourceKind.DOCUMENT if path.suffix.lower() in (".md", ".markdown") else SourceKind.ARTICLE
    return ImportedDocument(
        text=text,
        title=first_line_title(text) or path.stem,
        kind=kind,
        original_filename=path.name,
    )
