"""Start the GUI: application object, look, identity, and the first project to show."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.ui.preferences import apply_backup_dir, apply_theme
from desktop.ui.settings import recent_files


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Dossier")
    app.setOrganizationName("Dossier")
    app.setApplicationVersion(__version__)
    app.setStyle("Fusion")
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    app.setFont(font)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app


def main(argv: list[str]) -> int:
    from desktop.ui.main_window import MainWindow

    app = make_app([sys.argv[0], *[a for a in argv if a.startswith("-")]])
    apply_backup_dir()
    apply_theme(app)
    window = MainWindow()
    window.show()
    paths = [a for a in argv if not a.startswith("-")]

    def first_project() -> None:
        if paths:
            window.open_path(Path(paths[0]))
            return
        recent = [p for p in recent_files() if Path(p).exists()]
        if recent:
            window.open_path(recent[0])
        elif not recent_files():
            window.open_sample()  # the very first run shows a living project

    window.ensure_identity(first_project)
    return app.exec()
