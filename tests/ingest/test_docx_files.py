"""Word files from the corpus, and hostile packages that must be refused before parsing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from db.models.vocab import SourceKind
from desktop.ingest import zip_safety
from desktop.ingest.document import ImportError_, NoTextError, TooLargeError
from desktop.ingest.docx_text import parse_docx
from desktop.ingest.registry import import_file


@pytest.fixture
def docx_dir(corpus):
    return corpus / "docx"


def _repack(source: Path, target: Path, replace: dict[str, bytes],
            compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A copy of the package ``source`` with some members' bytes replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", compression) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.pop(info.filename, old.read(info.filename)))
        for name, data in replace.items():
            new.writestr(name, data)
    return target


def test_python_docx_test_file_gives_its_heading_and_paragraph(docx_dir):
    doc = import_file(docx_dir / "test.docx")
    assert doc.text == "python-docx was here!\n\npython-docx was here too!"
    assert doc.title == "python-docx was here!"
    assert doc.author == "Cisco Employee"
    assert doc.kind == SourceKind.DOCUMENT


def test_field_notes_give_properties_headings_cyrillic_and_table_cells(docx_dir):
    doc = import_file(docx_dir / "field-notes.docx")
    assert doc.title == "Field notes: river crossing logistics"
    assert doc.author == "Test Analyst"
    lines = doc.text.split("\n")
    for heading in ("Field notes: river crossing logistics", "Interviews", "Deliveries by week"):
        assert heading in lines
    assert "Місцевий волонтер Олег Петренко повідомив" in doc.text
    assert "The ferry operator, Marta Kovalenko, said" in doc.text
    assert "A district official claimed" in doc.text
    assert "Week\tTrucks\tFuel (t)" in lines
    assert "12\t29\t198" in lines  # week 12: 29 trucks, 198 t
    # The table sits where it is in the document, between its heading and the closing note.
    assert (doc.text.index("Deliveries by week") < doc.text.index("12\t29\t198")
            < doc.text.index("Assessment pending corroboration"))
    assert "table" in doc.notes


def test_a_document_of_images_only_says_there_is_no_text(docx_dir):
    with pytest.raises(NoTextError) as err:
        import_file(docx_dir / "having-images.docx")
    assert str(err.value) == ("having-images.docx: the document has no text (only 5 images, "
                              "which Dossier does not import).")


def test_a_highly_compressed_part_is_refused_as_a_zip_bomb(docx_dir, tmp_path):
    bomb = b"<w:t>" + b" " * (3 * 1024**2) + b"</w:t>"
    path = _repack(docx_dir / "test.docx", tmp_path / "bomb.docx", {"word/padding.xml": bomb})
    with pytest.raises(ImportError_, match=r"bomb.docx: part 'word/padding.xml' is compressed "
                                           r"[\d,]+ to 1, a sign of a zip bomb"):
        import_file(path)


def test_a_package_that_unpacks_too_large_is_refused(docx_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(zip_safety, "MAX_TOTAL_BYTES", 64 * 1024)
    raw = (docx_dir / "test.docx").read_bytes()
    with pytest.raises(TooLargeError, match=r"big.docx: the package unpacks to more than"):
        parse_docx(raw, "big.docx")


def test_entity_declarations_are_refused(docx_dir, tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")
    path = _repack(docx_dir / "test.docx", tmp_path / "laughs.docx", {"word/document.xml": laughs})
    with pytest.raises(ImportError_, match=r"laughs.docx: part 'word/document.xml' declares a DTD"):
        import_file(path)


def test_an_external_entity_is_refused(docx_dir, tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<Properties>&x;</Properties>')
    path = _repack(docx_dir / "test.docx", tmp_path / "xxe.docx", {"docProps/app.xml": xxe})
    with pytest.raises(ImportError_, match=r"declares a DTD or entities"):
        import_file(path)


def test_a_zip_that_is_not_a_word_file_is_refused(tmp_path):
    path = tmp_path / "archive.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportError_, match=r"archive.docx: this is not a readable Word document"):
        import_file(path)


def test_random_bytes_named_docx_are_refused(tmp_path):
    path = tmp_path / "junk.docx"
    path.write_bytes(b"\x00\x01 not a zip at all")
    with pytest.raises(ImportError_, match=r"junk.docx: this is not a Word document"):
        import_file(path)
