"""Which reader handles which file, plus the limits every import obeys.

Readers of complex formats (HTML, PDF, DOCX) run in the guarded helper
process with a time limit and a memory cap of their own; plain text and brat
are read in-process (they go through no parser that a file could stall).
Every reader reads regular files only, never past its size cap
(``desktop.ingest.safe_read``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.ingest.brat import MAX_BRAT_FILE_BYTES, brat_pair, read_brat_files
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    check_text_size,
)
from desktop.ingest.docx_text import DOCX_SUFFIXES, MAX_DOCX_FILE_BYTES, read_docx_file
from desktop.ingest.guard import run_guarded
from desktop.ingest.html_page import HTML_SUFFIXES, MAX_HTML_FILE_BYTES, read_html_file
from desktop.ingest.pdf_text import MAX_PDF_FILE_BYTES, PDF_SUFFIXES, read_pdf_file
from desktop.ingest.plain_text import MARKDOWN_SUFFIXES, MAX_TEXT_FILE_BYTES, read_text_file
from desktop.ingest.safe_read import check_regular_file

Importer = Callable[[Path, str | None], ImportedDocument]
MAX_FILE_BYTES = 100 * 1024 * 1024  # the largest of the per-format caps below
_MB = 1024 * 1024


@dataclass(frozen=True)
class Reader:
    label: str
    read: Importer
    time_limit: float | None  # seconds in the guarded helper; None: read in-process
    max_bytes: int = MAX_FILE_BYTES
    # Address-space cap of the guarded helper while it reads this format. The helper
    # itself takes ~100 MB; pdfium holds the whole file plus decoded pages, lxml several
    # times the page. A bomb fails inside the helper instead of exhausting the machine.
    memory_limit: int | None = None


TEXT = Reader("text", read_text_file, None, MAX_TEXT_FILE_BYTES)
BRAT = Reader("brat standoff", read_brat_files, None, MAX_BRAT_FILE_BYTES)
HTML = Reader("web page", read_html_file, 60, MAX_HTML_FILE_BYTES, 640 * _MB)
PDF = Reader("PDF", read_pdf_file, 180, MAX_PDF_FILE_BYTES, 768 * _MB)
DOCX = Reader("Word document", read_docx_file, 60, MAX_DOCX_FILE_BYTES, 640 * _MB)

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
    check_regular_file(path)  # a pipe or device is refused before anything opens it
    reader = reader_for(path)
    if reader is None:
        raise ImportError_(
            f"{path.name}: Dossier cannot import {path.suffix or 'files without an extension'} "
            f"files (it reads {', '.join(supported_suffixes())})."
        )
    try:
        check_regular_file(path, reader.max_bytes)
        if reader is BRAT:
            for half in brat_pair(path):
                if half.exists():  # a missing half is explained by the brat reader
                    check_regular_file(half, reader.max_bytes)
        if reader.time_limit is None:
            doc = reader.read(path, password)
        else:
            doc = run_guarded(reader.read, path, password, timeout=reader.time_limit,
                              name=path.name, cancelled=cancelled,
                              memory_limit=reader.memory_limit)
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
