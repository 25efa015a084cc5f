"""Grab the window, the tour and every dialog at a display scale, and list clipped texts.

    QT_SCALE_FACTOR=1.5 .venv/bin/python packaging/scale_check.py OUT_DIR

The window gets the logical size a 1920x1080 screen has at that scale (1280x720 at
150 %), which is where clipping shows first. Each action that opens a dialog is
triggered as a user would (with text selected in the reader for the annotation ones);
every new top-level widget is saved as a PNG. Then each visible label, button and
check box whose one-line text is wider than the room it was given is printed, so a
person looking at the PNGs knows where to look first. Runs headless, in a throw-away
settings folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCREEN = (1920, 1080)
ACTIONS = ("annotate_entity", "annotate_claim", "annotate_implication", "link", "preferences",
           "project_properties", "source_properties", "export_brief", "merge_entities",
           "shortcuts", "about", "user_guide", "restore_backup", "conflicts")


def settle(app: Any, rounds: int = 15) -> None:
    for _ in range(rounds):
        app.processEvents()


def clipped_texts(widget: Any) -> list[str]:
    """Names of visible one-line texts that do not fit their widget."""
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QRadioButton

    found = []
    for child in [*widget.findChildren(QLabel), *widget.findChildren(QAbstractButton)]:
        if not child.isVisible():
            continue
        text = child.text().replace("&", "")
        if not text or "\n" in text or "<" in text:
            continue
        if isinstance(child, QLabel):
            if child.wordWrap():
                continue
            room = child.contentsRect().width()
        elif isinstance(child, (QCheckBox, QRadioButton)):
            room = child.width() - 24  # the box and its gap
        else:
            room = child.width() - 12  # the button's frame and padding
        need = child.fontMetrics().horizontalAdvance(text)
        if need > room + 1:
            kind = type(child).__name__
            found.append(f"{kind} '{text}' needs {need}px, has {room}px")
    return found


def unnamed_inputs(widget: Any) -> list[str]:
    """Visible input widgets a screen reader could only call by their type."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QAbstractSpinBox,
        QComboBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QWidget,
    )

    buddies = {label.buddy() for label in widget.findChildren(QLabel) if label.buddy()}
    found = []
    kinds = (QLineEdit, QComboBox, QAbstractItemView, QTextEdit, QPlainTextEdit,
             QAbstractSpinBox)
    for child in widget.findChildren(QWidget):
        if not isinstance(child, kinds) or isinstance(child, QHeaderView) or not child.isVisible():
            continue
        if isinstance(child.parentWidget(), (QComboBox, QAbstractSpinBox)):
            continue  # the line edit inside a combo box or spin box
        if child.accessibleName() or child in buddies:
            continue
        hint = getattr(child, "placeholderText", lambda: "")()
        found.append(f"unnamed {type(child).__name__} {child.objectName() or ''} "
                     f"{('placeholder ' + repr(hint)) if hint else ''}".rstrip())
    for button in widget.findChildren(QAbstractButton):
        if button.isVisible() and not button.text() and not button.accessibleName():
            found.append(f"unnamed {type(button).__name__} (icon only) {button.toolTip()!r}")
    return found


def check(out_dir: Path) -> list[str]:
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.core.identity import save_identity
    from desktop.ui.application import make_app
    from desktop.ui.dialogs.identity_dialog import IdentityDialog
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tour import install_tour, start_tour

    app = make_app([sys.argv[0]])
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1") or 1)
    size = (int(SCREEN[0] / scale), int(SCREEN[1] / scale))
    out_dir.mkdir(parents=True, exist_ok=True)
    report: list[str] = []

    def save(widget: QWidget, name: str, examine: QWidget | None = None) -> None:
        settle(app)
        widget.grab().save(str(out_dir / f"{name}.png"))
        examine = examine or widget
        for line in clipped_texts(examine) + unnamed_inputs(examine):
            report.append(f"{name}: {line}")

    window = MainWindow()
    window.resize(*size)
    window.show()
    settle(app)
    save(window, "start-page")
    identity = IdentityDialog(None, window)
    identity.show()
    save(identity, "identity-dialog")
    identity.reject()
    save_identity("Ada Analyst", "AA")
    window.open_sample()
    window.resize(*size)
    settle(app)
    save(window, "main-window")
    entities = window.entities_model.all_rows()
    window.tabs.setCurrentWidget(window.entities_pane)
    window.entities_pane.view.selectRow(0)
    for name in ACTIONS:
        text = window.reader.view.textmap.text
        start = text.index(" ") + 1
        window.reader.view.select_span(start, start + 12)
        if name == "merge_entities" and len(entities) >= 2:
            window.entities_pane.view.selectAll()
            window.update_actions()
        before = set(QApplication.topLevelWidgets())
        action = window.actions_by_name.get(name)
        if action is None or not action.isEnabled():
            report.append(f"{name}: action missing or disabled here, not checked")
            continue
        action.trigger()
        settle(app)
        opened = [w for w in QApplication.topLevelWidgets()
                  if w not in before and w.isVisible() and w.isWindow()]
        for index, widget in enumerate(opened):
            save(widget, f"dialog-{name}" + (f"-{index}" if index else ""))
            widget.close()
        settle(app)
    install_tour(window)
    tour = start_tour(window)
    if tour is not None:
        for step in range(len(tour.steps)):
            tour.show_step(step)
            save(window, f"tour-{step + 1}", tour.callout)
        tour.close()
    for menu_name, menu in window.menus.items():
        menu.popup(window.mapToGlobal(window.rect().topLeft()))
        save(menu, f"menu-{menu_name.lower()}")
        menu.hide()
    window.close()
    settle(app)
    return report


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "scale-check")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="dossier-scale-") as home:
        os.environ["DOSSIER_HOME"] = home
        report = check(out)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    print(f"scale {scale}: {len(report)} findings; PNGs in {out}")
    for line in report:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
