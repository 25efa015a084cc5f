"""The brief's Chronology (events in time order) and its Link chart figure.

Both read what ``data.read_connections`` loaded into ``BriefData``. The chronology
prints each event's date as the analyst recorded it — "c." for a rough date, a
range as a range — and says where reports of one event disagree on the date. The
link chart is drawn with ReportLab graphics from the same deterministic layout the
window uses, so the same project gives the same figure (and the same PDF bytes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from db.models.vocab import EntityType
from desktop.brief.back import TABLE_CHUNK, _table
from desktop.brief.blocks import text_block
from desktop.brief.fonts import SANS, SANS_BOLD
from desktop.brief.front import Layout, section_heading
from desktop.brief.options import BriefSection
from desktop.brief.runs import runs_of
from desktop.brief.styles import FRAME_WIDTH, INK, MUTED
from desktop.brief.text import para, plain
from desktop.brief.wording import plural
from desktop.services.chronology import DatedEvent
from desktop.services.graph_layout import force_layout
from desktop.services.link_graph import LinkGraph

# Entity colours for print: the window's hues, a little deeper so they hold on paper.
TYPE_COLOURS = {
    "PERSON": "#f59f00", "ORGANIZATION": "#37b24d", "GPE": "#1c7ed6", "LOCATION": "#1098ad",
    "FACILITY": "#7048e8", "EQUIPMENT": "#e03131", "EVENT": "#d6336c", "AGREEMENT": "#f08c00",
    "OTHER": "#868e96",
}
CHART_HEIGHT = 340.0
MAX_CHART_NODES = 60  # a printed chart of more is unreadable: the best connected are drawn


def _cell(text: str, font: str = SANS, colour: object = INK) -> Flowable:
    return text_block(runs_of((text, font, 8.6, colour)), 11.2)


def chronology(layout: Layout) -> list[Flowable]:
    events: Sequence[DatedEvent] = layout.data.events
    if not events:
        return []
    numbers = layout.plan.source_numbers
    story = section_heading(layout, BriefSection.CHRONOLOGY, before_table=True)
    disputed = sum(1 for e in events if e.disputed_by)
    lead = (f"{plural(len(events), 'event', 'events')} recorded from the sources, in time "
            "order. “c.” marks a date the source gives only roughly.")
    if disputed:
        lead += (f" {plural(disputed, 'report gives', 'reports give')} a date that another "
                 "report of the same event contradicts; both are shown.")
    story.append(Paragraph(para(lead), layout.styles.lead))
    head = [Paragraph(h, layout.styles.cell_head)
            for h in ("When", "What happened", "Where / who", "Source")]
    rows = []
    for event in events:
        row = event.row
        when = row.when if row.date_start else "undated"
        if event.disputed_by:
            when += " (dates disagree)"
        who = "; ".join(p for p in ([row.place_name] if row.place_name else [])
                        + [", ".join(row.participants)] if p)
        source = f"S{numbers[row.source_uid]}" if row.source_uid in numbers else "—"
        rows.append([_cell(plain(when, 60), SANS_BOLD,
                           colors.HexColor("#c92a2a") if event.disputed_by else INK),
                     _cell(plain(row.title, 400)), _cell(plain(who, 200) or "—"),
                     _cell(source)])
    for start in range(0, len(rows), TABLE_CHUNK):
        story.append(_table([head, *rows[start:start + TABLE_CHUNK]], (0.2, 0.46, 0.24, 0.1)))
    return story


def link_chart(layout: Layout) -> list[Flowable]:
    graph: LinkGraph | None = layout.data.graph
    if graph is None or not any(e.kind == "relation" for e in graph.edges):
        return []
    drawing, shown = chart_drawing(graph, FRAME_WIDTH, CHART_HEIGHT)
    relations = sum(1 for e in graph.edges if e.kind == "relation"
                    and e.source in shown and e.target in shown)
    caption = (f"Figure 1. {plural(len(shown), 'entity', 'entities')} and "
               f"{plural(relations, 'relation', 'relations')}. Arrows are relations, labelled "
               "with their type; dashed lines join entities named in the same claim. Line "
               "width is the grade of the claim behind the link (thin: ungraded or weak).")
    if len(shown) < len(graph.nodes):
        caption += (f" The {len(shown)} best-connected of {len(graph.nodes)} entities are "
                    "drawn; the full chart is in the project (View ▸ Link chart).")
    # The figure and its caption stay on one page (a page break first if they would not fit).
    story = [CondPageBreak(CHART_HEIGHT + 110), *section_heading(layout, BriefSection.LINK_CHART)]
    # The lead style keeps with what follows (a table); a caption belongs to its figure.
    caption_style = ParagraphStyle("caption", parent=layout.styles.lead, keepWithNext=0)
    story += [drawing, Spacer(1, 4), Paragraph(para(caption), caption_style)]
    return story


def chart_drawing(graph: LinkGraph, width: float, height: float) -> tuple[Drawing, set[str]]:
    """The chart as a ReportLab drawing, and the uids of the entities drawn."""
    degree: dict[str, float] = {}
    for edge in graph.edges:
        for uid in (edge.source, edge.target):
            degree[uid] = degree.get(uid, 0.0) + edge.weight
    connected = [n for n in graph.nodes if n.uid in degree]
    ranked = sorted(connected, key=lambda n: (-degree[n.uid], -n.mentions, n.name))
    nodes = ranked[:MAX_CHART_NODES]
    index = {n.uid: i for i, n in enumerate(nodes)}
    edges = [e for e in graph.edges if e.source in index and e.target in index]
    positions = force_layout(len(nodes), [(index[e.source], index[e.target], e.weight)
                                          for e in edges])
    legend_height = 16.0
    pad_x, pad_y = 70.0, 16.0
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=colors.HexColor("#f8f9fa"),
                     strokeColor=colors.HexColor("#dee2e6"), strokeWidth=0.5))

    def at(i: int) -> tuple[float, float]:
        x, y = positions[i]
        return (pad_x + float(x) * (width - 2 * pad_x),
                legend_height + pad_y + (1 - float(y)) * (height - legend_height - 2 * pad_y))

    for edge in edges:
        (x1, y1), (x2, y2) = at(index[edge.source]), at(index[edge.target])
        relation = edge.kind == "relation"
        line = Line(x1, y1, x2, y2, strokeColor=colors.HexColor("#343a40" if relation
                                                                 else "#adb5bd"),
                    strokeWidth=0.5 + 2.5 * edge.weight)
        if not relation:
            line.strokeDashArray = [3, 2]
        drawing.add(line)
        if relation:
            drawing.add(_arrow(x1, y1, x2, y2))
            drawing.add(String((x1 + x2) / 2 + 2, (y1 + y2) / 2 + 2, edge.label,
                               fontName=SANS, fontSize=6.2, fillColor=MUTED))
    for i, node in enumerate(nodes):
        x, y = at(i)
        colour = colors.HexColor(TYPE_COLOURS.get(node.type, TYPE_COLOURS["OTHER"]))
        drawing.add(Circle(x, y, 4.5 + min(6.0, math.sqrt(node.mentions)), fillColor=colour,
                           strokeColor=colors.white, strokeWidth=0.8))
        drawing.add(String(x + 8, y - 2.5, plain(node.name, 40), fontName=SANS_BOLD,
                           fontSize=7, fillColor=INK))
    x = 8.0
    for type_value in sorted({n.type for n in nodes}):
        colour = colors.HexColor(TYPE_COLOURS.get(type_value, TYPE_COLOURS["OTHER"]))
        drawing.add(Circle(x + 3, 8, 3, fillColor=colour, strokeColor=None))
        label = _type_label(type_value)
        drawing.add(String(x + 9, 5.5, label, fontName=SANS, fontSize=6.5, fillColor=MUTED))
        x += 18 + 3.6 * len(label)
    return drawing, {n.uid for n in nodes}


def _arrow(x1: float, y1: float, x2: float, y2: float) -> Polygon:
    angle = math.atan2(y2 - y1, x2 - x1)
    tip_x, tip_y = x2 - 7 * math.cos(angle), y2 - 7 * math.sin(angle)
    size = 5.0
    return Polygon([tip_x, tip_y,
                    tip_x - size * math.cos(angle - 0.45), tip_y - size * math.sin(angle - 0.45),
                    tip_x - size * math.cos(angle + 0.45), tip_y - size * math.sin(angle + 0.45)],
                   fillColor=colors.HexColor("#343a40"), strokeColor=None)


def _type_label(value: str) -> str:
    try:
        return EntityType(value).label
    except ValueError:
        return value
