"""The back of the brief: endnotes, the unassessed annex, sources, entity index, and the
annex on estimative language and grades."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from db.models.vocab import Confidence, Credibility, Likelihood, Marking, Reliability
from desktop.brief.blocks import Block, Piece, text_block
from desktop.brief.data import BriefSource
from desktop.brief.fonts import SANS, SANS_BOLD, SERIF_BOLD
from desktop.brief.front import Layout, implication_list, section_heading
from desktop.brief.options import BriefSection
from desktop.brief.plan import Endnote
from desktop.brief.runs import Run, runs_of
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
from desktop.brief.wording import human_date, plural, source_line, source_summary

# Long tables are built in slices: ReportLab re-measures a table's remaining rows at
# every page break, so one table of thousands of rows costs time quadratic in its length.
TABLE_CHUNK = 40
PINPOINT_WORDS = 12


def _table(rows: list[list[Flowable]], widths: Sequence[float],
           extra: Sequence[tuple[object, ...]] = ()) -> Table:
    """A full-width table with a coloured header row that repeats on every page."""
    table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], repeatRows=1,
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SANS),  # tables default to Helvetica, never embedded
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.35, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
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
        end = " " if reference.endswith(("”", ".")) else ". "
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
    rows: list[list[Flowable]] = []

    def cell(text: str, font: str = SANS) -> Block:
        return text_block(runs_of((text, font, 8.8, INK)), 11.4)

    for entity in entities:
        where = ", ".join(f"S{numbers[uid]}" for uid in entity.source_uids if uid in numbers)
        rows.append([cell(entity.name, SANS_BOLD), cell(entity.type.label),
                     cell("; ".join(entity.aliases) or "—"), cell(where or "—")])
    for start in range(0, len(rows), TABLE_CHUNK):
        story.append(_table([head, *rows[start:start + TABLE_CHUNK]], (0.3, 0.18, 0.34, 0.18)))
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
    size = NOTE_SIZE
    for source in layout.data.sources:
        number = layout.plan.source_numbers[source.uid]
        pieces = [Piece(runs_of((source.title or "Untitled source", SANS_BOLD, size + 0.4, INK)),
                        30, NOTE_LEADING, bullet=Run(f"S{number}", SANS_BOLD, size, ACCENT),
                        keep_with_next=True, space_before=3)]
        who = plain(source_line(source).replace("&amp;", "&"))
        details: list = []  # type: ignore[type-arg]
        if who:
            details.append((who + ". ", SANS, size, MUTED))
        where = _where(source)
        if where:
            details.append((where, SANS, size, ACCENT if _is_web(where) else MUTED,
                            where if _is_web(where) else None))
            details.append((" ", SANS, size, MUTED))
        if source.accessed:
            details.append((f"Accessed {human_date(source.accessed)}. ", SANS, size, MUTED))
        grade = source.reliability
        details.append((f"Reliability {grade.value} — {grade.label}. " if grade is not None
                        else "Reliability not assessed. ", SANS_BOLD, size, INK))
        runs = runs_of(*details)
        numbers_cited = cited.get(source.uid, [])
        if numbers_cited and layout.plan.notes_shown:
            runs += runs_of((f"Cited in {'notes' if len(numbers_cited) > 1 else 'note'} ",
                             SANS, size, MUTED))
            for index, n in enumerate(numbers_cited):
                sep = ", " if index < len(numbers_cited) - 1 else "."
                runs.append(Run(str(n), SANS, size, ACCENT, f"note-{n}"))
                runs += runs_of((sep, SANS, size, MUTED))
        pieces.append(Piece(runs, 30, NOTE_LEADING, space_after=4))
        story.append(Block(pieces, anchor=f"src-{number}"))
    return story


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
        "half has not been assessed yet; it is neither F nor 6.", s.body))
    story.append(subheading("Likelihood (ICD 203 expressions of likelihood)"))
    story.append(_table(
        [head("Term", "Also expressed as", "Probability")]
        + [[cell(term.label, True), cell(term.synonym), cell(term.range_text)]
           for term in Likelihood],
        (0.35, 0.4, 0.25)))
    story.append(subheading("Confidence in a judgement"))
    story.append(_table(
        [head("Level", "What it means")]
        + [[cell(level.label.capitalize(), True), cell(para(level.description))]
           for level in Confidence],
        (0.18, 0.82)))
    reliability = _table(
        [head("Letter", "Outlet reliability")]
        + [[cell(grade.value, True), cell(grade.label)] for grade in Reliability
           if grade is not Reliability.UNASSESSED],
        (0.08, 0.4))
    credibility = _table(
        [head("Number", "Information credibility")]
        + [[cell(str(int(grade)), True), cell(grade.label)] for grade in Credibility
           if grade is not Credibility.UNASSESSED],
        (0.1, 0.38))
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
    story.append(_table(rows, (0.26, 0.74), extra))
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
