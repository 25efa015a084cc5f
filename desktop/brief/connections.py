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
from desktop.services.link_graph import Edge, LinkGraph

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
    drawing = ChartFigure(graph, FRAME_WIDTH, CHART_HEIGHT)
    shown = set(drawing.index)
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


class ChartFigure(Flowable):
    """The link chart drawn straight on the page with the brief's own embedded fonts
    (ReportLab's graphics renderer would bring in a standard Type 1 font)."""

    def __init__(self, graph: LinkGraph, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        degree: dict[str, float] = {}
        for edge in graph.edges:
            for uid in (edge.source, edge.target):
                degree[uid] = degree.get(uid, 0.0) + edge.weight
        connected = [n for n in graph.nodes if n.uid in degree]
        ranked = sorted(connected, key=lambda n: (-degree[n.uid], -n.mentions, n.name))
        self.nodes = ranked[:MAX_CHART_NODES]
        self.index = {n.uid: i for i, n in enumerate(self.nodes)}
        self.edges = [e for e in graph.edges if e.source in self.index and e.target in self.index]
        self.positions = force_layout(len(self.nodes), [
            (self.index[e.source], self.index[e.target], e.weight) for e in self.edges])

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _at(self, i: int) -> tuple[float, float]:
        legend, pad_x, pad_y = 16.0, 70.0, 16.0
        x, y = self.positions[i]
        return (pad_x + float(x) * (self.width - 2 * pad_x),
                legend + pad_y + (1 - float(y)) * (self.height - legend - 2 * pad_y))

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.HexColor("#f8f9fa"))
        c.setStrokeColor(colors.HexColor("#dee2e6"))
        c.setLineWidth(0.5)
        c.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        for edge in self.edges:
            self._draw_edge(edge)
        c.setDash([])
        for i, node in enumerate(self.nodes):
            x, y = self._at(i)
            c.setFillColor(colors.HexColor(TYPE_COLOURS.get(node.type, TYPE_COLOURS["OTHER"])))
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.8)
            c.circle(x, y, 4.5 + min(6.0, math.sqrt(node.mentions)), stroke=1, fill=1)
            c.setFillColor(INK)
            c.setFont(SANS_BOLD, 7)
            c.drawString(x + 8, y - 2.5, plain(node.name, 40))
        x = 8.0
        c.setFont(SANS, 6.5)
        for type_value in sorted({n.type for n in self.nodes}):
            c.setFillColor(colors.HexColor(TYPE_COLOURS.get(type_value, TYPE_COLOURS["OTHER"])))
            c.circle(x + 3, 8, 3, stroke=0, fill=1)
            label = _type_label(type_value)
            c.setFillColor(MUTED)
            c.drawString(x + 9, 5.5, label)
            x += 18 + 3.6 * len(label)
        c.restoreState()

    def _draw_edge(self, edge: Edge) -> None:
        c = self.canv
        (x1, y1), (x2, y2) = self._at(self.index[edge.source]), self._at(self.index[edge.target])
        relation = edge.kind == "relation"
        c.setStrokeColor(colors.HexColor("#343a40" if relation else "#adb5bd"))
        c.setLineWidth(0.5 + 2.5 * edge.weight)
        c.setDash([] if relation else [3, 2])
        c.line(x1, y1, x2, y2)
        if not relation:
            return
        c.setDash([])
        angle = math.atan2(y2 - y1, x2 - x1)
        tip_x, tip_y = x2 - 7 * math.cos(angle), y2 - 7 * math.sin(angle)
        head = c.beginPath()
        head.moveTo(tip_x, tip_y)
        for turn in (-0.45, 0.45):
            head.lineTo(tip_x - 5 * math.cos(angle + turn), tip_y - 5 * math.sin(angle + turn))
        head.close()
        c.setFillColor(colors.HexColor("#343a40"))
        c.drawPath(head, stroke=0, fill=1)
        c.setFillColor(MUTED)
        c.setFont(SANS, 6.2)
        c.drawString((x1 + x2) / 2 + 2, (y1 + y2) / 2 + 2, plain(edge.label, 40))


def _type_label(value: str) -> str:
    try:
        return EntityType(value).label
    except ValueError:
        return value
