"""The brief's look: page geometry, colours and paragraph styles, defined in one place."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desktop.brief.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts

PAGE_SIZE = A4
MARGIN_LEFT = MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1B1F24")
NAVY = colors.HexColor("#17294A")
ACCENT = colors.HexColor("#2C5D8F")
MUTED = colors.HexColor("#5A6472")
RULE = colors.HexColor("#C9D1DC")
PANEL = colors.HexColor("#EEF2F7")
STRIPE = colors.HexColor("#F6F8FA")
SUPPORTS = colors.HexColor("#2E7D4F")
CONTRADICTS = colors.HexColor("#B03A2E")
CONTEXT = colors.HexColor("#6B7280")

# Type sizes (points). Published assessments set their body in 11–12 pt; evidence may
# be a little smaller but stays readable in print.
BODY_SIZE = 11.0
BODY_LEADING = 15.2
JUDGEMENT_SIZE = 11.5
ESTIMATE_SIZE = 10.0
CLAIM_SIZE = 9.5
CLAIM_LEADING = 12.8
LABEL_SIZE = 8.0
NOTE_SIZE = 9.0
NOTE_LEADING = 12.0

# Claim rows: where the grade sits and where the statement starts.
CLAIM_GRADE_INDENT = 26
CLAIM_TEXT_INDENT = 56
JUDGEMENT_INDENT = 26


@dataclass(frozen=True)
class BriefStyles:
    kicker: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    meta_label: ParagraphStyle
    meta_value: ParagraphStyle
    handling: ParagraphStyle
    h1: ParagraphStyle
    h1_loose: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    bluf_text: ParagraphStyle
    estimate_flush: ParagraphStyle
    rationale_flush: ParagraphStyle
    item: ParagraphStyle
    item_last: ParagraphStyle
    item_detail: ParagraphStyle
    note: ParagraphStyle
    source: ParagraphStyle
    source_detail: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    annex_heading: ParagraphStyle
    empty: ParagraphStyle


def make_styles() -> BriefStyles:
    register_fonts()
    h1 = ParagraphStyle("h1", fontName=SANS_BOLD, fontSize=13, leading=17, textColor=NAVY,
                        spaceBefore=14, spaceAfter=7, keepWithNext=1)
    body = ParagraphStyle("body", fontName=SERIF, fontSize=BODY_SIZE, leading=BODY_LEADING,
                          textColor=INK, alignment=TA_LEFT, spaceAfter=6)
    sans = ParagraphStyle("sans", fontName=SANS, fontSize=8.4, leading=11.4, textColor=INK)
    item = ParagraphStyle("item", parent=body, leftIndent=JUDGEMENT_INDENT, bulletIndent=0,
                          bulletFontName=SANS_BOLD, bulletColor=ACCENT, spaceAfter=2)
    return BriefStyles(
        kicker=ParagraphStyle("kicker", parent=sans, fontName=SANS_BOLD, fontSize=7.6,
                              leading=10, textColor=ACCENT, spaceAfter=4),
        title=ParagraphStyle("title", fontName=SANS_BOLD, fontSize=21, leading=26,
                             textColor=NAVY, spaceAfter=6),
        subtitle=ParagraphStyle("subtitle", fontName=SERIF, fontSize=11.5, leading=15.5,
                                textColor=MUTED, spaceAfter=12),
        meta_label=ParagraphStyle("meta_label", parent=sans, fontSize=6.8, leading=9,
                                  textColor=MUTED),
        meta_value=ParagraphStyle("meta_value", parent=sans, fontName=SANS_BOLD, fontSize=8.4,
                                  leading=11),
        handling=ParagraphStyle("handling", parent=sans, fontSize=8.6, leading=11.6,
                                textColor=INK, spaceBefore=6, spaceAfter=4),
        h1=h1,
        h1_loose=ParagraphStyle("h1_loose", parent=h1, keepWithNext=0),
        body=body,
        lead=ParagraphStyle("lead", parent=sans, fontSize=9, leading=12.2, textColor=MUTED,
                            spaceAfter=2, keepWithNext=1),
        bluf_text=ParagraphStyle("bluf_text", fontName=SERIF_BOLD, fontSize=11.2, leading=15.4,
                                 textColor=NAVY, spaceAfter=4),
        estimate_flush=ParagraphStyle("estimate_flush", parent=sans, fontSize=8.4,
                                      leading=11.6, textColor=NAVY, spaceAfter=3),
        rationale_flush=ParagraphStyle("rationale_flush", parent=body, fontSize=8.9,
                                       leading=12.4, textColor=MUTED, spaceAfter=2),
        item=item,
        item_last=ParagraphStyle("item_last", parent=item, spaceAfter=6),
        item_detail=ParagraphStyle("item_detail", parent=sans, fontSize=8, leading=10.8,
                                   textColor=MUTED, leftIndent=JUDGEMENT_INDENT, spaceAfter=6),
        note=ParagraphStyle("note", parent=sans, fontSize=7.8, leading=10.5,
                            leftIndent=JUDGEMENT_INDENT, bulletIndent=0, bulletFontName=SANS_BOLD,
                            bulletFontSize=7.8, bulletColor=ACCENT, spaceAfter=3),
        source=ParagraphStyle("source", parent=sans, fontName=SANS_BOLD, fontSize=8.6,
                              leading=11.6, leftIndent=28, bulletIndent=0,
                              bulletFontName=SANS_BOLD, bulletFontSize=8.6, bulletColor=ACCENT,
                              spaceBefore=3, keepWithNext=1),
        source_detail=ParagraphStyle("source_detail", parent=sans, fontSize=7.9, leading=10.6,
                                     textColor=MUTED, leftIndent=28, spaceAfter=5),
        cell=ParagraphStyle("cell", parent=sans, fontSize=8.8, leading=11.4),
        cell_bold=ParagraphStyle("cell_bold", parent=sans, fontName=SANS_BOLD, fontSize=8.8,
                                 leading=11.4),
        cell_head=ParagraphStyle("cell_head", parent=sans, fontName=SANS_BOLD, fontSize=8,
                                 leading=10.4, textColor=colors.white),
        annex_heading=ParagraphStyle("annex_heading", fontName=SANS_BOLD, fontSize=9.4,
                                     leading=12.4, textColor=NAVY, spaceBefore=10,
                                     spaceAfter=4, keepWithNext=1),
        empty=ParagraphStyle("empty", parent=sans, textColor=MUTED, spaceAfter=4),
    )
