"""Every script a source may carry prints, and copies back in logical order.

Ukrainian, Arabic, Hebrew, Chinese and pictographs in the title, claims and judgements:
the text pypdfium2 extracts holds the same strings as the project, no glyph is drawn
as .notdef (an empty box), and right-to-left text is shaped (Arabic letters joined).
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from db.models.vocab import Confidence, EntityType, ImplicationKind, Likelihood, Reliability
from desktop.brief.build import build_brief
from desktop.brief.fonts import SANS, register_fonts, split_by_font
from desktop.brief.options import BriefOptions
from desktop.brief.shaping import reader_text
from desktop.core.context import ProjectContext
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications
from desktop.services.sources import add_source
from tests.brief.conftest import read_pdf

UKRAINIAN = "Київ і Вашингтон готують угоду про дрони"
ARABIC = "قال الرئيس إن الصفقة ستوقع قريبا"
HEBREW = "שר החוץ אמר שההסכם ייחתם בקרוב"
CHINESE = "乌克兰无人机出口将扩大"
SYMBOLS = "💣 👍 ☢"
TITLE = f"Drones: {UKRAINIAN} / {ARABIC} {SYMBOLS}"


def _build(ctx: ProjectContext) -> None:
    lines = [UKRAINIAN + ".", ARABIC + ".", HEBREW + ".", CHINESE + "。", SYMBOLS]
    text = "\n".join(lines)
    source = str(add_source(ctx, ImportedDocument(
        text=text, title=f"{CHINESE} {HEBREW}", publisher="وكالة الأنباء",
        url="https://example.org/" + "a-very-long-path-segment-without-spaces" * 4,
        reliability=Reliability.B)).primary_uid)
    speaker = str(entities.create_entity(ctx, "الرئيس", EntityType.PERSON).primary_uid)
    judgement_texts = [ARABIC, HEBREW, CHINESE, f"{UKRAINIAN} {SYMBOLS}"]
    for claim_text, judgement_text in zip(lines[:4], judgement_texts, strict=True):
        start = text.index(claim_text)
        claim = str(claims.create_claim(ctx, claims.ClaimDraft(
            statement=claim_text, source_uid=source, start=start, end=start + len(claim_text),
            claimant_uid=speaker, credibility=2)).primary_uid)
        judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
            text=judgement_text, kind=ImplicationKind.JUDGEMENT, likelihood=Likelihood.LIKELY,
            confidence=Confidence.MODERATE, rationale=f"{HEBREW} — {CHINESE}")).primary_uid)
        implications.link_claim(ctx, claim, judgement)


@pytest.fixture
def multilingual_pdf(ctx: ProjectContext, tmp_path: Path) -> Path:
    _build(ctx)
    return build_brief(ctx, BriefOptions(title=TITLE, subtitle=HEBREW, analyst="Ада"),
                       tmp_path / "multi.pdf").path


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in read_pdf(path).text.splitlines()]


def test_every_script_extracts_as_the_same_strings_in_logical_order(
        multilingual_pdf: Path) -> None:
    text = read_pdf(multilingual_pdf).text
    flat = " ".join(text.split())
    for expected in (UKRAINIAN, ARABIC, HEBREW, CHINESE, "💣", "👍", "☢", "الرئيس"):
        assert expected in flat, expected
    # The judgements, each on its own numbered line, in logical order.
    lines = _lines(multilingual_pdf)
    for number, expected in enumerate((ARABIC, HEBREW, CHINESE), start=1):
        assert f"{number}. {expected}" in lines, (expected, [ln for ln in lines
                                                             if ln.startswith(f"{number}.")])
    assert "Drones: " + UKRAINIAN in flat and ARABIC in flat


def test_no_glyph_is_drawn_as_notdef(multilingual_pdf: Path) -> None:
    pdf = pdfium.PdfDocument(str(multilingual_pdf))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
                textpage = page.get_textpage()
                del textpage
                font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
                assert font
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                # pdfium reports U+FFFE for a glyph it cannot map to text: a .notdef box
                # would map to nothing (0) or to U+FFFD.
                code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
                assert code not in (0, 0xFFFD), (index, i)
    finally:
        pdf.close()
    raw = multilingual_pdf.read_bytes()
    for face in (b"NotoSansArabic", b"NotoSansHebrew", b"NotoSansCJK", b"NotoSansSymbols2"):
        assert face in raw, face


def test_arabic_is_shaped_not_printed_letter_by_letter() -> None:
    from desktop.brief.shaping import shaped

    register_fonts()
    pieces = split_by_font(ARABIC, SANS)
    assert all(font.startswith("DossierArabic") for _, font in pieces if font != SANS)
    glyphs, _ = shaped(ARABIC, "DossierArabic", 10)
    # Joined letters are drawn with their contextual forms (presentation forms or
    # unencoded glyphs), and in visual order: the last letter comes first.
    assert any(0xFB50 <= ord(ch) <= 0xFEFF or 0xE000 <= ord(ch) <= 0xF8FF for ch in glyphs)


@pytest.mark.parametrize("line", [
    "1. Zelenskyy said: قال الرئيس إن الصفقة — reported [3]",
    "3. قال الرئيس (إن) الصفقة ستوقع قريبا",
    "Hebrew: שלום עולם (peace) and more, 2025.",
    "אב, גד. 12 הו",
])
def test_the_reading_order_text_survives_pdfiums_reordering(line: str, tmp_path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from desktop.brief.runs import TextPen, break_lines, runs_of

    register_fonts()
    canvas = Canvas(str(tmp_path / "line.pdf"))
    pen = TextPen(canvas)
    pen.lines(break_lines(runs_of((line, SANS, 11, colors.black)), 1000), 50, 700, 14)
    pen.finish()
    canvas.save()
    assert read_pdf(tmp_path / "line.pdf").text.strip() == line
    assert reader_text("plain English line") == "plain English line"


def test_a_character_no_font_has_is_printed_as_its_code_and_preflight_says_so(
        ctx: ProjectContext, tmp_path: Path) -> None:
    rare = "\U0001F9FF"  # nazar amulet: no bundled face has it
    implications.create_implication(ctx, implications.ImplicationDraft(
        text=f"Talisman {rare} sighted.", kind=ImplicationKind.JUDGEMENT,
        likelihood=Likelihood.UNLIKELY, confidence=Confidence.LOW))
    result = build_brief(ctx, BriefOptions(title="Rare"), tmp_path / "r.pdf")
    assert "Talisman [U+1F9FF] sighted." in read_pdf(result.path).flat
    assert any("U+1F9FF" in f.text for f in result.findings)


def test_long_words_and_urls_wrap_inside_the_frame(multilingual_pdf: Path) -> None:
    pdf = pdfium.PdfDocument(str(multilingual_pdf))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, _ = page.get_size()
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                left, _, right, _ = textpage.get_charbox(i)
                assert left >= 0 and right <= width - 40, (index, i, right)
    finally:
        pdf.close()
    assert re.search(r"a-very-long-path-segment", read_pdf(multilingual_pdf).text)
