"""The Timeline: events on a time axis, one lane per entity or source, with zoom and filter.

A day-precise event is a diamond; a range, a month or a year is a bar over the days
it may mean, so "March 2026" is never drawn as if it were 1 March. A rough date
("c.") is drawn dashed. Reports of one event that disagree on its date are drawn in
red and joined by a red dashed line, with the reason in the tooltip. Clicking an
event emits ``event_activated`` so the window can reveal the text that reports it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, timedelta

import shiboken6
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.chronology import DatedEvent

ROW_HEIGHT = 24.0  # one row of a lane; events that would overlap stack into more rows
LANE_PAD = 10.0
LABEL_WIDTH = 190.0
AXIS_HEIGHT = 36.0
MIN_PX_PER_DAY, MAX_PX_PER_DAY = 0.02, 80.0
EVENT_COLOUR = QColor("#1c7ed6")
DISPUTED_COLOUR = QColor("#e03131")
UNDATED_LANE = "(no date)"
NO_GROUP = "(none)"
UID_KEY = 0  # QGraphicsItem.data key holding the event uid


class GroupBy:
    ENTITY = "entity"
    SOURCE = "source"
    NONE = "none"


def lanes_for(event: DatedEvent, group_by: str) -> list[str]:
    """The lanes an event appears in: each participant (and its place), or its source."""
    row = event.row
    if group_by == GroupBy.ENTITY:
        names = list(dict.fromkeys([*row.participants, *([row.place_name] if row.place_name
                                                            else [])]))
        return names or [NO_GROUP]
    if group_by == GroupBy.SOURCE:
        return [row.source_title or NO_GROUP]
    return ["Events"]


def matches(event: DatedEvent, text: str) -> bool:
    """The table filter's rule: every word appears somewhere in what the row shows."""
    row = event.row
    haystack = " ".join([row.title, row.when, row.place_name, row.source_title,
                         row.date_text, *row.participants]).casefold()
    return all(word in haystack for word in text.casefold().split())


class TimelineScene(QGraphicsScene):
    """Draws a list of dated events; ``px_per_day`` is the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.px_per_day = 6.0
        self.origin: date | None = None
        self.items_by_uid: dict[str, list[QGraphicsItem]] = {}
        self.lane_names: list[str] = []
        self._disputes: dict[str, tuple[str, ...]] = {}
        self.lane_labels: list[QGraphicsItem] = []

    def x_of(self, day: date) -> float:
        assert self.origin is not None
        return LABEL_WIDTH + (day - self.origin).days * self.px_per_day

    def draw(self, events: Sequence[DatedEvent], group_by: str) -> None:
        self.lane_labels = []  # before clear(): a scroll during it must not touch old items
        self.items_by_uid = {}
        self.clear()
        dated = [e for e in events if e.first is not None and e.last is not None]
        if dated:
            first = min(e.first for e in dated if e.first is not None)
            self.origin = first - timedelta(days=max(2, int(40 / self.px_per_day)))
            end = max(e.last for e in dated if e.last is not None) + timedelta(
                days=max(2, int(200 / self.px_per_day)))
        else:
            self.origin = date.today()
            end = self.origin + timedelta(days=30)
        lanes: dict[str, list[DatedEvent]] = {}
        for event in events:
            names = lanes_for(event, group_by) if event.first is not None else [UNDATED_LANE]
            for name in names:
                lanes.setdefault(name, []).append(event)
        order = sorted(lanes, key=lambda n: (n in (NO_GROUP, UNDATED_LANE), n.casefold()))
        self.lane_names = order
        metrics = QFontMetricsF(QFont())
        packed = {name: self._pack(lanes[name], metrics) for name in order}
        heights = [max(1, max((row for _e, row in packed[n]), default=0) + 1) * ROW_HEIGHT
                   + LANE_PAD for n in order]
        width = max(self.x_of(end), max((self._extent(e, metrics)[1] for e in dated),
                                        default=0.0) + 20)
        self._draw_axis(end, width, AXIS_HEIGHT + sum(heights))
        top = AXIS_HEIGHT
        for index, name in enumerate(order):
            if index % 2:
                band = self.addRect(QRectF(0, top, width, heights[index]),
                                    QPen(Qt.PenStyle.NoPen), QBrush(QColor(0, 0, 0, 12)))
                band.setZValue(-2)
            # The lane name on an opaque plate, so it stays legible when pinned over events.
            plate = self.addRect(QRectF(0, 0, LABEL_WIDTH - 12, ROW_HEIGHT),
                                 QPen(Qt.PenStyle.NoPen), QBrush(QColor(250, 250, 250, 235)))
            plate.setPos(6, top + LANE_PAD / 2)
            plate.setZValue(5)
            plate.setToolTip(name)
            label = QGraphicsSimpleTextItem(_elide(name, 26), plate)
            label.setPos(2, (ROW_HEIGHT - label.boundingRect().height()) / 2)
            self.lane_labels.append(plate)
            for number, (event, row) in enumerate(packed[name]):
                self._draw_event(event, top + LANE_PAD / 2 + row * ROW_HEIGHT, number)
            top += heights[index]
        self._draw_disputes()
        self.setSceneRect(QRectF(0, 0, width, top + 8))

    def _extent(self, event: DatedEvent, metrics: QFontMetricsF) -> tuple[float, float]:
        """Where an event and its label sit on the x axis."""
        if event.first is None or event.last is None:
            return LABEL_WIDTH, LABEL_WIDTH + 20 + metrics.horizontalAdvance(
                _elide(event.row.title, 48))
        left = self.x_of(event.first) - 7
        right = max(left + 14, self.x_of(event.last + timedelta(days=1)) + 7)
        return left, right + 4 + metrics.horizontalAdvance(_elide(event.row.title, 48))

    def _pack(self, events: list[DatedEvent], metrics: QFontMetricsF
              ) -> list[tuple[DatedEvent, int]]:
        """Stack events whose marks or labels would overlap into rows of the lane."""
        ends: list[float] = []
        placed = []
        for event in events:
            left, right = self._extent(event, metrics)
            row = next((i for i, end in enumerate(ends) if end <= left), len(ends))
            if row == len(ends):
                ends.append(right)
            else:
                ends[row] = right
            placed.append((event, row))
        return placed

    def pin_labels(self, x: float) -> None:
        """Keep the lane names at the left edge of the view while it scrolls sideways."""
        for label in self.lane_labels:
            label.setX(x + 6)

    def _draw_axis(self, end: date, width: float, bottom: float) -> None:
        assert self.origin is not None
        self.addLine(LABEL_WIDTH, AXIS_HEIGHT - 2, width, AXIS_HEIGHT - 2, QPen(QColor("#868e96")))
        for day, text, major in _ticks(self.origin, end, self.px_per_day):
            x = self.x_of(day)
            pen = QPen(QColor(0, 0, 0, 60 if major else 25))
            self.addLine(x, AXIS_HEIGHT - (10 if major else 5), x, bottom, pen).setZValue(-1)
            if text:
                label = self.addSimpleText(text)
                font = QFont(label.font())
                font.setPointSizeF(font.pointSizeF() * 0.85)
                label.setFont(font)
                label.setPos(x + 3, 4 if major else 16)

    def _draw_event(self, event: DatedEvent, top: float, number: int) -> None:
        disputed = bool(event.disputed_by)
        colour = DISPUTED_COLOUR if disputed else EVENT_COLOUR
        pen = QPen(colour.darker(130), 2 if disputed else 1)
        if event.when.approximate:
            pen.setStyle(Qt.PenStyle.DashLine)
        fill = QColor(colour)
        fill.setAlpha(90 if event.when.approximate else 200)
        middle = top + ROW_HEIGHT / 2
        item: QGraphicsItem
        if event.first is None or event.last is None:
            x = LABEL_WIDTH + 12 + number * 18
            item = QGraphicsRectItem(QRectF(x - 5, middle - 5, 10, 10))
        elif event.first == event.last:
            x = self.x_of(event.first) + self.px_per_day / 2
            item = QGraphicsPolygonItem(QPolygonF([
                QPointF(x, middle - 7), QPointF(x + 7, middle), QPointF(x, middle + 7),
                QPointF(x - 7, middle)]))
        else:
            left = self.x_of(event.first)
            right = max(left + 6, self.x_of(event.last + timedelta(days=1)))
            item = QGraphicsRectItem(QRectF(left, middle - 6, right - left, 12))
        assert isinstance(item, QGraphicsRectItem | QGraphicsPolygonItem)
        item.setPen(pen)
        item.setBrush(QBrush(fill))
        item.setData(UID_KEY, event.uid)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        item.setCursor(Qt.CursorShape.PointingHandCursor)
        item.setToolTip(_tooltip(event))
        item.setZValue(2)
        self.addItem(item)
        text = QGraphicsSimpleTextItem(_elide(event.row.title, 48))
        text.setPos(item.boundingRect().right() + 4, middle - text.boundingRect().height() / 2)
        text.setBrush(QBrush(QColor("#343a40")))
        text.setZValue(1)
        self.addItem(text)
        self.items_by_uid.setdefault(event.uid, []).append(item)

    def _draw_disputes(self) -> None:
        pen = QPen(DISPUTED_COLOUR, 1.5, Qt.PenStyle.DashLine)
        drawn: set[frozenset[str]] = set()
        events = {e.data(UID_KEY): e for items in self.items_by_uid.values() for e in items}
        for uid, items in self.items_by_uid.items():
            source = items[0]
            for other_uid in self._disputes.get(uid, ()):
                pair = frozenset((uid, other_uid))
                if pair in drawn or other_uid not in events:
                    continue
                drawn.add(pair)
                a = source.sceneBoundingRect().center()
                b = self.items_by_uid[other_uid][0].sceneBoundingRect().center()
                self.addLine(a.x(), a.y(), b.x(), b.y(), pen).setZValue(1)

    def set_disputes(self, events: Sequence[DatedEvent]) -> None:
        self._disputes = {e.uid: e.disputed_by for e in events if e.disputed_by}


def _ticks(origin: date, end: date, px_per_day: float) -> list[tuple[date, str, bool]]:
    """Axis ticks that stay readable at the zoom: days, months or years."""
    ticks: list[tuple[date, str, bool]] = []
    if px_per_day >= 18:
        day = origin
        while day <= end:
            major = day.day == 1
            ticks.append((day, day.strftime("%d %b %Y") if major else day.strftime("%d"), major))
            day += timedelta(days=1)
    elif px_per_day >= 0.6:
        step = 1 if px_per_day >= 2 else 3
        month = date(origin.year, origin.month, 1)
        while month <= end:
            major = month.month == 1
            text = month.strftime("%b %Y") if (month.month - 1) % step == 0 else ""
            ticks.append((month, text, major))
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    else:
        step = 1 if px_per_day >= 0.05 else 5
        year = origin.year
        while date(year, 1, 1) <= end:
            if year % step == 0:
                ticks.append((date(year, 1, 1), str(year), True))
            year += 1
    return [t for t in ticks if t[0] >= origin]


def _elide(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _tooltip(event: DatedEvent) -> str:
    row = event.row
    esc = html.escape
    lines = [f"<b>{esc(row.title)}</b>", f"When: {esc(row.when)}"
             + (f" (the source says “{esc(row.date_text)}”)" if row.date_text else "")]
    if row.place_name:
        lines.append(f"Where: {esc(row.place_name)}")
    if row.participants:
        lines.append(f"Who: {esc(', '.join(row.participants))}")
    if row.source_title:
        lines.append(f"Source: {esc(row.source_title)}")
    if event.disputed_by:
        lines.append("<span style='color:#e03131'>Other reports of this event give a date "
                     "that cannot also be right.</span>")
    return "<br>".join(lines)


class TimelineGraphicsView(QGraphicsView):
    zoom_requested = Signal(float)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(1.25 if event.angleDelta().y() > 0 else 0.8)
            event.accept()
            return
        super().wheelEvent(event)


class TimelineView(QWidget):
    event_activated = Signal(str)  # event uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.group = QComboBox(self)
        self.group.addItem("Group by entity", GroupBy.ENTITY)
        self.group.addItem("Group by source", GroupBy.SOURCE)
        self.group.addItem("One lane", GroupBy.NONE)
        self.group.setAccessibleName("Group events by")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter events…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Filter events")
        self.zoom_out = QPushButton("−", self)
        self.zoom_out.setToolTip("Zoom out (Ctrl+wheel)")
        self.zoom_out.setAccessibleName("Zoom out")
        self.zoom_in = QPushButton("+", self)
        self.zoom_in.setToolTip("Zoom in (Ctrl+wheel)")
        self.zoom_in.setAccessibleName("Zoom in")
        self.fit = QPushButton("Fit", self)
        self.fit.setToolTip("Show every event")
        self.count = QLabel(self)
        for widget in (self.group, self.filter):
            bar.addWidget(widget)
        bar.addWidget(self.count, 1)
        for widget in (self.zoom_out, self.zoom_in, self.fit):
            widget.setFixedWidth(44)
            bar.addWidget(widget)
        layout.addLayout(bar)
        self.timeline_scene = TimelineScene(self)
        self.view = TimelineGraphicsView(self.timeline_scene, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.view.setAccessibleName("Timeline")
        layout.addWidget(self.view, 1)
        self.events: list[DatedEvent] = []
        self.group.currentIndexChanged.connect(lambda _i: self.redraw())
        self.filter.textChanged.connect(lambda _t: self.redraw())
        self.zoom_in.clicked.connect(lambda: self.zoom(1.5))
        self.zoom_out.clicked.connect(lambda: self.zoom(1 / 1.5))
        self.fit.clicked.connect(self.fit_all)
        self.view.zoom_requested.connect(self.zoom)
        self.timeline_scene.selectionChanged.connect(self._selected)
        self.view.horizontalScrollBar().valueChanged.connect(lambda _v: self._pin())

    def set_events(self, events: Sequence[DatedEvent]) -> None:
        self.events = list(events)
        self.redraw()

    def shown(self) -> list[DatedEvent]:
        text = self.filter.text().strip()
        return [e for e in self.events if not text or matches(e, text)]

    def redraw(self) -> None:
        shown = self.shown()
        self.timeline_scene.set_disputes(shown)
        self.timeline_scene.draw(shown, str(self.group.currentData()))
        self._pin()
        disputed = sum(1 for e in shown if e.disputed_by)
        note = f" · {disputed} with disputed dates" if disputed else ""
        self.count.setText(f"{len(shown)} of {len(self.events)} events{note}")

    def _pin(self) -> None:
        if shiboken6.isValid(self.timeline_scene):  # the scene goes first when the view closes
            self.timeline_scene.pin_labels(self.view.mapToScene(0, 0).x())

    def zoom(self, factor: float) -> None:
        scene = self.timeline_scene
        new = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, scene.px_per_day * factor))
        if new != scene.px_per_day:
            scene.px_per_day = new
            self.redraw()

    def fit_all(self) -> None:
        dated = [e for e in self.shown() if e.first is not None and e.last is not None]
        if not dated:
            return
        first = min(e.first for e in dated if e.first is not None)
        last = max(e.last for e in dated if e.last is not None)
        days = max(1, (last - first).days + 1)
        room = max(200.0, self.view.viewport().width() - LABEL_WIDTH - 260)
        self.timeline_scene.px_per_day = min(MAX_PX_PER_DAY, max(MIN_PX_PER_DAY, room / days))
        self.redraw()

    def select_uid(self, uid: str) -> None:
        items = self.timeline_scene.items_by_uid.get(uid)
        if items:
            self.timeline_scene.clearSelection()
            items[0].setSelected(True)
            self.view.centerOn(items[0])

    def _selected(self) -> None:
        chosen = self.timeline_scene.selectedItems()
        if chosen:
            uid = chosen[0].data(UID_KEY)
            if uid:
                self.event_activated.emit(str(uid))
