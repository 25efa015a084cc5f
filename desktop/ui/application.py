"""Start the GUI: application object, look, identity, and the first project to show.

A launch on a project that another Dossier window already shows hands it over to that
window (see single_instance) and exits 0; otherwise this process gets its own window,
which then listens for later launches on whichever project it shows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop import __version__
from desktop.ui.icons import app_icon
from desktop.ui.preferences import apply_backup_dir, apply_theme
from desktop.ui.settings import recent_files
from desktop.ui.single_instance import InstanceServer, hand_over, project_key

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# Matches resources/linux/dossier.desktop, so desktops group the window with its launcher.
DESKTOP_FILE = "dossier"


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Dossier")
    app.setOrganizationName("Dossier")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    app.setFont(font)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    return app


@dataclass
class Launch:
    """What a launch that kept running has built."""

    window: MainWindow
    server: InstanceServer


def first_target(paths: list[str]) -> Path | None:
    """The project this launch is about: the one named, else the most recent one."""
    if paths:
        return Path(paths[0])
    recent = [Path(p) for p in recent_files() if Path(p).exists()]
    return recent[0] if recent else None


def launch(argv: list[str]) -> Launch | None:
    """Everything ``main`` does before the event loop; None when another window took over."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.tour import install_tour, maybe_offer_tour

    paths = [a for a in argv if not a.startswith("-")]
    target = first_target(paths)
    if target is not None and target.exists() and hand_over(target):
        return None
    apply_backup_dir()
    apply_theme(QApplication.instance())  # type: ignore[arg-type]
    window = MainWindow()
    if window.windowIcon().isNull():
        window.setWindowIcon(app_icon())
    install_tour(window)
    server = InstanceServer(window)
    server.open_requested.connect(lambda path: bring_forward(window, path))

    def follow_project(*_args: object) -> None:
        server.follow(window.controller.ctx.path if window.controller is not None else None)

    # Attaching or closing a project retitles the window and flips the central stack.
    window.windowTitleChanged.connect(follow_project)
    window.stack.currentChanged.connect(follow_project)

    def offer_tour(*_args: object) -> None:
        # Whichever project opens first (the sample, a new one, a colleague's), once.
        if window.controller is not None:
            QTimer.singleShot(0, lambda: maybe_offer_tour(window))

    window.stack.currentChanged.connect(offer_tour)
    window.show()

    def first_project() -> None:
        if paths:
            window.open_path(Path(paths[0]))
        elif target is not None:
            window.open_path(target)
        elif not recent_files():
            window.open_sample()  # the very first run shows a living project
        follow_project()

    window.ensure_identity(first_project)
    return Launch(window, server)


def bring_forward(window: MainWindow, path: str) -> None:
    """Another launch asked for ``path``: show it here and come to the front."""
    shown = window.controller.ctx.path if window.controller is not None else None
    if shown is None or project_key(shown) != project_key(path):
        window.open_path(Path(path))
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def main(argv: list[str]) -> int:
    app = make_app([sys.argv[0], *[a for a in argv if a.startswith("-")]])
    started = launch(argv)
    if started is None:
        return 0
    preload_language_model(started.window)
    return app.exec()


def preload_language_model(window: MainWindow) -> None:
    """Load the assist's language model once per session, in the background, shortly
    after the window is up, so the first Suggest does not wait for it."""
    def go() -> None:
        if getattr(window, "assist_engine", "auto") != "rules":
            from desktop.assist.pipeline import preload

            preload()

    QTimer.singleShot(1500, go)
