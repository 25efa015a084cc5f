"""The front of the brief: title block, contents, bottom line, key judgements, lists,
and the analyst's own prose sections (scope note, alternative analysis, …)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from db.models.vocab import Marking, SupportRelation
from desktop.brief.blocks import Block, Outline, Panel, Piece, text_block
from desktop.brief.data import BriefData, BriefImplication
from desktop.brief.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD
from desktop.brief.options import BriefOptions, BriefSection
from desktop.brief.plan import SHOWN_RELATIONS, BriefPlan
from desktop.brief.runs import Run, runs_of
from desktop.brief.styles import (
    ACCENT,
    BODY_LEADING,
    BODY_SIZE,
    CLAIM_LEADING,
    CLAIM_SIZE,
    CONTEXT,
    CONTRADICTS,
    ESTIMATE_SIZE,
    FRAME_WIDTH,
    INK,
    JUDGEMENT_INDENT,
    JUDGEMENT_SIZE,
    LABEL_SIZE,
    MUTED,
    NAVY,
    PANEL,
    RULE,
    SUPPORTS,
    BriefStyles,
)
from desktop.brief.template import ContentsList, PageBook, SectionMark
from desktop.brief.text import para, plain
from desktop.brief.wording import claim_runs, estimate_runs, human_date, plural, source_summary

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
    preparer: str = ""  # who prepared it, as printed

    @property
    def number_indent(self) -> float:
        """Room for the widest judgement number ("123."), so numbers never touch text."""
        widest = f"{max(len(self.plan.judgements), 1)}."
        return max(JUDGEMENT_INDENT, stringWidth(widest, SANS_BOLD, JUDGEMENT_SIZE) + 9)

    def outlet(self, source_uid: str | None) -> str:
        found = self.plan.sources_by_uid.get(source_uid or "")
        return plain(found.outlet, 120) if found is not None else ""


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


def _runs(text: str, font: str, size: float, colour: object = INK) -> list[Run]:
    return runs_of((text, font, size, colour))  # type: ignore[arg-type]


def title_block(layout: Layout) -> list[Flowable]:
    s, options = layout.styles, layout.options
    title = text_block(_runs(options.title, SANS_BOLD, 21, NAVY), 26, space_after=6)
    story: list[Flowable] = [Paragraph("ANALYTIC BRIEF", s.kicker), title]
    if options.subtitle:
        story.append(text_block(_runs(options.subtitle, SERIF, 12, MUTED), 16, space_after=12))
    else:
        story.append(Spacer(1, 8))
    cells = [
        ("Date", human_date(layout.date)),
        ("Prepared by", layout.preparer or "—"),
        ("Project", layout.data.project_name or "—"),
        ("Handling", options.marking_text or "—"),
    ]
    # Each cell holds its label then its value, so a screen reader (and a copy of the
    # page) reads "Date 3 March 2026", not four labels and then four values.
    row = [[Paragraph(label.upper(), s.meta_label),
            text_block(_runs(value, SANS_BOLD, 9.4), 12.4)] for label, value in cells]
    widths = [FRAME_WIDTH * w for w in (0.22, 0.22, 0.3, 0.26)]
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
    return [Spacer(1, 2), Paragraph("Contents", s.h1),
            ContentsList(entries, layout.book), Spacer(1, 2)]


def bluf(layout: Layout) -> list[Flowable]:
    """The bottom line in a tinted panel that may run over a page break."""
    item = layout.plan.bluf
    if item is None:
        return []
    pad = 12
    pieces = [Piece(_runs(item.text, SERIF_BOLD, 12.5, NAVY), pad, 17.2, space_after=4,
                    right_indent=pad)]
    if item.likelihood is not None or item.confidence is not None:
        pieces.append(Piece(estimate_runs(item, ESTIMATE_SIZE, NAVY), pad, 13.4,
                            space_after=3, right_indent=pad))
    cites: list[Run] = []
    for claim in item.linked(SupportRelation.SUPPORTS):
        label, target = layout.plan.citation(claim)
        if label and not any(r.text == " " + label for r in cites):
            cites.append(Run(" " + label, SANS, ESTIMATE_SIZE, ACCENT, target,
                             layout.plan.citation_anchor(claim)))
    if item.rationale.strip() or cites:
        basis = runs_of(("Basis: ", SERIF_BOLD, BODY_SIZE - 0.5, INK),
                        (item.rationale, SERIF, BODY_SIZE - 0.5, INK)) + cites
        pieces.append(Piece(basis, pad, BODY_LEADING - 0.6, right_indent=pad))
    panel = Panel(PANEL, ACCENT)
    return [*section_heading(layout, BriefSection.BLUF), Block(pieces, panel=panel)]


def judgements(layout: Layout) -> list[Flowable]:
    items = layout.plan.judgements
    if not items:
        return []
    story = section_heading(layout, BriefSection.JUDGEMENTS)
    annex = " (see the annex)" if layout.options.includes(BriefSection.ANNEX) else ""
    cited = {note.source_uid for note in layout.plan.notes}
    summary = source_summary(layout.data.sources, cited, len(layout.plan.notes))
    story.append(Paragraph(
        f"{plural(len(items), 'judgement')}, most important first, each followed by the "
        "claims that bear on it. A claim's grade combines the reliability of the outlet "
        f"that reported it (A–F) with the credibility of the information (1–6){annex}; the "
        f"number in brackets is its note. {para(summary)}", layout.styles.lead))
    for number, item in enumerate(items, start=1):
        story.append(judgement_block(layout, number, item))
    return story


def judgement_block(layout: Layout, number: int, item: BriefImplication) -> Block:
    """Heading, estimate, basis and evidence of one judgement, as a single cheap flowable."""
    indent = layout.number_indent
    text_indent = indent + 28  # after the grade ("B3")
    pieces = [
        Piece(_runs(item.text, SERIF_BOLD, JUDGEMENT_SIZE, INK), indent, 15.6,
              bullet=Run(f"{number}.", SANS_BOLD, JUDGEMENT_SIZE, ACCENT), keep_with_next=True,
              space_after=2),
        Piece(estimate_runs(item, ESTIMATE_SIZE, NAVY), indent, 13.4, space_after=2,
              keep_with_next=True),
    ]
    if item.rationale.strip():
        pieces.append(Piece(
            runs_of(("Basis: ", SERIF_BOLD, BODY_SIZE, INK), (item.rationale, SERIF, BODY_SIZE,
                                                             INK)),
            indent, BODY_LEADING, space_after=2, keep_with_next=True))
    shown = False
    for relation, label in SHOWN_RELATIONS:
        claims = item.linked(relation)
        if not claims:
            continue
        shown = True
        pieces.append(Piece(_runs(f"{label.upper()} ({len(claims)})", SANS_BOLD, LABEL_SIZE,
                                  _GROUP_COLOURS[relation]),
                            indent, 11.0, space_before=5, space_after=2, keep_with_next=True))
        for claim in claims:
            runs = claim_runs(claim, layout.plan.citation(claim),
                              layout.plan.citation_anchor(claim), layout.outlet(claim.source_uid))
            pieces.append(Piece(runs, text_indent, CLAIM_LEADING, space_after=3,
                                bullet=Run(claim.grade, SANS_BOLD, CLAIM_SIZE, INK),
                                bullet_indent=indent))
    if not shown:
        pieces.append(Piece(_runs("No claims are linked to this judgement yet.", SANS,
                                  CLAIM_SIZE, MUTED), indent, CLAIM_LEADING, space_before=3))
    pieces[-1].space_after = max(pieces[-1].space_after, 5.0)
    outline = Outline(f"kj-{number}", f"{number}. {plain(item.text, 90)}", 1)
    return Block(pieces, outline, space_before=10)


def prose(layout: Layout, section: BriefSection) -> list[Flowable]:
    """One of the analyst's own sections (scope note, what changed, …), paragraph by paragraph."""
    text = layout.options.text_for(section)
    paragraphs = [p for p in text.split("\n\n") if p.strip()] if text else []
    if not paragraphs:
        return []
    story = section_heading(layout, section)
    for paragraph in paragraphs:
        block = text_block(_runs(paragraph, SERIF, BODY_SIZE), BODY_LEADING, space_after=6)
        story.append(block)
    return story


def implication_list(layout: Layout, section: BriefSection,
                     items: Sequence[BriefImplication], *, note: str = "") -> list[Flowable]:
    if not items:
        return []
    story = section_heading(layout, section)
    if note:
        story.append(Paragraph(para(note), layout.styles.lead))
    for number, item in enumerate(items, start=1):
        pieces = [Piece(_runs(item.text, SERIF, BODY_SIZE), JUDGEMENT_INDENT, BODY_LEADING,
                        bullet=Run(f"{number}.", SANS_BOLD, BODY_SIZE, ACCENT), space_after=2)]
        if item.likelihood or item.confidence:
            pieces.append(Piece(estimate_runs(item, ESTIMATE_SIZE - 0.5, MUTED),
                                JUDGEMENT_INDENT, 12.4, space_after=2))
        if item.rationale.strip():
            pieces.append(Piece(_runs(item.rationale, SANS, ESTIMATE_SIZE - 0.5, MUTED),
                                JUDGEMENT_INDENT, 12.4))
        pieces[-1].space_after = 6
        story.append(Block(pieces))
    return story
