"""The back of the brief: endnotes, the unassessed annex, sources, entity index, and the
annex on estimative language and grades."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from db.models.vocab import Confidence, Credibility, Likelihood, Marking, Reliability
from desktop.brief.blocks import Block, Piece, text_block
from desktop.brief.data import BriefSource
from desktop.brief.fonts import SANS, SANS_BOLD, SERIF_BOLD, covered
from desktop.brief.front import Layout, implication_list, section_heading
from desktop.brief.options import BriefSection
from desktop.brief.plan import Endnote
from desktop.brief.runs import Run, runs_of
from desktop.brief.shaping import has_rtl
from desktop.brief.styles import (
    ACCENT,
    FRAME_WIDTH,
    INK,
    MUTED,
    NAVY,
    NOTE_LEADING,
    NOTE_SIZE,
    RULE,
    STRIPE,
)
from desktop.brief.text import para, plain
from desktop.brief.wording import human_date, plural, source_summary, source_who

# Long tables are built in slices: ReportLab re-measures a table's remaining rows at
# every page break, so one table of thousands of rows costs time quadratic in its length.
TABLE_CHUNK = 40
INDEX_SIZE = 8.8
PINPOINT_WORDS = 12


def _table(rows: Sequence[Sequence[Flowable | str]], widths: Sequence[float],
           extra: Sequence[tuple[object, ...]] = (), *, pad: float = 3.5) -> Table:
    """A full-width table with a coloured header row that repeats on every page."""
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # tables default to Helvetica, never embedded
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 0.5),
        *extra,
    ]))
    return table


def pinpoint(note: Endnote) -> str:
    """Where in the source: the page of a PDF, otherwise the opening words of the passage."""
    if note.page is not None:
        return f"p. {note.page}"
    words = plain(note.claim.quote).split()
    if not words:
        return ""
    opening = " ".join(words[:PINPOINT_WORDS])
    return f"at “{opening}{'…' if len(words) > PINPOINT_WORDS else ''}”"


def _reference(source: BriefSource) -> str:
    """Author, “Title”, publisher, date — the parts a reader needs to find the source."""
    parts = [source.author.strip()] if source.author.strip() else []
    parts.append(f"“{source.title.strip() or 'Untitled source'}”")
    if source.publisher.strip() and source.publisher.strip() != source.author.strip():
        parts.append(source.publisher.strip())
    if source.published_at.strip():
        parts.append(human_date(source.published_at))
    return ", ".join(parts)


def _where(source: BriefSource) -> str:
    return source.url.strip() or source.original_filename.strip()


def notes(layout: Layout) -> list[Flowable]:
    """One note per cited claim: full reference, pinpoint, address and access date; the
    number links back to where the claim is cited, "S3" on to the source entry."""
    plan = layout.plan
    if not plan.notes or not plan.notes_shown:
        return []
    story = section_heading(layout, BriefSection.NOTES)
    sources_shown = plan.sources_shown
    size, leading = NOTE_SIZE, NOTE_LEADING
    pieces = []
    for note in plan.notes:
        where = pinpoint(note)
        parts: list[tuple[str, str, float, object] | tuple[str, str, float, object, str | None]]
        reference = _reference(note.source) + (f", {where}" if where else "")
        end = " " if reference.endswith(".") else ". "
        parts = [(reference + end, SANS, size, INK)]
        url = note.source.url.strip()
        if url:
            parts.append((url, SANS, size, ACCENT, url if _is_web(url) else None))
            parts.append((" ", SANS, size, INK))
        elif note.source.original_filename.strip():
            parts.append((f"File {note.source.original_filename.strip()}. ", SANS, size, INK))
        if note.source.accessed:
            parts.append((f"(accessed {human_date(note.source.accessed)}) ", SANS, size, MUTED))
        label = f"S{note.source_number}"
        parts.append((label, SANS_BOLD, size, ACCENT, f"src-{note.source_number}"
                      if sources_shown else None))
        runs = runs_of(*parts)  # type: ignore[arg-type]
        runs[0] = Run(runs[0].text, runs[0].font, runs[0].size, runs[0].colour, runs[0].link,
                      f"note-{note.number}")
        pieces.append(Piece(runs, 30, leading, space_after=3,
                            bullet=Run(f"{note.number}.", SANS_BOLD, size, ACCENT,
                                       f"cite-{note.number}")))
    story.append(Block(pieces))
    return story


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def unassessed(layout: Layout) -> list[Flowable]:
    """Statements kept as judgements but never assessed: printed apart, never as judgements."""
    return implication_list(
        layout, BriefSection.UNASSESSED, layout.plan.unassessed,
        note="These statements were saved as judgements but have no likelihood or no "
        "confidence set. They are not the analyst's judgements and carry no estimate; many "
        "were proposed by the assist engine from source sentences.")


# A table row cannot run over a page, so index cells are bounded; what is left out is
# said in the cell ("excerpt; full text in the project"), never cut silently.
MAX_INDEX_NAME = 300
MAX_INDEX_CELL = 900


def excerpt(text: str, limit: int) -> str:
    text = plain(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit].rstrip()}… (excerpt; full text in the project)"


def _aliases(aliases: Sequence[str]) -> str:
    shown: list[str] = []
    used = 0
    for alias in aliases:
        alias = plain(alias)
        if used + len(alias) > MAX_INDEX_CELL and shown:
            rest = len(aliases) - len(shown)
            return "; ".join(shown) + f"; and {rest} more (full list in the project)"
        shown.append(excerpt(alias, MAX_INDEX_NAME))
        used += len(alias) + 2
    return "; ".join(shown)


def entity_index(layout: Layout) -> list[Flowable]:
    entities = layout.data.entities
    if not entities:
        return []
    s = layout.styles
    numbers = layout.plan.source_numbers
    head = [Paragraph(h, s.cell_head) for h in ("Name", "Type", "Also known as", "Mentioned in")]
    story = section_heading(layout, BriefSection.ENTITIES, before_table=True)
    total = layout.data.entity_total
    if total > len(entities):
        story.append(Paragraph(
            f"The project has {plural(total, 'entity', 'entities')} in the chosen sources; the "
            f"{len(entities):,} mentioned in the most sources are listed here. The full index "
            "is in the project (Entities table).", s.lead))
    rows: list[list[Flowable | str]] = []
    widths = (0.3, 0.18, 0.34, 0.18)

    def cell(text: str, column: int, font: str = SANS) -> Flowable | str:
        # Plain strings cost ReportLab almost nothing to lay out; text that needs wrapping,
        # shaping or a fallback face gets a block.
        room = FRAME_WIDTH * widths[column] - 10
        if (set(text) <= covered(font) and not has_rtl(text)
                and stringWidth(text, font, INDEX_SIZE) <= room):
            return text
        return text_block(runs_of((text, font, INDEX_SIZE, INK)), 11.4)

    for entity in entities:
        where = ", ".join(f"S{numbers[uid]}" for uid in entity.source_uids if uid in numbers)
        rows.append([cell(excerpt(entity.name, MAX_INDEX_NAME), 0, SANS_BOLD),
                     cell(entity.type.label, 1), cell(_aliases(entity.aliases) or "—", 2),
                     cell(excerpt(where, MAX_INDEX_CELL) or "—", 3)])
    text_style = [("FONTSIZE", (0, 1), (-1, -1), INDEX_SIZE), ("LEADING", (0, 1), (-1, -1), 11.4),
                  ("FONTNAME", (0, 1), (0, -1), SANS_BOLD), ("TEXTCOLOR", (0, 1), (-1, -1), INK)]
    for start in range(0, len(rows), TABLE_CHUNK):
        story.append(_table([head, *rows[start:start + TABLE_CHUNK]], widths, text_style))
    return story


def sources(layout: Layout) -> list[Flowable]:
    if not layout.data.sources:
        return []
    s = layout.styles
    cited: dict[str, list[int]] = defaultdict(list)
    for note in layout.plan.notes:
        cited[note.source.uid].append(note.number)
    story = section_heading(layout, BriefSection.SOURCES)
    story.append(Paragraph(para(source_summary(layout.data.sources, set(cited),
                                               len(layout.plan.notes))), s.lead))
    story.append(Spacer(1, 4))
    listed = [src for src in layout.data.sources if src.uid in cited]
    uncited = [src for src in layout.data.sources if src.uid not in cited]
    if len(uncited) <= MAX_UNCITED_LISTED:
        listed = list(layout.data.sources)
    for source in listed:
        story.append(_source_entry(layout, source, cited.get(source.uid, [])))
    if len(listed) < len(layout.data.sources):
        story.append(Paragraph(para(
            f"{plural(len(uncited), 'further source')} chosen for this brief "
            f"{'is' if len(uncited) == 1 else 'are'} not cited in it and "
            f"{'is' if len(uncited) == 1 else 'are'} not listed here (see the Sources list "
            "in the project)."), s.lead))
    return story


# A brief lists every source it cites; sources it does not cite are listed too unless
# there are so many that the list would be longer than the brief.
MAX_UNCITED_LISTED = 40


def _source_entry(layout: Layout, source: BriefSource, numbers_cited: list[int]) -> Block:
    size = NOTE_SIZE
    number = layout.plan.source_numbers[source.uid]
    pieces = [Piece(runs_of((source.title or "Untitled source", SANS_BOLD, size + 0.4, INK)),
                    30, NOTE_LEADING, bullet=Run(f"S{number}", SANS_BOLD, size, ACCENT),
                    keep_with_next=True, space_before=3)]
    who = source_who(source)
    details: list = []  # type: ignore[type-arg]
    if who:
        details.append((who + ". ", SANS, size, MUTED))
    where = _where(source)
    if where:
        if _is_web(where):
            details.append((where, SANS, size, ACCENT, where))
            details.append((" ", SANS, size, MUTED))
        else:
            details.append((f"File {where}. ", SANS, size, MUTED))
    if source.accessed:
        details.append((f"Accessed {human_date(source.accessed)}. ", SANS, size, MUTED))
    grade = source.reliability
    details.append((f"Reliability {grade.value} — {grade.label}. " if grade is not None
                    else "Reliability not assessed. ", SANS_BOLD, size, INK))
    runs = runs_of(*details)
    if numbers_cited and layout.plan.notes_shown:
        # Plain numbers: each note already links here and back to its citation, and a
        # link annotation per number costs as much as the text in a large brief.
        noted = ", ".join(str(n) for n in numbers_cited)
        runs += runs_of((f"Cited in {'notes' if len(numbers_cited) > 1 else 'note'} {noted}.",
                         SANS, size, MUTED))
    pieces.append(Piece(runs, 30, NOTE_LEADING, space_after=4))
    return Block(pieces, anchor=f"src-{number}")


def annex(layout: Layout) -> list[Flowable]:
    s = layout.styles

    def cell(text: str, bold: bool = False) -> Paragraph:
        return Paragraph(text, s.cell_bold if bold else s.cell)

    def head(*labels: str) -> list[Flowable]:
        return [Paragraph(label, s.cell_head) for label in labels]

    def subheading(text: str) -> Paragraph:
        return Paragraph(text, s.annex_heading)

    story = section_heading(layout, BriefSection.ANNEX)
    story.append(Paragraph(
        "Judgements state how likely something is and, separately, how much confidence the "
        "analyst has in the judgement. Claims carry a two-character Admiralty grade: a letter "
        "for the reliability of the outlet that reported them and a number for the "
        "credibility of the information, so <b>B2</b> is a usually reliable outlet reporting "
        "information that is probably true. A question mark in a grade (<b>B?</b>) means that "
        "half has not been assessed yet; it is neither F nor 6.", s.lead))
    story.append(subheading("Likelihood (ICD 203 expressions of likelihood)"))
    story.append(_table(
        [head("Term", "Also expressed as", "Probability")]
        + [[cell(term.label, True), cell(term.synonym), cell(term.range_text)]
           for term in Likelihood],
        (0.35, 0.4, 0.25), pad=2.2))
    story.append(subheading("Confidence in a judgement"))
    story.append(_table(
        [head("Level", "What it means")]
        + [[cell(level.label.capitalize(), True), cell(para(level.description))]
           for level in Confidence],
        (0.18, 0.82), pad=2.2))
    reliability = _table(
        [head("Letter", "Outlet reliability")]
        + [[cell(grade.value, True), cell(grade.label)] for grade in Reliability
           if grade is not Reliability.UNASSESSED],
        (0.08, 0.4), pad=2.2)
    credibility = _table(
        [head("Number", "Information credibility")]
        + [[cell(str(int(grade)), True), cell(grade.label)] for grade in Credibility
           if grade is not Credibility.UNASSESSED],
        (0.1, 0.38), pad=2.2)
    story.append(subheading("Admiralty grades"))
    pair = Table([[reliability, credibility]], colWidths=[FRAME_WIDTH * 0.5] * 2,
                 hAlign="LEFT")
    pair.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
    ]))
    story.append(pair)
    story.append(subheading("Handling (FIRST Traffic Light Protocol 2.0)"))
    rows: list[list[Flowable]] = [head("Label", "Definition (FIRST)")]
    extra: list[tuple[object, ...]] = []
    for index, label in enumerate(Marking, start=1):
        rows.append([
            Paragraph(f'<font color="{label.colour}">{label.value}</font>', s.cell_bold),
            cell(para(label.description)),
        ])
        extra.append(("BACKGROUND", (0, index), (0, index), colors.black))
    story.append(_table(rows, (0.26, 0.74), extra, pad=2.2))
    if not isinstance(layout.options.marking, Marking) and layout.options.marking:
        story.append(Spacer(1, 4))
        story.append(Paragraph(
            f"This brief carries its own handling marking: <b>{para(layout.options.marking, font=SERIF_BOLD)}"
            "</b>.", s.body))
    return story


def document_subject(layout: Layout) -> str:
    """The PDF subject line: how many judgements and sources the brief rests on."""
    plan = layout.plan
    return plain(f"{plural(len(plan.judgements), 'key judgement')} from "
                 f"{plural(len(layout.data.sources), 'source')}; {layout.data.project_name}", 300)
