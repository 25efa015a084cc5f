"""``make screenshots``: PNGs of the real window on the sample project, for the docs.

Runs in a throwaway settings folder so the user's own recent files and layout
are neither used nor changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication

SIZE = (1440, 900)


def _settle(app: object, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


def capture(out_dir: Path) -> list[Path]:
    from desktop.ui.application import make_app
    from desktop.ui.dialogs.claim_dialog import ClaimDialog
    from desktop.ui.main_window import MainWindow

    app = make_app([sys.argv[0]])
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    window.open_sample()
    _settle(app)
    window.resize(*SIZE)
    _settle(app)

    def save(widget: object, name: str) -> None:
        path = out_dir / name
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        written.append(path)

    entity = next(r for r in window.entities_model.all_rows() if r.name == "Liora Dask")
    window.entities_pane.select_uid(entity.uid)
    _settle(app)
    save(window, "main-window.png")

    text = window.reader.view.textmap.text
    quote = "This was not an accident of the sea"
    start = text.index(quote)
    window.reader.view.select_span(start, start + len(quote))
    window.annotate.annotate_claim()
    _settle(app)
    dialog = next(w for w in app.topLevelWidgets() if isinstance(w, ClaimDialog))  # type: ignore[attr-defined]
    dialog.claimant.set_value(entity.uid)
    dialog.credibility.set_value(2)
    dialog.attribution.setText("told reporters")
    _settle(app)
    save(dialog, "claim-dialog.png")
    dialog.reject()

    window.tabs.setCurrentWidget(window.claims_pane)
    window.claims_pane.filter.setText("Merid")
    _settle(app)
    save(window, "filtered-claims.png")
    window.claims_pane.filter.clear()
    window.tabs.setCurrentWidget(window.implications_pane)
    _settle(app)
    save(window, "implications.png")
    window.close()
    QCoreApplication.processEvents()
    written += capture_sizes(out_dir)
    return written


SIZES = ((800, 600), (1440, 900), (2560, 1440))


def capture_sizes(out_dir: Path, sizes: tuple[tuple[int, int], ...] = SIZES) -> list[Path]:
    """The window at a small, a common and a large screen, with suggestions showing, and
    the legend of the highlights."""
    from desktop.services import suggestions
    from desktop.ui.application import make_app
    from desktop.ui.legend import LegendDialog
    from desktop.ui.main_window import MainWindow

    app = make_app([sys.argv[0]])
    written: list[Path] = []
    window = MainWindow()
    window.show()
    window.open_sample()
    assert window.controller is not None
    uid = window.reader.source_uid or ""
    window.controller.perform(lambda: suggestions.suggest_for_source(
        window.controller.ctx, uid, engine="rules"))  # type: ignore[union-attr]
    window.assist.show_review_panel()
    for width, height in sizes:
        window.resize(width, height)
        _settle(app, 30)
        path = out_dir / f"window-{width}x{height}.png"
        window.grab().save(str(path))
        written.append(path)
    window.resize(1440, 900)
    window.actions_by_name["legend"].trigger()
    _settle(app)
    legend = window.findChild(LegendDialog)
    path = out_dir / "legend.png"
    legend.grab().save(str(path))  # type: ignore[union-attr]
    written.append(path)
    window.close()
    QCoreApplication.processEvents()
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="dossier-shots-") as home:
        os.environ["DOSSIER_HOME"] = home
        for path in capture(out):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
