"""Random and mutated bytes into every reader: a document or our ImportError_, nothing else.

The readers run in-process here (not in the guarded helper) so that any other
exception reaches the test instead of being turned into a message.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.ingest.brat import parse_brat
from desktop.ingest.document import ImportedDocument, ImportError_
from desktop.ingest.docx_text import parse_docx
from desktop.ingest.html_page import parse_html
from desktop.ingest.pdf_text import parse_pdf
from desktop.ingest.plain_text import parse_text

# A few seconds in the suite; FUZZ_N=1000 runs a deeper search by hand.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_N", "40")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

Reader = Callable[[bytes], ImportedDocument]
READERS: dict[str, Reader] = {
    "text": lambda raw: parse_text(raw, "fuzz.txt"),
    "markdown": lambda raw: parse_text(raw, "fuzz.md", markdown=True),
    "html": lambda raw: parse_html(raw, "fuzz.html"),
    "pdf": lambda raw: parse_pdf(raw, "fuzz.pdf"),
    "docx": lambda raw: parse_docx(raw, "fuzz.docx"),
}
SEEDS = {  # a real file of each kind to mutate
    "text": "articles/us-ukraine-drone-mega-deal.txt",
    "markdown": "articles/us-ukraine-drone-mega-deal.txt",
    "html": "html/wikimediafoundation.org.turkey.html",
    "pdf": "pdf/pdflatex-4-pages.pdf",
    "docx": "docx/field-notes.docx",
}


def _outcome(read: Reader, raw: bytes) -> None:
    try:
        doc = read(raw)
    except ImportError_ as err:
        message = str(err)
        assert message.startswith("fuzz.") and "\n" not in message
        return
    assert isinstance(doc, ImportedDocument) and doc.text.strip()


def _mutate(raw: bytes, data: st.DataObject) -> bytes:
    buffer = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 12), label="mutations")):
        at = data.draw(st.integers(0, len(buffer) - 1), label="at")
        action = data.draw(st.sampled_from(["flip", "cut", "dup", "zero"]), label="action")
        if action == "flip":
            buffer[at] = data.draw(st.integers(0, 255), label="byte")
        elif action == "cut":
            del buffer[at:at + data.draw(st.integers(1, 2048), label="length")]
        elif action == "dup":
            buffer[at:at] = buffer[at:at + data.draw(st.integers(1, 512), label="length")]
        else:
            end = at + data.draw(st.integers(1, 4096), label="length")
            buffer[at:end] = bytes(len(buffer[at:end]))
        if not buffer:
            break
    return bytes(buffer)


@pytest.mark.parametrize("kind", sorted(READERS))
@FUZZ
@given(raw=st.binary(max_size=4096))
def test_random_bytes_give_a_document_or_a_clear_error(kind, raw):
    _outcome(READERS[kind], raw)


@pytest.mark.parametrize("kind", sorted(READERS))
@FUZZ
@given(data=st.data())
def test_mutated_real_files_give_a_document_or_a_clear_error(corpus, kind, data):
    seed = (corpus / SEEDS[kind]).read_bytes()
    _outcome(READERS[kind], _mutate(seed, data))


@pytest.mark.parametrize("kind", ["html", "pdf", "docx"])
@FUZZ
@given(data=st.data())
def test_headers_of_real_files_with_junk_after_them_are_handled(corpus, kind, data):
    seed = (corpus / SEEDS[kind]).read_bytes()
    keep = data.draw(st.integers(0, len(seed)), label="keep")
    _outcome(READERS[kind], seed[:keep] + data.draw(st.binary(max_size=512), label="junk"))


@FUZZ
@given(data=st.data())
def test_brat_pairs_with_mutated_annotations_give_a_document_or_a_clear_error(corpus, data):
    txt = corpus / "brat" / "A_mil.gov.ua_MOU_Pratsivnyk_ZS_Ukrayiny_Oleh_Vernyayev_zdobuvaye_2015(4).tok.txt"
    ann = Path(txt).with_suffix(".ann").read_bytes()
    text = txt.read_bytes()
    if data.draw(st.booleans(), label="mutate text"):
        text = _mutate(text, data)
    else:
        ann = _mutate(ann, data)
    try:
        doc = parse_brat(text, ann, "fuzz.txt", "fuzz.ann")
    except ImportError_ as err:
        assert str(err).startswith("fuzz.") and "\n" not in str(err)
        return
    assert all(doc.text[s:e] == quoted for _t, s, e, quoted in doc.spans)
