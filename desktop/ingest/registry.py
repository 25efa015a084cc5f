"""Which importer handles which file, plus the limits every import obeys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.ingest.document import ImportedDocument, ImportError_, TooLargeError
from desktop.ingest.plain_text import read_text_file

Importer = Callable[[Path], ImportedDocument]
MAX_FILE_BYTES = 100 * 1024 * 1024

IMPORTERS: dict[str, Importer] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
}


def supported_suffixes() -> list[str]:
    return sorted(IMPORTERS)


def import_file(path: Path) -> ImportedDocument:
    """Read one file into an ImportedDocument, or raise ImportError_ with a one-line reason."""
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path.name}: no such file.")
    if path.is_dir():
        raise ImportError_(f"{path.name}: is a folder, not a document.")
    importer = IMPORTERS.get(path.suffix.lower())
    if importer is None:
        raise ImportError_(
            f"{path.name}: Dossier cannot import {path.suffix or 'files without an extension'} "
            f"files (it reads {', '.join(supported_suffixes())})."
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLargeError(
            f"{path.name}: the file is {size / 1e6:.0f} MB; the limit is "
            f"{MAX_FILE_BYTES / 1e6:.0f} MB."
        )
    try:
        doc = importer(path)
    except ImportError_:
        raise
    except (OSError, ValueError, MemoryError) as err:
        raise ImportError_(f"{path.name}: could not be read ({err}).") from None
    doc.original_filename = doc.original_filename or path.name
    return doc
