"""Dossier's icon set: every size of the application icon, and action icons that match actions."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from desktop.ui.actions import SPECS, TOOLBAR
from desktop.ui.icons import APP_SIZES, action_icon, action_icon_names, app_icon, app_png

REPO = Path(__file__).resolve().parents[2]


def test_the_app_icon_ships_every_size_rendered_from_the_svg(qapp, tmp_path):
    sys.path.insert(0, str(REPO / "packaging"))
    try:
        from render_icons import render_all
    finally:
        sys.path.remove(str(REPO / "packaging"))
    fresh = {p.name: p for p in render_all(tmp_path)}
    for size in APP_SIZES:
        shipped = QImage(str(app_png(size)))
        assert (shipped.width(), shipped.height()) == (size, size)
        # The committed PNGs are what the script makes from the committed SVG.
        redrawn = QImage(str(fresh[f"dossier-{size}.png"]))
        assert shipped.convertToFormat(redrawn.format()) == redrawn, size
    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert {(n, n) for n in APP_SIZES} <= sizes


def test_every_action_icon_belongs_to_an_action_and_the_toolbar_has_all_of_them(qapp):
    names = {spec.name for spec in SPECS}
    assert set(action_icon_names()) <= names
    assert {n for n in TOOLBAR if n != "-"} <= set(action_icon_names())


def test_action_icons_are_drawn_in_the_colour_asked_for_at_high_dpi_sizes(qapp):
    icon = action_icon("undo", QColor("#ff0000"))
    assert icon is not None
    assert (48, 48) in {(s.width(), s.height()) for s in icon.availableSizes()}
    image = icon.pixmap(48, 48).toImage()
    reds = [image.pixelColor(x, y) for x in range(48) for y in range(48)
            if image.pixelColor(x, y).alpha() == 255]
    assert reds and all(c.red() == 255 and c.green() == 0 for c in reds)
    assert action_icon("no_such_action") is None
