"""The growth plot of ``make bench-scale``, drawn with Qt's QPainter (no plotting library).

Two log-log panels: time against project size for each operation (with its floor
dashed where it has one), and time to add one mention against the highlights on
the document, incremental against the old full refresh.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

COLOURS = ["#1c7ed6", "#e8590c", "#2f9e44", "#9c36b5", "#c92a2a", "#0b7285", "#5f3dc4",
           "#868e96"]
W, H = 1500, 640


def plot(points: Sequence[Any], target: Path) -> None:
    if QGuiApplication.instance() is None:
        QGuiApplication([])
    image = QImage(W, H, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    series: dict[str, list[tuple[float, float]]] = {}
    floors: dict[str, list[tuple[float, float]]] = {}
    spans: dict[str, list[tuple[float, float]]] = {"incremental": [], "old full refresh": []}
    for p in points:
        if not p.size:
            continue
        if p.operation.startswith("add one mention, by highlights"):
            if p.seconds:
                spans["incremental"].append((p.size, p.seconds))
            if p.floor_s:
                spans["old full refresh"].append((p.size, p.floor_s))
            continue
        if p.seconds:
            series.setdefault(p.operation, []).append((p.size, p.seconds))
        if p.floor_s and not p.operation.startswith("add one"):
            floors.setdefault(p.operation, []).append((p.size, p.floor_s))
    _panel(painter, QRectF(70, 50, 820, 470), "Time against project size (mentions)",
           series, floors)
    _panel(painter, QRectF(1010, 50, 440, 470),
           "Add one mention, by highlights shown", spans, {})
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(target))


def _panel(painter: QPainter, box: QRectF, title: str,
           series: dict[str, list[tuple[float, float]]],
           floors: dict[str, list[tuple[float, float]]]) -> None:
    values = [pt for s in (*series.values(), *floors.values()) for pt in s]
    if not values:
        return
    xs = [x for x, _ in values]
    ys = [y for _, y in values]
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)

    def at(x: float, y: float) -> QPointF:
        fx = (math.log10(x) - x0) / (x1 - x0)
        fy = (math.log10(y) - y0) / (y1 - y0)
        return QPointF(box.left() + fx * box.width(), box.bottom() - fy * box.height())

    painter.setFont(QFont("DejaVu Sans", 11, QFont.Weight.Bold))
    painter.setPen(QColor("#212529"))
    painter.drawText(QRectF(box.left(), box.top() - 40, box.width(), 30),
                     Qt.AlignmentFlag.AlignLeft, title)
    painter.setFont(QFont("DejaVu Sans", 9))
    grid = QPen(QColor("#dee2e6"))
    for e in range(x0, x1 + 1):
        p = at(10**e, 10**y0)
        painter.setPen(grid)
        painter.drawLine(QPointF(p.x(), box.top()), QPointF(p.x(), box.bottom()))
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(p.x() - 40, box.bottom() + 4, 80, 16),
                         Qt.AlignmentFlag.AlignHCenter, _count(10**e))
    for e in range(y0, y1 + 1):
        p = at(10**x0, 10**e)
        painter.setPen(grid)
        painter.drawLine(QPointF(box.left(), p.y()), QPointF(box.right(), p.y()))
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(box.left() - 66, p.y() - 8, 60, 16),
                         Qt.AlignmentFlag.AlignRight, _seconds(10**e))
    painter.setPen(QPen(QColor("#495057"), 1))
    painter.drawRect(box)
    legend_y = box.bottom() + 30
    for n, (name, pts) in enumerate(sorted(series.items())):
        colour = QColor(COLOURS[n % len(COLOURS)])
        _line(painter, [at(x, y) for x, y in sorted(pts)], QPen(colour, 2.4))
        if name in floors:
            dashed = QPen(colour, 1.4, Qt.PenStyle.DashLine)
            _line(painter, [at(x, y) for x, y in sorted(floors[name])], dashed)
        column, row = divmod(n, 3)
        lx = box.left() + column * (box.width() / 2)
        ly = legend_y + row * 18
        painter.setPen(QPen(colour, 3))
        painter.drawLine(QPointF(lx, ly + 7), QPointF(lx + 22, ly + 7))
        painter.setPen(QColor("#212529"))
        painter.drawText(QRectF(lx + 28, ly, box.width() / 2 - 30, 16),
                         Qt.AlignmentFlag.AlignLeft, name)
    if floors:
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(box.left(), legend_y + 3 * 18, box.width(), 16),
                         Qt.AlignmentFlag.AlignLeft,
                         "dashed: the operation's raw floor (plain sqlite3 / plain ReportLab)")


def _line(painter: QPainter, pts: list[QPointF], pen: QPen) -> None:
    painter.setPen(pen)
    for a, b in itertools.pairwise(pts):
        painter.drawLine(a, b)
    painter.setBrush(pen.color())
    for p in pts:
        painter.drawEllipse(p, 3.2, 3.2)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _count(n: float) -> str:
    return f"{n / 1e6:g}M" if n >= 1e6 else f"{n / 1e3:g}k" if n >= 1e3 else f"{n:g}"


def _seconds(s: float) -> str:
    return f"{s * 1000:g} ms" if s < 1 else f"{s:g} s"
