"""The Link chart: entities as nodes, relations and co-mentions as edges weighted by grade.

The force-directed layout runs in a worker (``desktop.services.graph_layout``), so a
project with thousands of entities never freezes the window; filters (entity type,
minimum grade, source, co-mentions on or off) only hide what is drawn. A big graph
starts with its best-connected nodes; double-clicking a node (or Enter on it) shows
its neighbours. Selecting a node or an edge emits what it stands for, so the window
can reveal the text behind it. The chart exports as SVG or PNG.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import EntityType
from desktop.services.graph_layout import force_layout
from desktop.services.link_graph import Edge, LinkGraph, grade_weight
from desktop.ui.highlights import ENTITY_COLOURS
from desktop.ui.workers import Worker, start

SPREAD = 900.0  # the layout's unit square, in scene units
START_NODES = 150  # a bigger graph opens with its best-connected nodes
GRADE_FLOORS = (("Any grade", 0.0), ("At least C3", grade_weight("C3")),
                ("At least B2", grade_weight("B2")))
KIND_KEY, UID_KEY = 0, 1  # QGraphicsItem.data keys


class NodeItem(QGraphicsEllipseItem):
    def __init__(self, uid: str, name: str, entity_type: str, radius: float,
                 on_expand: Callable[[str], None]) -> None:
        super().__init__(-radius, -radius, 2 * radius, 2 * radius)
        self.uid = uid
        self.on_expand = on_expand
        colour = QColor(ENTITY_COLOURS.get(entity_type, ENTITY_COLOURS["OTHER"]))
        self.setBrush(QBrush(colour))
        self.setPen(QPen(colour.darker(160), 1.2))
        self.setData(KIND_KEY, "entity")
        self.setData(UID_KEY, uid)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        # Nodes and names keep their size at any zoom; only the distances scale.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(3)
        label = QGraphicsSimpleTextItem(name, self)
        label.setPos(radius + 2, -label.boundingRect().height() / 2)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.on_expand(self.uid)
        event.accept()


class LinkChart(QWidget):
    node_activated = Signal(str)  # entity uid
    edge_activated = Signal(str, str)  # "relation" and its uid, or "claim" and a claim uid
    layout_done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkChart")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        self.types_button = QToolButton(self)
        self.types_button.setText("Entity types")
        self.types_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.types_menu = QMenu(self)
        self.type_actions = {}
        for entity_type in EntityType:
            action = self.types_menu.addAction(entity_type.label)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda _on: self.redraw())
            self.type_actions[entity_type.value] = action
        self.types_button.setMenu(self.types_menu)
        self.grade = QComboBox(self)
        for label, floor in GRADE_FLOORS:
            self.grade.addItem(label, floor)
        self.grade.setAccessibleName("Minimum grade")
        self.source = QComboBox(self)
        self.source.addItem("All sources", "")
        self.source.setAccessibleName("Source")
        self.co_mentions = QCheckBox("Co-mentions", self)
        self.co_mentions.setChecked(True)
        self.co_mentions.setToolTip("Also join entities named in the same claim")
        self.show_all = QPushButton("Show all", self)
        self.export_button = QPushButton("Export…", self)
        self.count = QLabel(self)
        for widget in (self.types_button, self.grade, self.source, self.co_mentions):
            bar.addWidget(widget)
        bar.addWidget(self.count, 1)
        bar.addWidget(self.show_all)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.chart_scene = QGraphicsScene(self)
        self.view = _ChartView(self.chart_scene, self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.setAccessibleName("Link chart")
        layout.addWidget(self.view, 1)
        self.graph = LinkGraph((), ())
        self.positions: dict[str, QPointF] = {}
        self.visible: set[str] = set()
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[tuple[Edge, QGraphicsPathItem]] = []
        self._worker: Worker | None = None
        self._names: dict[str, str] = {}
        self.grade.currentIndexChanged.connect(lambda _i: self.redraw())
        self.source.currentIndexChanged.connect(lambda _i: self.redraw())
        self.co_mentions.toggled.connect(lambda _on: self.redraw())
        self.show_all.clicked.connect(self.reveal_all)
        self.chart_scene.selectionChanged.connect(self._selected)
        self.view.expand_requested.connect(self.expand)

    # ---- data --------------------------------------------------------------------------
    def set_graph(self, graph: LinkGraph, sources: list[tuple[str, str]] | None = None) -> None:
        """Show ``graph``; the layout runs in a worker and ``layout_done`` fires when drawn."""
        self.graph = graph
        self._names = {n.uid: n.name for n in graph.nodes}
        if sources is not None:
            chosen = self.source.currentData()
            self.source.blockSignals(True)
            self.source.clear()
            self.source.addItem("All sources", "")
            for uid, title in sources:
                self.source.addItem(title, uid)
            self.source.setCurrentIndex(max(0, self.source.findData(chosen)))
            self.source.blockSignals(False)
        if not self.visible or len(graph.nodes) <= START_NODES:
            self.visible = _starting_nodes(graph)
        else:
            self.visible &= {n.uid for n in graph.nodes}
        if self._worker is not None:
            self._worker.cancel()
        index = {n.uid: i for i, n in enumerate(graph.nodes)}
        edges = [(index[e.source], index[e.target], e.weight) for e in graph.edges]
        count = len(graph.nodes)
        self.count.setText(f"Laying out {count} entities…")
        worker = Worker(lambda _progress, cancelled: force_layout(count, edges,
                                                                  cancelled=cancelled))
        worker.signals.finished.connect(lambda result, w=worker: self._laid_out(w, result))
        worker.signals.failed.connect(self.count.setText)
        self._worker = start(worker)

    def _laid_out(self, worker: Worker, result: object) -> None:
        if worker is not self._worker or worker.is_cancelled():
            return  # a newer graph replaced this one while it was laid out
        self._worker = None
        self.positions = {node.uid: QPointF(float(x) * SPREAD, float(y) * SPREAD)
                          for node, (x, y) in zip(self.graph.nodes, result, strict=True)}  # type: ignore[call-overload]
        self.redraw()
        self.view.auto_fit = True
        self.view.fit()
        self.layout_done.emit()

    # ---- filters -----------------------------------------------------------------------
    def shown_edges(self) -> list[Edge]:
        floor = float(self.grade.currentData() or 0.0)
        source = str(self.source.currentData() or "")
        nodes = self.shown_nodes()
        return [e for e in self.graph.edges
                if e.source in nodes and e.target in nodes and e.weight >= floor - 1e-9
                and (self.co_mentions.isChecked() or e.kind == "relation")
                and (not source or source in e.source_uids)]

    def shown_nodes(self) -> set[str]:
        source = str(self.source.currentData() or "")
        return {n.uid for n in self.graph.nodes
                if n.uid in self.visible and self.type_actions[_type(n.type)].isChecked()
                and (not source or source in n.source_uids)}

    def expand(self, uid: str) -> None:
        """Show the neighbours of ``uid`` (double-click or Enter on a node)."""
        before = len(self.visible)
        self.visible |= self.graph.neighbours(uid)
        if len(self.visible) != before:
            self.redraw()

    def reveal_all(self) -> None:
        self.visible = {n.uid for n in self.graph.nodes}
        self.redraw()

    # ---- drawing -----------------------------------------------------------------------
    def redraw(self) -> None:
        self.chart_scene.clear()
        self.nodes, self.edges = {}, []
        if not self.positions:
            return
        shown = self.shown_nodes()
        for node in self.graph.nodes:
            if node.uid not in shown or node.uid not in self.positions:
                continue
            radius = 7 + 3 * math.sqrt(max(0, node.mentions))
            item = NodeItem(node.uid, node.name, node.type, min(radius, 26), self.expand)
            item.setPos(self.positions[node.uid])
            hidden = len(self.graph.neighbours(node.uid) - self.visible)
            tip = f"<b>{html.escape(node.name)}</b><br>{html.escape(_label(node.type))}, " \
                  f"{node.mentions} mention{'s' if node.mentions != 1 else ''}"
            if hidden:
                tip += f"<br>{hidden} more connected: double-click to show them"
            item.setToolTip(tip)
            self.chart_scene.addItem(item)
            self.nodes[node.uid] = item
        edges = self.shown_edges()
        for edge in edges:
            self.edges.append((edge, self._draw_edge(edge)))
        self.count.setText(f"{len(self.nodes)} of {len(self.graph.nodes)} entities · "
                           f"{sum(1 for e in edges if e.kind == 'relation')} relations · "
                           f"{sum(1 for e in edges if e.kind != 'relation')} co-mentions")

    def _draw_edge(self, edge: Edge) -> QGraphicsPathItem:
        a, b = self.positions[edge.source], self.positions[edge.target]
        relation = edge.kind == "relation"
        colour = QColor("#343a40") if relation else QColor("#868e96")
        pen = QPen(colour, 0.8 + 4.5 * edge.weight)
        pen.setCosmetic(True)  # widths in pixels, whatever the zoom
        if not relation:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath(a)
        path.lineTo(b)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setData(KIND_KEY, edge.kind)
        item.setData(UID_KEY, edge.evidence[0] if edge.evidence else "")
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        item.setZValue(1 if relation else 0)
        what = (f"{self._names.get(edge.source, '')} {edge.label} "
                f"{self._names.get(edge.target, '')}" if relation else
                f"{self._names.get(edge.source, '')} and {self._names.get(edge.target, '')} "
                f"named in {len(edge.evidence)} claim{'s' if len(edge.evidence) != 1 else ''}")
        grade = edge.grade or "no claim (ungraded)"
        item.setToolTip(f"{html.escape(what)}<br>Grade: {html.escape(grade)}")
        self.chart_scene.addItem(item)
        if relation:
            # The direction as an arrow head a little past the middle, and the type beside it
            # (both fixed in size: they stay readable when the chart is zoomed out).
            line = QLineF(a, b)
            head = QGraphicsPolygonItem(QPolygonF([QPointF(6, 0), QPointF(-5, -5),
                                                   QPointF(-5, 5)]))
            head.setBrush(QBrush(colour))
            head.setPen(QPen(Qt.PenStyle.NoPen))
            head.setPos(line.pointAt(0.6))
            head.setRotation(-line.angle())
            head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            head.setZValue(2)
            self.chart_scene.addItem(head)
            label = QGraphicsSimpleTextItem(edge.label)
            label.setPos(line.pointAt(0.5))
            label.setBrush(QBrush(QColor("#495057")))
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            label.setZValue(2)
            self.chart_scene.addItem(label)
        return item

    def _selected(self) -> None:
        chosen = self.chart_scene.selectedItems()
        if not chosen:
            return
        kind, uid = str(chosen[0].data(KIND_KEY)), str(chosen[0].data(UID_KEY))
        if kind == "entity":
            self.node_activated.emit(uid)
        elif kind == "relation":
            self.edge_activated.emit("relation", uid)
        elif uid:
            self.edge_activated.emit("claim", uid)

    # ---- export ------------------------------------------------------------------------
    def export(self, path: Path) -> Path:
        """Write the chart as it is shown: SVG for a ``.svg`` path, PNG otherwise."""
        rect = self.chart_scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        if path.suffix.lower() == ".svg":
            generator = QSvgGenerator()
            generator.setFileName(str(path))
            generator.setSize(QSize(int(rect.width()), int(rect.height())))
            generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
            generator.setTitle("Dossier link chart")
            painter = QPainter(generator)
        else:
            image = QImage(QSize(int(rect.width() * 2), int(rect.height() * 2)),
                           QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_scene.clearSelection()
        self.chart_scene.render(painter, QRectF(), rect)
        painter.end()
        if path.suffix.lower() != ".svg" and not image.save(str(path), "PNG"):
            raise OSError(f"Could not write {path}.")
        return path


class _ChartView(QGraphicsView):
    expand_requested = Signal(str)
    # The whole chart follows the view's size until the analyst zooms by hand.
    auto_fit = True

    def fit(self) -> None:
        items = self.scene().itemsBoundingRect() if self.scene() else QRectF()
        if not items.isEmpty():
            self.fitInView(items.adjusted(-60, -30, 160, 30), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit()

    def scale_by(self, factor: float) -> None:
        self.auto_fit = False
        self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.scale_by(1.2 if event.angleDelta().y() > 0 else 1 / 1.2)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        chosen = self.scene().selectedItems() if self.scene() else []
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and chosen \
                and chosen[0].data(KIND_KEY) == "entity":
            self.expand_requested.emit(str(chosen[0].data(UID_KEY)))
            return
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.scale_by(1.2)
            return
        if event.key() == Qt.Key.Key_Minus:
            self.scale_by(1 / 1.2)
            return
        super().keyPressEvent(event)


def _starting_nodes(graph: LinkGraph) -> set[str]:
    if len(graph.nodes) <= START_NODES:
        return {n.uid for n in graph.nodes}
    degree: dict[str, float] = {}
    for edge in graph.edges:
        for uid in (edge.source, edge.target):
            degree[uid] = degree.get(uid, 0.0) + edge.weight
    ranked = sorted(graph.nodes, key=lambda n: (-degree.get(n.uid, 0.0), -n.mentions, n.name))
    return {n.uid for n in ranked[:START_NODES]}


def _type(value: str) -> str:
    return value if value in EntityType.__members__.values() else EntityType.OTHER.value


def _label(value: str) -> str:
    try:
        return EntityType(value).label
    except ValueError:
        return value
