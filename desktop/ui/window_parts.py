"""How the main window is put together and how its layout is kept between sessions.

Plain functions over the window (it owns the widgets they make): menus and the
toolbar from ``actions.py``, the reader-and-tables workspace, the docks, the status
bar; the saved geometry, dock state and splitter positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QUndoView,
)

from desktop.ui.actions import MENUS, TOOLBAR, Act
from desktop.ui.detail_panel import DetailPanel
from desktop.ui.reader import ReaderPane
from desktop.ui.search_panel import SearchPanel
from desktop.ui.settings import app_settings
from desktop.ui.table_pane import TablePane

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    window.menus = {}
    for title, names in MENUS:
        menu = bar.addMenu(title)
        window.menus[title.replace("&", "")] = menu
        for name in names:
            if name == "-":
                menu.addSeparator()
            else:
                menu.addAction(window.actions_by_name[name])
    window.recent_menu = window.menus["File"].addMenu("Open &recent")
    window.menus["File"].insertMenu(window.actions_by_name[Act.OPEN_SAMPLE],
                                  window.recent_menu)
    window.toolbar = QToolBar("Main toolbar", window)
    window.toolbar.setObjectName("mainToolbar")
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for name in TOOLBAR:
        if name == "-":
            window.toolbar.addSeparator()
        else:
            window.toolbar.addAction(window.actions_by_name[name])
    window.addToolBar(window.toolbar)


def build_workspace(window: MainWindow) -> None:
    from PySide6.QtWidgets import QVBoxLayout

    layout = QVBoxLayout(window.workspace)
    layout.setContentsMargins(0, 0, 0, 0)
    window.main_splitter = QSplitter(Qt.Orientation.Horizontal, window.workspace)
    window.main_splitter.setObjectName("mainSplitter")
    window.reader = ReaderPane(window.main_splitter)
    window.right_splitter = QSplitter(Qt.Orientation.Vertical, window.main_splitter)
    window.right_splitter.setObjectName("rightSplitter")
    window.tabs = QTabWidget(window.right_splitter)
    window.tabs.setDocumentMode(True)
    window.detail = DetailPanel(window.right_splitter)
    window.main_splitter.addWidget(window.reader)
    window.main_splitter.addWidget(window.right_splitter)
    window.main_splitter.setStretchFactor(0, 5)
    window.main_splitter.setStretchFactor(1, 6)
    window.right_splitter.setStretchFactor(0, 4)
    window.right_splitter.setStretchFactor(1, 1)
    layout.addWidget(window.main_splitter)
    window.reader.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for name in ("annotate_entity", "annotate_claim", "annotate_implication", "link"):
        window.reader.view.addAction(window.actions_by_name[name])
    window.entities_pane: TablePane | None = None
    window.claims_pane: TablePane | None = None
    window.implications_pane: TablePane | None = None
    window.sources_pane: TablePane | None = None


def build_docks(window: MainWindow) -> None:
    window.sources_dock = QDockWidget("Sources", window)
    window.sources_dock.setObjectName("sourcesDock")
    window.sources_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.sources_dock)
    window.search_dock = QDockWidget("Search", window)
    window.search_dock.setObjectName("searchDock")
    window.search_panel = SearchPanel(window.search_dock)
    window.search_dock.setWidget(window.search_panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.search_dock)
    window.search_dock.hide()
    window.undo_dock = QDockWidget("Undo history", window)
    window.undo_dock.setObjectName("undoDock")
    window.undo_view = QUndoView(window.undo_dock)
    window.undo_view.setEmptyLabel("Project opened")
    window.undo_dock.setWidget(window.undo_view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.undo_dock)
    window.undo_dock.hide()
    window.actions_by_name[Act.VIEW_UNDO_HISTORY].triggered.connect(
        lambda: (window.undo_dock.show(), window.undo_dock.raise_()))


def build_status(window: MainWindow) -> None:
    window.counts_label = QLabel(window)
    window.counts_label.setObjectName("countsLabel")
    window.mode_label = QLabel(window)
    window.statusBar().addPermanentWidget(window.mode_label)
    window.statusBar().addPermanentWidget(window.counts_label)


def restore_layout(window: MainWindow) -> None:
    settings = app_settings()
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1440, 900)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    restore_splitters(window)


def restore_splitters(window: MainWindow) -> None:
    settings = app_settings()
    for splitter in (window.main_splitter, window.right_splitter):
        saved = settings.value(f"window/{splitter.objectName()}")
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)
        elif splitter is window.right_splitter:
            window.right_splitter.setSizes([560, 240])  # first run: room for the details


def save_layout(window: MainWindow) -> None:
    settings = app_settings()
    if window.stack.currentWidget() is not window.workspace:
        settings.setValue("window/geometry", window.saveGeometry())
        settings.sync()
        return
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for splitter in (window.main_splitter, window.right_splitter):
        settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
    settings.sync()
