"""The main window: sources, reader and tables, wired to one project controller.

The window owns the widgets and composes one object per concern: a controller per
menu area (files, annotate, brief, sharing, assist, help, and events and relations),
the navigator (where the analyst is looking) and the table views (which subscribe to
the project's changes). None of them is mixed in; each binds its own actions.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from desktop.services.anchoring import trimmed_span
from desktop.ui import window_parts
from desktop.ui.actions import Act, build_actions
from desktop.ui.annotate_actions import AnnotateActions
from desktop.ui.assist_actions import AssistActions
from desktop.ui.brief_actions import BriefActions
from desktop.ui.connections import Connections
from desktop.ui.controller import ProjectController
from desktop.ui.delegates import FieldDelegate
from desktop.ui.file_actions import FileActions
from desktop.ui.help_actions import HelpActions
from desktop.ui.navigation import PANE_ORDER, Navigator
from desktop.ui.settings import app_settings, recent_files
from desktop.ui.sharing_actions import SharingActions
from desktop.ui.start_page import StartPage
from desktop.ui.table_loader import TableLoader
from desktop.ui.table_models import ClaimsModel, EntitiesModel, ImplicationsModel, SourcesModel
from desktop.ui.table_pane import TablePane
from desktop.ui.table_views import TableViews

MIN_WIDTH, MIN_HEIGHT = 800, 600
# Narrower than this, the toolbar shows icons only (with tooltips) so none of its
# actions falls into the overflow menu.
TOOLBAR_TEXT_MIN_WIDTH = 1180


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Dossier")
        self.setAcceptDrops(True)
        self.controller: ProjectController | None = None
        self.table_loader: TableLoader | None = None
        self.actions_by_name: dict[Act, QAction] = build_actions(self)
        window_parts.build_menus(self)
        self.stack = QStackedWidget(self)
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        self.workspace = QWidget(self)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        window_parts.build_workspace(self)
        window_parts.build_docks(self)
        window_parts.build_status(self)
        self.navigator = Navigator(self)
        self.tables = TableViews(self)
        self.connections = Connections(self)
        self._connect()
        # Below this every pane stops being usable (the Sources list, the reader's lines,
        # the tables' columns); the window refuses to shrink further.
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        window_parts.restore_layout(self)
        self.show_start_page()

    def _connect(self) -> None:
        a = self.actions_by_name
        self.start_page.new_requested.connect(a[Act.NEW].trigger)
        self.start_page.open_requested.connect(a[Act.OPEN].trigger)
        self.start_page.sample_requested.connect(a[Act.OPEN_SAMPLE].trigger)
        self.start_page.recent_requested.connect(self.open_path)
        nav = self.navigator
        self.reader.view.span_clicked.connect(nav.select_annotation)
        self.detail.mention_step.connect(nav.step_mention)
        self.detail.link_activated.connect(nav.select_annotation)
        self.search_panel.hit_activated.connect(nav.open_search_hit)
        self.search_panel.place_activated.connect(nav.open_search_place)
        a[Act.FIND].triggered.connect(self.reader.find_bar.open)
        a[Act.SEARCH].triggered.connect(nav.show_search)
        a[Act.VIEW_SEARCH].triggered.connect(nav.show_search)
        a[Act.QUIT].triggered.connect(self.close)
        a[Act.NEXT_PANE].triggered.connect(lambda: nav.cycle_pane(1))
        a[Act.PREVIOUS_PANE].triggered.connect(lambda: nav.cycle_pane(-1))
        for name in PANE_ORDER:
            a[Act(f"go_{name}")].triggered.connect(lambda _c=False, n=name: nav.go_to_pane(n))
        a[Act.LEGEND].triggered.connect(nav.show_legend)
        a[Act.ABOUT].triggered.connect(self.show_about)
        # One object per menu area, composed (not mixed in), each binding its own actions.
        self.files = FileActions(self)
        self.annotate = AnnotateActions(self)
        self.brief = BriefActions(self)
        self.help = HelpActions(self)
        self.sharing = SharingActions(self)
        self.assist = AssistActions(self)
        self.detail.save_requested.connect(self.annotate.save_detail)

    # ---- project lifecycle -----------------------------------------------------------
    def attach(self, controller: ProjectController) -> None:
        """Show ``controller``'s project in the window."""
        self.controller = controller
        self.tables.attach(controller)
        controller.error.connect(self.show_error)
        self.sources_model = SourcesModel(controller, self)
        self.entities_model = EntitiesModel(controller, self)
        self.claims_model = ClaimsModel(controller, self)
        self.implications_model = ImplicationsModel(controller, self)
        self.sources_pane = TablePane("Sources", self.sources_model, self._delegate(),
                                      [200, 84, 36, 64, 54, 120, 120])
        self.sources_dock.setWidget(self.sources_pane)
        view = self.sources_pane.view
        # Several sources stay in sight however small the window or big the queue below.
        view.setMinimumHeight(view.horizontalHeader().sizeHint().height()
                              + 4 * view.verticalHeader().defaultSectionSize()
                              + view.horizontalScrollBar().sizeHint().height() + 4)
        self.entities_pane = TablePane("Entities", self.entities_model, self._delegate(),
                                       [170, 110, 150, 64, 56, 150, 100])
        self.claims_pane = TablePane("Claims", self.claims_model, self._delegate(),
                                     [280, 140, 48, 160, 96, 120, 150, 44, 100])
        self.implications_pane = TablePane("Implications", self.implications_model, self._delegate(),
                                           [32, 130, 320, 170, 90, 70, 84, 100])
        self.tabs.clear()
        self.tabs.addTab(self.entities_pane, "Entities")
        self.tabs.addTab(self.claims_pane, "Claims")
        self.tabs.addTab(self.implications_pane, "Implications")
        self.connections.attach(controller)
        nav = self.navigator
        self.sources_pane.current_changed.connect(nav.show_source)
        for pane, kind in ((self.entities_pane, "entity"), (self.claims_pane, "claim"),
                           (self.implications_pane, "implication")):
            pane.current_changed.connect(lambda uid, k=kind, p=pane: nav.on_row(k, uid, p))
        self.tabs.currentChanged.connect(lambda _i: (nav.sync_detail(), self.update_actions()))
        for pane in (self.entities_pane, self.claims_pane, self.implications_pane):
            pane.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.undo_view.setStack(controller.undo_stack)
        controller.undo_stack.canUndoChanged.connect(self.actions_by_name[Act.UNDO].setEnabled)
        controller.undo_stack.canRedoChanged.connect(self.actions_by_name[Act.REDO].setEnabled)
        # The label of the next undo goes in the tooltip; the button itself stays "Undo".
        controller.undo_stack.undoTextChanged.connect(
            lambda t: self.actions_by_name[Act.UNDO].setToolTip(f"Undo {t} (Ctrl+Z)".strip()))
        controller.undo_stack.redoTextChanged.connect(
            lambda t: self.actions_by_name[Act.REDO].setToolTip(f"Redo {t} (Ctrl+Shift+Z)"))
        self.search_panel.search_fn = controller.search
        self.reader.view.analyst_names = controller.analyst_names()
        self.tables.reload_all()
        self.stack.setCurrentWidget(self.workspace)
        self.sources_dock.show()
        if app_settings().value("window/state") is None:
            # First run: the sources and the suggestions queue grow with a big screen.
            self.resizeDocks([self.sources_dock], [max(330, self.width() // 5)],
                             Qt.Orientation.Horizontal)
        window_parts.restore_splitters(self)
        project = controller.ctx.project()
        suffix = "  [read-only]" if controller.ctx.read_only else ""
        self.setWindowTitle(f"{project.name} — {controller.ctx.path.name}{suffix} — Dossier")
        self.mode_label.setText("Read-only" if controller.ctx.read_only else "")
        last = app_settings().value(f"last_source/{project.uid}", "")
        restored = bool(last) and self.sources_pane.select_uid(str(last))
        if not restored and self.sources_model.rowCount():
            self.sources_pane.view.selectRow(0)
        elif not restored:
            self.reader.show_source(None, "", "", "", [])  # says how to start
        self.update_actions()
        for warning in controller.ctx.db.warnings:
            self.show_message("Note", warning)

    def detach(self) -> None:
        if self.controller is None:
            return
        project = self.controller.ctx.project()
        if self.reader.source_uid:
            app_settings().setValue(f"last_source/{project.uid}", self.reader.source_uid)
        self.undo_view.setStack(None)
        if self.table_loader is not None:
            self.table_loader.stop()
            self.table_loader = None
        self.controller.close()
        self.controller = None
        self.connections.detach()
        self.tabs.clear()
        self.entities_pane = self.claims_pane = self.implications_pane = None
        self.sources_pane = None
        self.sources_dock.setWidget(QWidget())
        self.reader.show_source(None, "", "", "", [])
        self.detail.show_row("", None, "", "")
        self.search_panel.clear()  # results of a closed project open nothing
        self.assist.refresh_review_panel()
        self.show_start_page()

    def show_start_page(self) -> None:
        self.start_page.set_recent(recent_files())
        self.stack.setCurrentWidget(self.start_page)
        self.sources_dock.hide()
        self.setWindowTitle("Dossier")
        self.counts_label.setText("")
        self.mode_label.setText("")
        self.files.refresh_recent_menu()
        self.update_actions()

    def update_actions(self) -> None:
        has_project = self.controller is not None
        writable = has_project and not self.controller.ctx.read_only  # type: ignore[union-attr]
        for action in self.actions_by_name.values():
            needs = bool(action.property("needs_project"))
            writes = bool(action.property("writes"))
            action.setEnabled((not needs or has_project) and (not writes or writable))
        if has_project:
            stack = self.controller.undo_stack  # type: ignore[union-attr]
            self.actions_by_name[Act.UNDO].setEnabled(stack.canUndo())
            self.actions_by_name[Act.REDO].setEnabled(stack.canRedo())
            entities_selected = (self.entities_pane is not None
                                 and len(self.entities_pane.selected_uids()) >= 2)
            self.actions_by_name[Act.MERGE_ENTITIES].setEnabled(writable and entities_selected)

    def _delegate(self) -> FieldDelegate:
        # One delegate per view: a delegate shared between views confuses their editors.
        return FieldDelegate(self._claimant_choices, self)

    def _claimant_choices(self) -> list[tuple[str, str]]:
        return [(e.uid, e.name) for e in self.entities_model.all_rows()]

    # ---- what the rest of the application asks of the window ------------------------------
    def open_path(self, path: str | Path, read_only: bool = False) -> bool:
        """Open a project file (start page, recent files, the command line, a restore)."""
        return self.files.open_path(path, read_only)

    def open_sample(self) -> bool:
        return self.files.open_sample()

    def reader_selection(self) -> tuple[str, int, int, str] | None:
        """(source uid, start, end, text) of the reader selection, trimmed of spaces."""
        span = self.reader.view.selection_span()
        uid = self.reader.source_uid
        if span is None or uid is None:
            return None
        text = self.reader.view.textmap.text
        start, end = trimmed_span(text, *span)
        if start >= end:
            return None
        return uid, start, end, text[start:end]

    def open_dialog(self, dialog: object, on_accept: object) -> None:
        """Open a dialog window-modal; ``on_accept`` runs when it is accepted."""
        dialog.accepted.connect(on_accept)  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        self.active_dialog = dialog

    def take_back_keyboard(self, closed: QWidget | None = None) -> None:
        """A progress window of ours has closed: the keyboard comes back to this window
        (if the analyst is not busy in another application meanwhile)."""
        active = QApplication.activeWindow()
        if active is None or active is closed or active is self:
            self.activateWindow()

    # ---- messages -------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.show_message("Dossier", message, QMessageBox.Icon.Warning)

    def show_message(self, title: str, message: str,
                     icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> QMessageBox:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("messageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_about(self) -> None:
        from desktop import __version__

        self.show_message("About Dossier", f"Dossier {__version__}\n\nAn offline workbench for "
                          "analysts. Fonts: DejaVu (Bitstream Vera licence). Built with Qt for "
                          "Python (LGPL), SQLAlchemy (MIT) and ReportLab (BSD).")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                 if event.size().width() >= TOOLBAR_TEXT_MIN_WIDTH
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        if self.toolbar.toolButtonStyle() != style:
            self.toolbar.setToolButtonStyle(style)

    def closeEvent(self, event: QCloseEvent) -> None:
        window_parts.save_layout(self)
        self.detach()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.controller is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files.import_paths(paths)
