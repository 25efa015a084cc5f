"""Render resources/icons/dossier.svg to the PNG sizes desktops and the window use.

Run after changing the SVG (the PNGs are committed so neither the app nor a build
needs this step):  .venv/bin/python packaging/render_icons.py
Each size is drawn from the vector with Qt's SVG renderer, not scaled from a big PNG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def render_all(out_dir: Path) -> list[Path]:
    from PySide6.QtGui import QGuiApplication

    from desktop.ui.icons import APP_SIZES, APP_SVG, render_svg

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    svg = APP_SVG.read_bytes()
    written = []
    for size in APP_SIZES:
        target = out_dir / f"dossier-{size}.png"
        if not render_svg(svg, size).save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    return written


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    for path in render_all(ROOT / "resources" / "icons" / "png"):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
