"""Word .docx: paragraphs, headings and tables in reading order; images noted, not kept.

The package passes zip_safety first (no bombs, no DTDs); python-docx then parses
it with an lxml parser that does not resolve entities. Paragraphs are separated
by a blank line; a table becomes one line per row with cells separated by tabs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    NoTextError,
    check_text_size,
    first_line_title,
    normalise_text,
)
from desktop.ingest.safe_read import read_capped
from desktop.ingest.zip_safety import open_package

MAX_DOCX_FILE_BYTES = 100 * 1024 * 1024

DOCX_SUFFIXES = (".docx", ".docm")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_IMAGE_TAGS = (
    f"{_W}drawing",
    f"{_W}pict",
    "{urn:schemas-microsoft-com:vml}imagedata",
)
_MAX_TABLE_DEPTH = 8


def _is_heading(paragraph: Any) -> bool:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return False
    style_name = str(getattr(style, "name", "") or "")
    return style_name.startswith("Heading") or style_name == "Title"


def _table_lines(table: Any, depth: int) -> Iterator[str]:
    from docx.table import Table

    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is repeated for each grid column it spans
                continue
            last = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        if any(cells):
            yield "\t".join(cells)
        if depth < _MAX_TABLE_DEPTH:
            for cell in row.cells:
                for inner in cell._tc.iterchildren(f"{_W}tbl"):
                    yield from _table_lines(Table(inner, cell), depth + 1)


def _blocks(document: Any) -> Iterator[tuple[str, str]]:
    """("heading"|"paragraph"|"table", text) for the body in reading order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent: Any) -> Iterator[tuple[str, str]]:
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                paragraph = Paragraph(child, document)
                text = paragraph.text.strip()
                if text:
                    yield ("heading" if _is_heading(paragraph) else "paragraph"), text
            elif child.tag == f"{_W}tbl":
                lines = list(_table_lines(Table(child, document), 0))
                if lines:
                    yield "table", "\n".join(lines)
            elif child.tag == f"{_W}sdt":  # content controls wrap ordinary paragraphs
                for content in child.iterchildren(f"{_W}sdtContent"):
                    yield from walk(content)

    yield from walk(document.element.body)


def _count_images(document: Any) -> int:
    body = document.element.body
    return sum(1 for tag in _IMAGE_TAGS for _ in body.iter(tag))


def parse_docx(raw: bytes, name: str) -> ImportedDocument:
    import docx

    open_package(raw, name).close()
    try:
        document = docx.Document(io.BytesIO(raw))
        blocks = list(_blocks(document))
        images = _count_images(document)
        props = document.core_properties
        title, author, language = (str(props.title or ""), str(props.author or ""),
                                   str(props.language or ""))
    except ImportError_:
        raise
    except Exception as err:  # noqa: BLE001 - python-docx raises many types for broken files
        raise ImportError_(
            f"{name}: this is not a readable Word document ({type(err).__name__})."
        ) from None
    if not blocks:
        detail = f" (only {images} image{'s' if images != 1 else ''}, which Dossier does not import)" if images else ""
        raise NoTextError(f"{name}: the document has no text{detail}.")
    text = "\n\n".join(block for _kind, block in blocks)
    check_text_size(text, name)
    text = normalise_text(text)
    headings = [block for kind, block in blocks if kind == "heading"]
    tables = sum(1 for kind, _ in blocks if kind == "table")
    notes = []
    if images:
        notes.append(f"{images} image{'s' if images != 1 else ''} skipped (text only is imported).")
    if tables:
        notes.append(f"{tables} table{'s' if tables != 1 else ''}: one line per row, cells "
                     "separated by tabs.")
    return ImportedDocument(
        text=text,
        title=" ".join(title.split()) or (headings[0] if headings else "")
        or first_line_title(text) or Path(name).stem,
        kind=SourceKind.DOCUMENT,
        author=" ".join(author.split()),
        language=language.strip()[:16],
        original_filename=name,
        notes=" ".join(notes),
    )


def read_docx_file(path: Path, password: str | None = None) -> ImportedDocument:
    del password
    return parse_docx(read_capped(path, MAX_DOCX_FILE_BYTES), path.name)
