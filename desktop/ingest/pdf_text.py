"""PDF text layer (pypdfium2), with the code-point offset where each page starts.

Each page's text is normalised on its own before the pages are joined, so the
recorded page starts stay true in the stored text (normalising again changes
nothing). Pages are separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    MAX_TEXT_CHARS,
    EncryptedDocumentError,
    ImportedDocument,
    ImportError_,
    NoTextError,
    TooLargeError,
    check_text_size,
    first_line_title,
    normalise_text,
)
from desktop.ingest.pdf_bombs import check_inflation
from desktop.ingest.pdf_repair import rebuild_page_tree
from desktop.ingest.safe_read import read_capped

PDF_SUFFIXES = (".pdf",)
MAX_PDF_FILE_BYTES = 100 * 1024 * 1024
MAX_PAGES = 20_000
PAGE_SEPARATOR = "\n\n"

# pdfium error codes (fpdfview.h)
_ERR_FORMAT = 3
_ERR_PASSWORD = 4
_ERR_SECURITY = 5

_LIGATURES = re.compile("[\ufb00-\ufb06]")  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: spell them out so search finds words
_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_GENERIC_TITLES = re.compile(r"^(untitled|microsoft word - .*|document\d*|slide \d+)$", re.I)


def _page_text(raw_text: str) -> str:
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group()), raw_text)
    # pdfium marks a word hyphenated across lines with \x02; normalise_text drops it,
    # joining the two halves as the author wrote the word.
    return normalise_text(_NONCHARACTERS.sub("", text)).rstrip()


def _open(raw: bytes, name: str, password: str | None) -> tuple[object, str]:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw, password=password or None), ""
    except pdfium.PdfiumError as err:
        code = getattr(err, "err_code", None)
        if code == _ERR_PASSWORD:
            if password:
                raise EncryptedDocumentError(
                    f"{name}: the password is not correct for this protected PDF."
                ) from None
            raise EncryptedDocumentError(
                f"{name}: the PDF is protected by a password; give its password to import it."
            ) from None
        if code == _ERR_SECURITY:
            raise ImportError_(f"{name}: the PDF uses a protection scheme Dossier cannot open.") from None
        if code == _ERR_FORMAT:
            repaired = rebuild_page_tree(raw)
            if repaired is not None:
                try:
                    return pdfium.PdfDocument(repaired, password=password or None), (
                        "The PDF was damaged; Dossier rebuilt its page list, so pages may be "
                        "missing or out of order."
                    )
                except pdfium.PdfiumError:
                    pass
        raise ImportError_(f"{name}: this is not a readable PDF (it may be damaged).") from None


def _metadata(pdf: object) -> dict[str, str]:
    try:
        found = pdf.get_metadata_dict()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - broken metadata must not stop the text
        return {}
    return {str(k): " ".join(str(v).split()) for k, v in found.items() if v}


def _pdf_date(value: str) -> str:
    match = _PDF_DATE.match(value)
    if not match:
        return ""
    year, month, day = match.group(1), match.group(2), match.group(3)
    if not (1900 <= int(year) <= 2999):
        return ""
    return "-".join(p for p in (year, month, day) if p)


def parse_pdf(raw: bytes, name: str, password: str | None = None) -> ImportedDocument:
    import pypdfium2 as pdfium

    check_inflation(raw, name)  # before pdfium spends seconds and gigabytes on a bomb
    pdf, notes = _open(raw, name, password)
    try:
        count = len(pdf)  # type: ignore[arg-type]
        if count > MAX_PAGES:
            raise TooLargeError(f"{name}: the PDF has {count:,} pages; the limit is {MAX_PAGES:,}.")
        pages: list[str] = []
        total = 0
        for index in range(count):
            try:
                page = pdf[index]  # type: ignore[index]
                textpage = page.get_textpage()
                text = _page_text(textpage.get_text_bounded())
                textpage.close()
                page.close()
            except pdfium.PdfiumError:
                text = ""
                notes = (notes + " " if notes else "") + f"Page {index + 1} could not be read."
            pages.append(text)
            total += len(text) + len(PAGE_SEPARATOR)
            if total > MAX_TEXT_CHARS:  # stop early instead of reading thousands more pages
                raise TooLargeError(
                    f"{name}: the text has over {MAX_TEXT_CHARS:,} characters, the limit."
                )
        meta = _metadata(pdf)
    finally:
        pdf.close()  # type: ignore[attr-defined]
    if not any(p.strip() for p in pages):
        raise NoTextError(
            f"{name}: the PDF has no text layer (its pages are images); run it through OCR "
            "and import the result."
        )
    page_starts: list[int] = []
    offset = 0
    for text in pages:
        page_starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(pages)
    check_text_size(text, name)
    title = meta.get("Title", "")
    if _GENERIC_TITLES.match(title):
        title = ""
    return ImportedDocument(
        text=text,
        title=title or first_line_title(text) or Path(name).stem,
        kind=SourceKind.PDF,
        author=meta.get("Author", ""),
        published_at=_pdf_date(meta.get("CreationDate", "")),
        original_filename=name,
        notes=notes,
        page_starts=page_starts,
    )


def read_pdf_file(path: Path, password: str | None = None) -> ImportedDocument:
    return parse_pdf(read_capped(path, MAX_PDF_FILE_BYTES), path.name, password)
