"""PDF text layer from the corpus: page boundaries, protected and image-only files."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    EncryptedDocumentError,
    ImportError_,
    NoTextError,
    normalise_text,
)
from desktop.ingest.pdf_text import PAGE_SEPARATOR, parse_pdf
from desktop.ingest.registry import import_file

READABLE = [
    "002-trivial-libre-office-writer.pdf",
    "pdflatex-4-pages.pdf",
    "google-doc-document.pdf",
    "multicolumn.pdf",
    "habibi.pdf",
    "GeoTopo-komprimiert.pdf",
    "mistitled_outlines_example.pdf",
]
PASSWORD = "openpassword"  # the published password of the py-pdf sample file


@pytest.fixture
def pdf_dir(corpus):
    return corpus / "pdf"


@pytest.mark.parametrize("name", READABLE)
def test_every_page_start_is_recorded_and_holds_in_the_stored_text(pdf_dir, name):
    doc = import_file(pdf_dir / name)
    pages = len(pdfium.PdfDocument(pdf_dir / name))
    assert len(doc.page_starts) == pages
    assert doc.page_starts[0] == 0
    assert all(a < b for a, b in zip(doc.page_starts, doc.page_starts[1:], strict=False))
    assert doc.text == normalise_text(doc.text)  # storing cannot shift the offsets
    for later in doc.page_starts[1:]:
        assert doc.text[later - len(PAGE_SEPARATOR):later] == PAGE_SEPARATOR
    assert doc.kind == SourceKind.PDF and doc.text.strip()


def test_the_long_lecture_notes_give_117_pages(pdf_dir):
    doc = import_file(pdf_dir / "GeoTopo-komprimiert.pdf")
    assert len(doc.page_starts) == 117
    assert doc.title == "Geometrie und Topologie" and doc.author == "Martin Thoma"
    assert doc.published_at == "2016-12-31"
    page_two = doc.text[doc.page_starts[1]:doc.page_starts[2]]
    assert page_two.startswith("Vorwort\nDieses Skript wurde im Wintersemester 2013/2014")


def test_a_claim_offset_maps_back_to_its_page(pdf_dir):
    doc = import_file(pdf_dir / "pdflatex-4-pages.pdf")
    pdf = pdfium.PdfDocument(pdf_dir / "pdflatex-4-pages.pdf")
    third = normalise_text(pdf[2].get_textpage().get_text_bounded()).strip()
    offset = doc.text.index(third)  # the whole page is unique, its opening words are not
    page_number = sum(1 for start in doc.page_starts if start <= offset)
    assert page_number == 3


def test_words_hyphenated_across_lines_are_joined(pdf_dir):
    doc = import_file(pdf_dir / "multicolumn.pdf")
    assert "Lorem ipsum dolor sit amet, consectetuer adipiscing elit." in doc.text
    assert "\x02" not in doc.text


def test_broken_metadata_still_gives_the_text(pdf_dir):
    doc = import_file(pdf_dir / "unreadablemetadata.pdf")
    assert "Dust-proof construction" in doc.text
    assert doc.page_starts and "damaged" in doc.notes


def test_protected_pdf_asks_for_its_password(pdf_dir):
    with pytest.raises(EncryptedDocumentError) as err:
        import_file(pdf_dir / "libreoffice-writer-password.pdf")
    assert str(err.value) == ("libreoffice-writer-password.pdf: the PDF is protected by a "
                              "password; give its password to import it.")


def test_protected_pdf_opens_with_the_right_password(pdf_dir):
    doc = import_file(pdf_dir / "libreoffice-writer-password.pdf", password=PASSWORD)
    assert doc.text.startswith("Lorem ipsum dolor sit amet")


def test_wrong_password_gives_the_same_kind_of_error(pdf_dir):
    with pytest.raises(EncryptedDocumentError, match=r"the password is not correct"):
        import_file(pdf_dir / "libreoffice-writer-password.pdf", password="guess")


def _scanned_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("RGB", (200, 100), "white")
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawImage(ImageReader(picture), 50, 500, width=400, height=200)
    page.showPage()
    page.drawImage(ImageReader(picture), 50, 500, width=400, height=200)
    page.save()
    return out.getvalue()


def test_image_only_pdf_says_it_has_no_text_layer(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scanned_pdf())
    with pytest.raises(NoTextError, match=r"scan.pdf: the PDF has no text layer"):
        import_file(path)


def test_a_file_that_is_not_a_pdf_is_refused_clearly(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n this is not really a PDF")
    with pytest.raises(ImportError_, match=r"fake.pdf: this is not a readable PDF"):
        import_file(path)


def test_parsing_in_process_matches_the_guarded_helper(pdf_dir):
    name = "google-doc-document.pdf"
    assert parse_pdf((pdf_dir / name).read_bytes(), name) == import_file(pdf_dir / name)
