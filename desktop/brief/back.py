"""The back of the brief: endnotes, entity index, sources and the annex on language and grades."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from db.models.vocab import Confidence, Credibility, Likelihood, Marking, Reliability
from desktop.brief.fonts import SANS, SANS_BOLD, SERIF_BOLD
from desktop.brief.front import Layout, section_heading
from desktop.brief.options import BriefSection
from desktop.brief.styles import FRAME_WIDTH, NAVY, RULE, STRIPE
from desktop.brief.text import para, plain
from desktop.brief.wording import short_source_line, source_line


def _table(rows: list[list[Flowable]], widths: Sequence[float],
           extra: Sequence[tuple[object, ...]] = ()) -> Table:
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
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        *extra,
    ]))
    return table


def notes(layout: Layout) -> list[Flowable]:
    if not layout.plan.notes:
        return []
    s = layout.styles
    story = section_heading(layout, BriefSection.NOTES)
    show_sources = layout.options.includes(BriefSection.SOURCES)
    for note in layout.plan.notes:
        ref = f"S{note.source_number}"
        if show_sources:
            ref = f'<a href="#src-{note.source_number}" color="#2C5D8F">{ref}</a>'
        where = short_source_line(note.source) if show_sources else source_line(note.source)
        title = f"“{para(note.source.title, 160 if show_sources else 300, font=SANS)}”"
        text = f"{ref} · {where + ', ' if where and where != title else ''}{title}"
        if note.page is not None:
            text += f", p. {note.page}"
        story.append(Paragraph(f'<a name="note-{note.number}"/>{text}.', s.note,
                               bulletText=str(note.number)))
    return story


def entity_index(layout: Layout) -> list[Flowable]:
    entities = layout.data.entities
    if not entities:
        return []
    s = layout.styles
    numbers = layout.plan.source_numbers
    rows: list[list[Flowable]] = [[Paragraph(h, s.cell_head) for h in
                                   ("Name", "Type", "Also known as", "Mentioned in")]]
    for entity in entities:
        where = ", ".join(f"S{numbers[uid]}" for uid in entity.source_uids if uid in numbers)
        rows.append([
            Paragraph(para(entity.name, 300, font=SANS_BOLD), s.cell_bold),
            Paragraph(entity.type.label, s.cell),
            Paragraph(para("; ".join(entity.aliases), 600, font=SANS) or "—", s.cell),
            Paragraph(where or "—", s.cell),
        ])
    return [*section_heading(layout, BriefSection.ENTITIES, before_table=True),
            _table(rows, (0.3, 0.2, 0.33, 0.17))]


def sources(layout: Layout) -> list[Flowable]:
    if not layout.data.sources:
        return []
    s = layout.styles
    cited: dict[str, list[int]] = defaultdict(list)
    for note in layout.plan.notes:
        cited[note.source.uid].append(note.number)
    story = section_heading(layout, BriefSection.SOURCES)
    for source in layout.data.sources:
        number = layout.plan.source_numbers[source.uid]
        title = f'<a name="src-{number}"/>{para(source.title, 400, font=SANS_BOLD) or "Untitled source"}'
        story.append(Paragraph(title, s.source, bulletText=f"S{number}"))
        lines = []
        who = source_line(source)
        if who:
            lines.append(who)
        where = source.url.strip() or source.original_filename.strip()
        if where:
            lines.append(para(where, 400, font=SANS))
        grade = source.reliability
        lines.append(f"<b>Reliability {grade.code}</b> — {grade.label}")
        if cited.get(source.uid) and layout.plan.notes_shown:
            noted = ", ".join(str(n) for n in cited[source.uid])
            lines.append(f"Cited in note{'s' if len(cited[source.uid]) > 1 else ''} {noted}")
        story.append(Paragraph("<br/>".join(lines), s.source_detail))
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
        "for the reliability of the source and a number for the credibility of the "
        "information, so <b>B2</b> is a usually reliable source reporting information that "
        "is probably true.", s.body))
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
        [head("Letter", "Source reliability")]
        + [[cell(grade.code, True), cell(grade.label)] for grade in Reliability],
        (0.08, 0.4))
    credibility = _table(
        [head("Number", "Information credibility")]
        + [[cell(grade.code, True), cell(grade.label)] for grade in Credibility],
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
    story.append(subheading("Handling (Traffic Light Protocol 2.0)"))
    rows: list[list[Flowable]] = [head("Label", "Who may receive it")]
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
    return plain(f"{len(plan.judgements)} key judgements from {len(layout.data.sources)} "
                 f"sources; {layout.data.project_name}", 300)
