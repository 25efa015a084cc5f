"""Which reader handles which file, plus the limits every import obeys.

Readers of complex formats (HTML, PDF, DOCX) run in the guarded helper
process with a time limit; plain text and brat are read in-process (they go
through no parser that a file could stall).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.ingest.brat import brat_pair, read_brat_files
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    TooLargeError,
    check_text_size,
)
from desktop.ingest.docx_text import DOCX_SUFFIXES, read_docx_file
from desktop.ingest.guard import run_guarded
from desktop.ingest.html_page import HTML_SUFFIXES, read_html_file
from desktop.ingest.pdf_text import PDF_SUFFIXES, read_pdf_file
from desktop.ingest.plain_text import MARKDOWN_SUFFIXES, read_text_file

Importer = Callable[[Path, str | None], ImportedDocument]
MAX_FILE_BYTES = 100 * 1024 * 1024


@dataclass(frozen=True)
class Reader:
    label: str
    read: Importer
    time_limit: float | None  # seconds in the guarded helper; None: read in-process


TEXT = Reader("text", read_text_file, None)
BRAT = Reader("brat standoff", read_brat_files, None)
HTML = Reader("web page", read_html_file, 60)
PDF = Reader("PDF", read_pdf_file, 180)
DOCX = Reader("Word document", read_docx_file, 60)

READERS: dict[str, Reader] = {
    ".txt": TEXT,
    ".text": TEXT,
    **{suffix: TEXT for suffix in MARKDOWN_SUFFIXES},
    **{suffix: HTML for suffix in HTML_SUFFIXES},
    **{suffix: PDF for suffix in PDF_SUFFIXES},
    **{suffix: DOCX for suffix in DOCX_SUFFIXES},
    ".ann": BRAT,
}
# Kept for callers that only need the functions (file dialogs, older code).
IMPORTERS: dict[str, Importer] = {suffix: reader.read for suffix, reader in READERS.items()}


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def reader_for(path: Path) -> Reader | None:
    suffix = path.suffix.lower()
    if suffix == ".txt" and brat_pair(path)[1].is_file():
        return BRAT  # a .txt with a .ann beside it is one half of a brat pair
    return READERS.get(suffix)


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise TooLargeError(
            f"{path.name}: the file is {size / 1e6:,.0f} MB; the limit is "
            f"{MAX_FILE_BYTES / 1e6:,.0f} MB."
        )


def import_file(path: Path, password: str | None = None,
                cancelled: Callable[[], bool] | None = None) -> ImportedDocument:
    """Read one file into an ImportedDocument, or raise ImportError_ with a one-line reason.

    ``password`` opens protected PDFs; ``cancelled()`` lets a long guarded read stop early.
    """
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path.name}: no such file.")
    if path.is_dir():
        raise ImportError_(f"{path.name}: is a folder, not a document.")
    reader = reader_for(path)
    if reader is None:
        raise ImportError_(
            f"{path.name}: Dossier cannot import {path.suffix or 'files without an extension'} "
            f"files (it reads {', '.join(supported_suffixes())})."
        )
    try:
        _check_size(path)
        if reader is BRAT:
            for half in brat_pair(path):
                if half.is_file():
                    _check_size(half)
        if reader.time_limit is None:
            doc = reader.read(path, password)
        else:
            doc = run_guarded(reader.read, path, password, timeout=reader.time_limit,
                              name=path.name, cancelled=cancelled)
    except ImportError_:
        raise
    except MemoryError:
        raise ImportError_(f"{path.name}: reading needed more memory than is available.") from None
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or err
        raise ImportError_(f"{path.name}: could not be read ({reason}).") from None
    check_text_size(doc.text, path.name)
    doc.original_filename = doc.original_filename or path.name
    return doc
