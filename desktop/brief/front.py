"""The front of the brief: title block, contents, bottom line, key judgements, lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from db.models.vocab import Marking, SupportRelation
from desktop.brief.blocks import Block, Outline, Piece
from desktop.brief.data import BriefData, BriefImplication
from desktop.brief.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD
from desktop.brief.options import BriefOptions, BriefSection
from desktop.brief.plan import SHOWN_RELATIONS, BriefPlan
from desktop.brief.runs import Run, runs_of
from desktop.brief.styles import (
    ACCENT,
    CLAIM_GRADE_INDENT,
    CLAIM_SIZE,
    CLAIM_TEXT_INDENT,
    CONTEXT,
    CONTRADICTS,
    FRAME_WIDTH,
    INK,
    JUDGEMENT_INDENT,
    MUTED,
    NAVY,
    PANEL,
    RULE,
    SUPPORTS,
    BriefStyles,
)
from desktop.brief.template import ContentsList, PageBook, SectionMark
from desktop.brief.text import para, plain
from desktop.brief.wording import claim_runs, estimate_markup, estimate_runs, human_date

_GROUP_COLOURS = {
    SupportRelation.SUPPORTS: SUPPORTS,
    SupportRelation.CONTRADICTS: CONTRADICTS,
    SupportRelation.CONTEXT: CONTEXT,
}


@dataclass(frozen=True)
class Layout:
    """What every section builder needs."""

    data: BriefData
    options: BriefOptions
    plan: BriefPlan
    styles: BriefStyles
    book: PageBook
    date: str  # ISO date printed on the brief


def section_heading(layout: Layout, section: BriefSection, *,
                    before_table: bool = False) -> list[Flowable]:
    """Bookmark, outline entry and heading. Before a table the heading is not kept with
    what follows (that would move a whole long table to the next page); instead it starts
    a new page only when too little room is left for the heading and a few rows."""
    key = f"sec-{section.value}"
    mark = SectionMark(key, section.label, 0, True)
    if before_table:
        return [CondPageBreak(90), mark, Paragraph(para(section.label), layout.styles.h1_loose)]
    return [mark, Paragraph(para(section.label), layout.styles.h1)]


def title_block(layout: Layout) -> list[Flowable]:
    s, options = layout.styles, layout.options
    story: list[Flowable] = [Paragraph("ANALYTIC BRIEF", s.kicker),
                             Paragraph(para(options.title, font=SANS_BOLD), s.title)]
    if options.subtitle:
        story.append(Paragraph(para(options.subtitle, font=SERIF), s.subtitle))
    else:
        story.append(Spacer(1, 8))
    cells = [
        ("Date", human_date(layout.date)),
        ("Prepared by", options.analyst or "—"),
        ("Project", layout.data.project_name or "—"),
        ("Handling", options.marking_text or "—"),
    ]
    row = [[Paragraph(label.upper(), s.meta_label), Paragraph(para(value, 160, font=SANS_BOLD), s.meta_value)]
           for label, value in cells]
    widths = [FRAME_WIDTH * w for w in (0.22, 0.2, 0.3, 0.28)]
    meta = Table([row], colWidths=widths, hAlign="LEFT")
    meta.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # tables default to Helvetica, never embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LINEABOVE", (0, 0), (-1, 0), 1.4, ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
    ]))
    story.append(meta)
    if isinstance(options.marking, Marking):
        handling = f"<b>{options.marking.value}</b>: {para(options.marking.description)}"
    elif options.marking:
        handling = f"<b>Handling:</b> {para(options.marking, font=SANS)}"
    else:
        handling = "No handling marking was chosen for this brief."
    story.append(Paragraph(handling, s.handling))
    return story


def contents(layout: Layout, sections: Sequence[BriefSection]) -> list[Flowable]:
    s = layout.styles
    entries = [(f"sec-{section.value}", section.label) for section in sections]
    return [Spacer(1, 6), Paragraph("Contents", s.h1),
            ContentsList(entries, layout.book), Spacer(1, 4)]


def _citations(layout: Layout, item: BriefImplication) -> str:
    """The BLUF's supporting citations, each once, as links where there is a target."""
    found: dict[str, str | None] = {}
    for claim in item.linked(SupportRelation.SUPPORTS):
        label, target = layout.plan.citation(claim)
        if label:
            found.setdefault(label, target)
    return " ".join(f'<a href="#{target}" color="#2C5D8F">{label}</a>' if target else label
                    for label, target in found.items())


def bluf(layout: Layout) -> list[Flowable]:
    item = layout.plan.bluf
    if item is None:
        return []
    s = layout.styles
    inner: list[Flowable] = [
        Paragraph(para(item.text, 2000, font=SERIF_BOLD), s.bluf_text),
        Paragraph(estimate_markup(item), s.estimate_flush),
    ]
    cites = _citations(layout, item)
    if item.rationale.strip() or cites:
        basis = f"<b>Basis:</b> {para(item.rationale, 2000, font=SERIF)} {cites}".strip()
        inner.append(Paragraph(basis, s.rationale_flush))
    panel = Table([[inner]], colWidths=[FRAME_WIDTH])
    panel.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("LINEBEFORE", (0, 0), (0, -1), 3.2, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 12),
        ("RIGHTPADDING", (0, 0), (-1, -1), 12),
        ("TOPPADDING", (0, 0), (-1, -1), 9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
    ]))
    return [*section_heading(layout, BriefSection.BLUF), panel]


def judgements(layout: Layout) -> list[Flowable]:
    items = layout.plan.judgements
    if not items:
        return []
    story = section_heading(layout, BriefSection.JUDGEMENTS)
    annex = " (see the annex)" if layout.options.includes(BriefSection.ANNEX) else ""
    plan = layout.plan
    target = ("; the number after it points to the notes" if plan.notes_shown
              else "; the reference after it points to the sources" if plan.sources_shown
              else "")
    story.append(Paragraph(
        "Each judgement is followed by the claims that bear on it. The grade before a claim "
        "combines the reliability of its source (A–F) with the credibility of the "
        f"information (1–6){annex}{target}.", layout.styles.lead))
    for number, item in enumerate(items, start=1):
        story.append(judgement_block(layout, number, item))
    return story


def judgement_block(layout: Layout, number: int, item: BriefImplication) -> Block:
    """Heading, estimate, basis and evidence of one judgement, as a single cheap flowable."""
    pieces = [
        Piece(runs_of((plain(item.text, 2000), SERIF_BOLD, 10.4, INK)), JUDGEMENT_INDENT, 14.4,
              bullet=Run(f"{number}.", SANS_BOLD, 10.4, ACCENT), keep_with_next=True,
              space_after=1.5),
        Piece(estimate_runs(item, 8.4, NAVY), JUDGEMENT_INDENT, 11.6, space_after=1.5,
              keep_with_next=True),
    ]
    if item.rationale.strip():
        pieces.append(Piece(
            runs_of(("Basis: ", SERIF_BOLD, 8.9, MUTED), (plain(item.rationale, 2000), SERIF,
                                                           8.9, MUTED)),
            JUDGEMENT_INDENT, 12.4, space_after=1.5, keep_with_next=True))
    shown = False
    for relation, label in SHOWN_RELATIONS:
        claims = item.linked(relation)
        if not claims:
            continue
        shown = True
        pieces.append(Piece(runs_of((f"{label.upper()} ({len(claims)})", SANS_BOLD, 6.9,
                                     _GROUP_COLOURS[relation])),
                            JUDGEMENT_INDENT, 9.5, space_before=4, space_after=1.5,
                            keep_with_next=True))
        for claim in claims:
            pieces.append(Piece(claim_runs(claim, layout.plan.citation(claim)),
                                CLAIM_TEXT_INDENT, 11.0, space_after=2.2,
                                bullet=Run(claim.grade, SANS_BOLD, CLAIM_SIZE, INK),
                                bullet_indent=CLAIM_GRADE_INDENT))
    if not shown:
        pieces.append(Piece(runs_of(("No claims are linked to this judgement yet.", SANS, 7.6,
                                     MUTED)), JUDGEMENT_INDENT, 10.5, space_before=3))
    pieces[-1].space_after = max(pieces[-1].space_after, 4.0)
    outline = Outline(f"kj-{number}", f"{number}. {plain(item.text, 90)}", 1)
    return Block(pieces, outline, space_before=9)


def implication_list(layout: Layout, section: BriefSection,
                     items: Sequence[BriefImplication]) -> list[Flowable]:
    if not items:
        return []
    s = layout.styles
    story = section_heading(layout, section)
    for number, item in enumerate(items, start=1):
        has_detail = bool(item.rationale.strip() or item.likelihood or item.confidence)
        story.append(Paragraph(para(item.text, 2000, font=SERIF), s.item if has_detail else s.item_last,
                               bulletText=f"{number}."))
        details = []
        if item.likelihood or item.confidence:
            details.append(estimate_markup(item))
        if item.rationale.strip():
            details.append(para(item.rationale, 2000, font=SANS))
        if details:
            story.append(Paragraph(" ".join(details), s.item_detail))
    return story

