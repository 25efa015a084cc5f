"""Dossier's own icons: the application icon and the action icons, sharp at any scale.

The application icon ships as an SVG with PNG renderings from 16 to 512 pixels
(``packaging/render_icons.py`` makes them). Action icons are small SVGs drawn on a
24-unit grid whose strokes say ``currentColor``; they are drawn in the palette's text
colour when loaded, so they read on light and dark themes alike, and rendered at
several sizes so a 125 % or 200 % screen gets a pixmap made for it, not a scaled one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"
APP_SVG = ICON_DIR / "dossier.svg"
APP_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ACTION_DIR = ICON_DIR / "actions"
# Menu and toolbar sizes at 100 %, plus their 125 %, 150 % and 200 % counterparts.
ACTION_SIZES = (16, 20, 24, 30, 32, 36, 40, 48, 64)


def app_png(size: int) -> Path:
    return ICON_DIR / "png" / f"dossier-{size}.png"


@cache
def app_icon() -> QIcon:
    """The window and taskbar icon at every size it ships in (empty if none are installed)."""
    icon = QIcon()
    for size in APP_SIZES:
        path = app_png(size)
        if path.is_file():
            icon.addFile(str(path))
    if icon.isNull() and APP_SVG.is_file():
        for size in APP_SIZES:
            icon.addPixmap(render_svg(APP_SVG.read_bytes(), size))
    return icon


def render_svg(svg: bytes, size: int) -> QPixmap:
    """A transparent ``size`` x ``size`` pixmap of ``svg``; empty if the SVG is invalid."""
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if renderer.isValid():
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
    return QPixmap.fromImage(image)


def action_icon_names() -> list[str]:
    return sorted(p.stem for p in ACTION_DIR.glob("*.svg"))


def action_icon(name: str, color: QColor | None = None) -> QIcon | None:
    """The set's icon for action ``name`` in ``color`` (default: the text colour), or None."""
    chosen = color if color is not None else _text_color()
    return _action_icon(name, chosen.name(QColor.NameFormat.HexRgb))


@cache
def _action_icon(name: str, color: str) -> QIcon | None:
    path = ACTION_DIR / f"{name}.svg"
    if not path.is_file():
        return None
    svg = path.read_bytes().replace(b"currentColor", color.encode("ascii"))
    icon = QIcon()
    for size in ACTION_SIZES:
        icon.addPixmap(render_svg(svg, size))
    return icon


def _text_color() -> QColor:
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        return QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    return QColor("#2b3a4c")
