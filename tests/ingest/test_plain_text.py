"""Plain text and Markdown: encodings, newlines, and refusing what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    MAX_TEXT_CHARS,
    ImportError_,
    NoTextError,
    TooLargeError,
    normalise_text,
)
from desktop.ingest.registry import MAX_FILE_BYTES, import_file
from desktop.services.importing import Outcome, import_path

UKRAINIAN = ("Місцевий волонтер Олег Петренко повідомив, що черги на переправі зросли втричі.\n"
             "Ці дані ще не підтверджено другим джерелом.\n")
RUSSIAN = "Привет, как дела? Это тестовый документ на русском языке, второй абзац ниже.\n"
WESTERN = ("The café’s naïve owner paid €12 for “crème brûlée” — déjà vu.\n"
           "Second line: Zoë and Renée met at the façade.\n")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("text", "encoding"), [
    (UKRAINIAN, "cp1251"),
    (RUSSIAN, "cp1251"),
    (WESTERN, "cp1252"),
])
def test_legacy_windows_code_pages_are_recognised(tmp_path, text, encoding):
    path = _write(tmp_path, "legacy.txt", text.encode(encoding))
    assert import_file(path).text == text


@pytest.mark.parametrize(("bom", "encoding"), [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
])
def test_byte_order_marks_decide_the_encoding_and_are_dropped(tmp_path, bom, encoding):
    text = UKRAINIAN + WESTERN + "emoji 🛰️ stays\n"
    doc = import_file(_write(tmp_path, "bom.txt", bom + text.encode(encoding)))
    assert doc.text == text
    assert not doc.text.startswith("\ufeff")


def test_windows_and_old_mac_newlines_become_line_feeds(tmp_path):
    doc = import_file(_write(tmp_path, "crlf.txt", b"one\r\ntwo\rthree\n"))
    assert doc.text == "one\ntwo\nthree\n"


def test_text_is_stored_in_nfc(tmp_path):
    decomposed = "Cafe\u0301 and Пе\u0301тро"
    doc = import_file(_write(tmp_path, "nfd.txt", decomposed.encode("utf-8")))
    assert doc.text == normalise_text(decomposed) == "Café and Пе́тро"


def test_markdown_is_kept_as_written(tmp_path):
    markdown = "# Assessment\n\n- **Key point**: ferries *closed*\n- [link](http://example.org)\n"
    doc = import_file(_write(tmp_path, "notes.md", markdown.encode()))
    assert doc.text == markdown
    assert doc.title == "Assessment"
    assert doc.kind == SourceKind.DOCUMENT


def test_damaged_utf8_is_refused_with_a_clear_message(tmp_path):
    good = ("Київ — столиця України. " * 20).encode("utf-8")
    data = good[:200] + b"\xff\xfe" + good[200:]  # two bytes that never occur in UTF-8
    with pytest.raises(ImportError_) as err:
        import_file(_write(tmp_path, "broken.txt", data))
    assert "broken.txt" in str(err.value) and "not valid UTF-8" in str(err.value)


def test_binary_junk_in_a_txt_file_is_refused(tmp_path):
    data = bytes(range(256)) * 40
    with pytest.raises(ImportError_) as err:
        import_file(_write(tmp_path, "photo.txt", data))
    assert str(err.value).startswith("photo.txt: ")


def test_an_empty_file_says_it_has_no_text(tmp_path):
    with pytest.raises(NoTextError, match=r"empty.txt: the file contains no text"):
        import_file(_write(tmp_path, "empty.txt", b"  \n\r\n "))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(TooLargeError, match=r"huge.txt: the file is .* MB; the limit is"):
        import_file(path)


def test_a_hundred_megabytes_of_text_is_refused_and_nothing_is_stored(ctx, tmp_path):
    path = tmp_path / "dump.txt"
    path.write_bytes(b"lorem ipsum\n" * (100_000_000 // 12))
    result = import_path(ctx, path)
    assert result.outcome == Outcome.FAILED
    assert result.message.startswith("dump.txt: ")
    assert f"{MAX_TEXT_CHARS:,}" in result.message
    with ctx.reading() as session:
        from db.repository.queries import list_sources

        assert list_sources(session) == []


def test_unsupported_suffix_names_the_supported_ones(tmp_path):
    with pytest.raises(ImportError_, match=r"slides.pptx: Dossier cannot import .pptx files"):
        import_file(_write(tmp_path, "slides.pptx", b"PK"))
