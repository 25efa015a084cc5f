"""The main window: sources, reader and tables, wired to one project controller."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QUndoView,
    QWidget,
)

from db.repository.queries import SpanFilter
from desktop.core.changes import Changes
from desktop.services.counts import ProjectCounts, counts_line, plural, sentence_case
from desktop.ui.actions import MENUS, TOOLBAR, build_actions
from desktop.ui.annotate_actions import AnnotateActions
from desktop.ui.assist_actions import AssistActions
from desktop.ui.controller import ProjectController
from desktop.ui.delegates import FieldDelegate
from desktop.ui.detail_panel import DetailPanel, link_list
from desktop.ui.file_actions import FileActions
from desktop.ui.help_actions import HelpActions
from desktop.ui.open_check import OpenCheck
from desktop.ui.reader import ReaderPane, source_meta
from desktop.ui.search_panel import SearchPanel
from desktop.ui.settings import app_settings, recent_files
from desktop.ui.share_actions import ShareActions
from desktop.ui.sharing_actions import SharingActions
from desktop.ui.start_page import StartPage
from desktop.ui.table_loader import TableLoader
from desktop.ui.table_models import ClaimsModel, EntitiesModel, ImplicationsModel, SourcesModel
from desktop.ui.table_pane import TablePane
from desktop.ui.workers import Worker, start

ENTITY_KINDS = {"entity", "entity_alias", "mention"}
# Panes with an Alt+letter of their own (View ▸ Go to); see actions.py.
PANE_ORDER = ("sources", "reader", "entities", "claims", "implications", "details", "search",
              "suggestions")
MIN_WIDTH, MIN_HEIGHT = 800, 600
# Narrower than this, the toolbar shows icons only (with tooltips) so none of its
# actions falls into the overflow menu.
TOOLBAR_TEXT_MIN_WIDTH = 1180
# Up to this many changed rows a refresh goes row by row; a bigger action reloads the views.
PIECEMEAL_MAX_ROWS = 400
# Above this file size the status bar's counts are computed in a worker.
COUNT_IN_BACKGROUND_BYTES = 32 * 1024 * 1024
SPAN_KINDS = {"mention", "claim", "implication", "anchor", "entity", "source"}


class MainWindow(FileActions, AnnotateActions, ShareActions, SharingActions, AssistActions,
                 HelpActions, QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Dossier")
        self.setAcceptDrops(True)
        self.controller: ProjectController | None = None
        self.table_loader: TableLoader | None = None
        self.open_check: OpenCheck | None = None  # a big new file being checked before it opens
        self._counts_asked = 0
        self.counts_worker: Worker | None = None
        self.actions_by_name: dict[str, QAction] = build_actions(self)
        self._build_menus()
        self.stack = QStackedWidget(self)
        self.start_page = StartPage(self)
        self.stack.addWidget(self.start_page)
        self.workspace = QWidget(self)
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)
        self._build_workspace()
        self._build_docks()
        self._build_status()
        self._connect()
        self._mention_cursor: dict[str, int] = {}
        self._reloading = False
        # Below this every pane stops being usable (the Sources list, the reader's lines,
        # the tables' columns); the window refuses to shrink further.
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        self._restore_layout()
        self.show_start_page()

    # ---- construction ------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus = {}
        for title, names in MENUS:
            menu = bar.addMenu(title)
            self.menus[title.replace("&", "")] = menu
            for name in names:
                if name == "-":
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions_by_name[name])
        self.recent_menu = self.menus["File"].addMenu("Open &recent")
        self.menus["File"].insertMenu(self.actions_by_name["open_sample"],
                                      self.recent_menu)
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for name in TOOLBAR:
            if name == "-":
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(self.actions_by_name[name])
        self.addToolBar(self.toolbar)

    def _build_workspace(self) -> None:
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(self.workspace)
        layout.setContentsMargins(0, 0, 0, 0)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self.workspace)
        self.main_splitter.setObjectName("mainSplitter")
        self.reader = ReaderPane(self.main_splitter)
        self.right_splitter = QSplitter(Qt.Orientation.Vertical, self.main_splitter)
        self.right_splitter.setObjectName("rightSplitter")
        self.tabs = QTabWidget(self.right_splitter)
        self.tabs.setDocumentMode(True)
        self.detail = DetailPanel(self.right_splitter)
        self.main_splitter.addWidget(self.reader)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 5)
        self.main_splitter.setStretchFactor(1, 6)
        self.right_splitter.setStretchFactor(0, 4)
        self.right_splitter.setStretchFactor(1, 1)
        layout.addWidget(self.main_splitter)
        self.reader.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for name in ("annotate_entity", "annotate_claim", "annotate_implication", "link"):
            self.reader.view.addAction(self.actions_by_name[name])
        self.entities_pane: TablePane | None = None
        self.claims_pane: TablePane | None = None
        self.implications_pane: TablePane | None = None
        self.sources_pane: TablePane | None = None

    def _build_docks(self) -> None:
        self.sources_dock = QDockWidget("Sources", self)
        self.sources_dock.setObjectName("sourcesDock")
        self.sources_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.sources_dock)
        self.search_dock = QDockWidget("Search", self)
        self.search_dock.setObjectName("searchDock")
        self.search_panel = SearchPanel(self.search_dock)
        self.search_dock.setWidget(self.search_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.search_dock)
        self.search_dock.hide()
        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undoDock")
        self.undo_view = QUndoView(self.undo_dock)
        self.undo_view.setEmptyLabel("Project opened")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()
        self.actions_by_name["view_search"].triggered.connect(self._show_search)
        self.actions_by_name["view_undo_history"].triggered.connect(
            lambda: (self.undo_dock.show(), self.undo_dock.raise_()))

    def _build_status(self) -> None:
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.mode_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.mode_label)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _connect(self) -> None:
        a = self.actions_by_name
        self.start_page.new_requested.connect(a["new"].trigger)
        self.start_page.open_requested.connect(a["open"].trigger)
        self.start_page.sample_requested.connect(a["open_sample"].trigger)
        self.start_page.recent_requested.connect(self.open_path)
        self.reader.view.span_clicked.connect(self.select_annotation)
        self.detail.save_requested.connect(self.save_detail)
        self.detail.mention_step.connect(self.step_mention)
        self.detail.link_activated.connect(self.select_annotation)
        self.search_panel.hit_activated.connect(self.open_search_hit)
        self.search_panel.place_activated.connect(self.open_search_place)
        a["find"].triggered.connect(self.reader.find_bar.open)
        a["search"].triggered.connect(self._show_search)
        a["quit"].triggered.connect(self.close)
        a["next_pane"].triggered.connect(lambda: self.cycle_pane(1))
        a["previous_pane"].triggered.connect(lambda: self.cycle_pane(-1))
        for name in PANE_ORDER:
            a[f"go_{name}"].triggered.connect(lambda _c=False, n=name: self.go_to_pane(n))
        a["legend"].triggered.connect(self.show_legend)
        a["about"].triggered.connect(self.show_about)
        self.connect_file_actions()
        self.connect_annotate_actions()
        self.connect_share_actions()
        self.connect_help_actions()
        self.connect_sharing_actions()
        self.connect_assist_actions()

    # ---- project lifecycle -----------------------------------------------------------
    def attach(self, controller: ProjectController) -> None:
        """Show ``controller``'s project in the window."""
        self.controller = controller
        controller.changed.connect(self.apply_changes)
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
        self.sources_pane.current_changed.connect(self.show_source)
        for pane, kind in ((self.entities_pane, "entity"), (self.claims_pane, "claim"),
                           (self.implications_pane, "implication")):
            pane.current_changed.connect(lambda uid, k=kind, p=pane: self.on_row(k, uid, p))
        self.tabs.currentChanged.connect(lambda _i: (self.sync_detail(), self.update_actions()))
        for pane in (self.entities_pane, self.claims_pane, self.implications_pane):
            pane.view.selectionModel().selectionChanged.connect(lambda *_: self.update_actions())
        self.undo_view.setStack(controller.undo_stack)
        controller.undo_stack.canUndoChanged.connect(self.actions_by_name["undo"].setEnabled)
        controller.undo_stack.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        # The label of the next undo goes in the tooltip; the button itself stays "Undo".
        controller.undo_stack.undoTextChanged.connect(
            lambda t: self.actions_by_name["undo"].setToolTip(f"Undo {t} (Ctrl+Z)".strip()))
        controller.undo_stack.redoTextChanged.connect(
            lambda t: self.actions_by_name["redo"].setToolTip(f"Redo {t} (Ctrl+Shift+Z)"))
        self.search_panel.search_fn = controller.search
        self.reader.view.analyst_names = controller.analyst_names()
        self.reload_all()
        self.stack.setCurrentWidget(self.workspace)
        self.sources_dock.show()
        if app_settings().value("window/state") is None:
            # First run: the sources and the suggestions queue grow with a big screen.
            self.resizeDocks([self.sources_dock], [max(330, self.width() // 5)],
                             Qt.Orientation.Horizontal)
        self._restore_splitters()
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
        self.tabs.clear()
        self.entities_pane = self.claims_pane = self.implications_pane = None
        self.sources_pane = None
        self.sources_dock.setWidget(QWidget())
        self.reader.show_source(None, "", "", "", [])
        self.detail.show_row("", None, "", "")
        self.search_panel.clear()  # results of a closed project open nothing
        self.refresh_review_panel()
        self.show_start_page()

    def show_start_page(self) -> None:
        self.start_page.set_recent(recent_files())
        self.stack.setCurrentWidget(self.start_page)
        self.sources_dock.hide()
        self.setWindowTitle("Dossier")
        self.counts_label.setText("")
        self.mode_label.setText("")
        self.refresh_recent_menu()
        self.update_actions()

    # ---- refresh -----------------------------------------------------------------------
    def reload_all(self) -> None:
        """Fill the tables: first pages at once, the rest read in the background."""
        assert self.controller is not None
        if self.table_loader is not None:
            self.table_loader.stop()
        self.table_loader = TableLoader(self.controller, {
            "sources": self.sources_model, "entities": self.entities_model,
            "claims": self.claims_model, "implications": self.implications_model}, self)
        self.table_loader.completed.connect(self.update_counts)
        self.table_loader.load()
        self.update_counts(now=True)

    def apply_changes(self, changes: Changes) -> None:
        """Fan one action's Changes out to exactly the views that show those rows."""
        if self.controller is None:
            return
        kinds = changes.kinds
        if self.table_loader is not None:
            self.table_loader.invalidate()  # lists still being read may predate this change
        if "analyst" in kinds:
            self.reader.view.analyst_names = self.controller.analyst_names()
        # Rows that move under the cursor while the models reload are not the analyst
        # choosing them: the reader stays where it is (see on_row).
        self._reloading = True
        try:
            self._apply_changes(changes)
        finally:
            self._reloading = False

    def _apply_changes(self, changes: Changes) -> None:
        assert self.controller is not None
        kinds = changes.kinds
        edited = _edited_in_place(changes)
        if edited is not None:
            self._patch(edited)
            self.statusBar().showMessage(sentence_case(changes.label), 4000)
            return
        if annotation_refresh(changes) is not None:
            self._refresh_annotated(changes)
            return
        if kinds & {"source", "mention", "claim"}:
            self.sources_model.set_rows(self.controller.sources())
        if kinds & ENTITY_KINDS:
            self.entities_model.set_rows(self.controller.entities())
        if kinds & {"claim", "support", "entity", "source"}:
            self.claims_model.set_rows(self.controller.claims())
        if kinds & {"implication", "support", "claim"}:
            self.implications_model.set_rows(self.controller.implications())
        if kinds & SPAN_KINDS and self.reader.source_uid:
            self.refresh_reader(keep_position=True)
        self.update_counts()
        self.sync_detail()
        self.update_actions()
        self.statusBar().showMessage(sentence_case(changes.label), 4000)

    def _patch(self, edited: tuple[str, list[str]]) -> None:
        """An edit of claims or implications that added, removed or re-ranked nothing:
        refresh just those rows (reloading 10,000 claims for one edit took a third of a
        second), and the reader's highlights."""
        assert self.controller is not None
        kind, uids = edited
        if kind == "claim":
            self.claims_model.patch_rows(self.controller.claims(uids))
        else:
            self.implications_model.patch_rows(self.controller.implications(uids))
        if self.reader.source_uid:
            self.refresh_reader(keep_position=True)
        self.sync_detail()
        self.update_actions()

    def _refresh_annotated(self, changes: Changes) -> None:
        """One annotation created, edited or deleted: refresh only the rows whose counts or
        contents it changed, and only its highlights (re-reading 5,000 spans and 50,000
        entities for one mention is what made adding one slow on big projects)."""
        assert self.controller is not None
        refresh = annotation_refresh(changes)
        assert refresh is not None
        if refresh.source_ids:
            # Only the counts move: re-reading a source row would read its whole text.
            counts = self.controller.source_counts(refresh.source_ids)
            self.sources_model.upsert_rows([
                replace(row, mentions=counts[row.id][0], claims=counts[row.id][1])
                for row in self.sources_model.row_values() if row.id in counts])
        if refresh.entity_ids:
            entity_rows = self.controller.entities(refresh.entity_ids)
            gone = changes.uids("entity") - {e.uid for e in entity_rows}
            self.entities_model.upsert_rows(entity_rows, frozenset(gone))
        for model, fetch, kind in ((self.claims_model, self.controller.claims, "claim"),
                                   (self.implications_model, self.controller.implications,
                                    "implication")):
            uids = changes.uids(kind)
            if uids:
                fresh = fetch(uids)
                model.upsert_rows(fresh, frozenset(uids - {r.uid for r in fresh}))
        if self.reader.source_uid:
            only = SpanFilter(uids=frozenset(refresh.annotation_uids),
                              anchor_uids=frozenset(changes.uids("anchor")),
                              entity_uids=frozenset(changes.uids("entity")))
            added = self.controller.spans(self.reader.source_uid, only)
            removed = set(only.uids)
            if only.entity_uids:
                removed |= {s.row.uid for s in self.reader.view.highlighter.spans
                            if s.row.target_uid in only.entity_uids}
            self.reader.view.update_spans(removed, added)
        self.update_counts()
        self.sync_detail()
        self.update_actions()
        self.statusBar().showMessage(sentence_case(changes.label), 4000)

    def refresh_reader(self, keep_position: bool = False) -> None:
        if self.controller is None or not self.reader.source_uid:
            return
        uid = self.reader.source_uid
        row = next((s for s in self.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            self.reader.show_source(None, "", "", "", [])
            return
        scroll = self.reader.view.verticalScrollBar().value()
        cursor = self.reader.view.textCursor()
        self.reader.title.setText(row.title)
        self.reader.meta.setText(source_meta(row.reliability, row.author, row.publisher,
                                             row.published_at))
        self.reader.view.set_spans(self.controller.spans(uid))
        if keep_position:
            self.reader.view.setTextCursor(cursor)
            self.reader.view.verticalScrollBar().setValue(scroll)

    def update_counts(self, *, now: bool = False) -> None:
        """The status bar's counts. After a change (or ``now`` is False) they are counted in a
        worker, so an edit never waits for ten counts over the whole project (a second at a
        million mentions): the label follows a moment later. Small projects count at once."""
        controller = self.controller
        if controller is None:
            return
        self._counts_asked += 1
        asked = self._counts_asked
        try:
            big = controller.ctx.path.stat().st_size > COUNT_IN_BACKGROUND_BYTES
        except OSError:
            big = False
        if now and not big:
            self._show_counts(asked, controller.counts())
            return
        worker = Worker(lambda _progress, _cancelled: controller.counts())
        worker.signals.finished.connect(lambda counts: self._show_counts(asked, counts))
        self.counts_worker = start(worker)

    def _show_counts(self, asked: int, counts: ProjectCounts) -> None:
        if asked != self._counts_asked or self.controller is None:
            return  # a newer count is on its way, or the project closed
        line = counts_line(counts)
        if self.table_loader is not None and self.table_loader.loading:
            line += " · loading the tables (first rows shown)…"
        self.counts_label.setText(line)

    def update_actions(self) -> None:
        has_project = self.controller is not None
        writable = has_project and not self.controller.ctx.read_only  # type: ignore[union-attr]
        for action in self.actions_by_name.values():
            needs = bool(action.property("needs_project"))
            writes = bool(action.property("writes"))
            action.setEnabled((not needs or has_project) and (not writes or writable))
        if has_project:
            stack = self.controller.undo_stack  # type: ignore[union-attr]
            self.actions_by_name["undo"].setEnabled(stack.canUndo())
            self.actions_by_name["redo"].setEnabled(stack.canRedo())
            entities_selected = (self.entities_pane is not None
                                 and len(self.entities_pane.selected_uids()) >= 2)
            self.actions_by_name["merge_entities"].setEnabled(writable and entities_selected)

    # ---- selection sync -----------------------------------------------------------------
    def show_source(self, uid: str) -> None:
        if self.controller is None or not uid:
            return
        if uid == self.reader.source_uid:
            return
        row = next((s for s in self.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            return
        self.reader.show_source(uid, row.title, source_meta(row.reliability, row.author,
                                                            row.publisher, row.published_at),
                                self.controller.source_text(uid), self.controller.spans(uid),
                                kind=str(row.kind))

    def open_source(self, uid: str) -> None:
        if self.sources_pane is not None and uid != self.reader.source_uid:
            self.sources_pane.select_uid(uid)
            self.show_source(uid)

    def on_row(self, kind: str, uid: str, pane: TablePane | None = None) -> None:
        # The details follow the table that is showing; a row chosen in a hidden tab
        # (its tab is about to be raised by select_annotation) is shown when it is.
        if pane is None or pane is self.tabs.currentWidget():
            self.refresh_detail(kind, uid)
        self.update_actions()
        if not uid or self.controller is None or self._reloading:
            return
        if kind == "entity":
            positions = self.controller.mention_positions(uid)
            here = [p for p in positions if p[0] == self.reader.source_uid]
            target = (here or positions or [None])[0]
            if target:
                self._mention_cursor[uid] = positions.index(target)
                self.open_source(target[0])
                self.reader.view.reveal(target[1], target[2])
            return
        model = self.claims_model if kind == "claim" else self.implications_model
        row = model.row_at(model.row_by_uid(uid)) if model.row_by_uid(uid) >= 0 else None
        if row is not None and row.source_uid and row.start is not None:
            self.open_source(row.source_uid)
            self.reader.view.reveal(row.start, row.end)

    def step_mention(self, step: int) -> None:
        if self.controller is None or self.entities_pane is None:
            return
        uid = self.entities_pane.current_uid()
        positions = self.controller.mention_positions(uid)
        if not positions:
            return
        index = (self._mention_cursor.get(uid, 0) + step) % len(positions)
        self._mention_cursor[uid] = index
        source_uid, start, end = positions[index]
        self.open_source(source_uid)
        self.reader.view.reveal(start, end)
        self.statusBar().showMessage(f"Mention {index + 1} of {len(positions)}", 3000)

    def select_annotation(self, kind: str, uid: str) -> None:
        """Select the table row behind a highlight or a link."""
        if self.entities_pane is None:
            return
        if kind == "mention":
            span = next((s.row for s in self.reader.view.highlighter.spans if s.row.uid == uid),
                        None)
            kind, uid = "entity", span.target_uid if span else ""
        pane = {"entity": self.entities_pane, "claim": self.claims_pane,
                "implication": self.implications_pane}.get(kind)
        if pane is None or not uid:
            return
        self.tabs.setCurrentWidget(pane)
        if pane.select_uid(uid):
            self.refresh_detail(kind, uid)  # even when the row was already the current one

    def sync_detail(self) -> None:
        """Show the current row of the table on show (the details never lag behind it)."""
        pane = self.tabs.currentWidget()
        kind = {self.entities_pane: "entity", self.claims_pane: "claim",
                self.implications_pane: "implication"}.get(pane)  # type: ignore[call-overload]
        if kind is None or not isinstance(pane, TablePane):
            self.detail.show_row("", None, "", "")
            return
        self.refresh_detail(kind, pane.current_uid())

    def refresh_detail(self, kind: str | None = None, uid: str | None = None) -> None:
        if self.controller is None:
            return
        kind = kind if kind is not None else self.detail.kind
        uid = uid if uid is not None else self.detail.uid
        esc = html.escape
        if kind == "entity" and uid:
            index = self.entities_model.row_by_uid(uid)
            row = self.entities_model.row_at(index) if index >= 0 else None
            if row is None:
                self.detail.show_row("", None, "", "")
                return
            said = [("claim", c.uid, f"{c.grade} {c.statement}")
                    for c in self.claims_model.all_rows() if c.claimant_uid == uid]
            aliases = ", ".join(row.aliases) or "no aliases"
            self.detail.show_row(kind, row, f"{row.name} — {aliases}; {_count(row.mentions, 'mention')}"
                                 f" in {_count(row.sources, 'source')}",
                                 link_list("Claims made", said, esc))
        elif kind == "claim" and uid:
            index = self.claims_model.row_by_uid(uid)
            row = self.claims_model.row_at(index) if index >= 0 else None
            if row is None:
                self.detail.show_row("", None, "", "")
                return
            titles = {i.uid: i.text for i in self.implications_model.all_rows()}
            links = [("implication", s.implication_uid,
                      f"{s.relation}: {titles.get(s.implication_uid, '')}")
                     for s in self.controller.supports() if s.claim_uid == uid]
            who = row.claimant_name or "the source itself"
            self.detail.show_row(kind, row, f"Claim {row.grade} by {who}",
                                 link_list("Linked implications", links, esc))
        elif kind == "implication" and uid:
            index = self.implications_model.row_by_uid(uid)
            row = self.implications_model.row_at(index) if index >= 0 else None
            if row is None:
                self.detail.show_row("", None, "", "")
                return
            claims = {c.uid: c for c in self.claims_model.all_rows()}
            links = [("claim", s.claim_uid, f"{s.relation}: {claims[s.claim_uid].grade} "
                      f"{claims[s.claim_uid].statement}")
                     for s in self.controller.supports()
                     if s.implication_uid == uid and s.claim_uid in claims]
            self.detail.show_row(kind, row, f"{row.kind.capitalize()} — {row.supports} "
                                 f"supporting, {row.contradicts} contradicting",
                                 link_list("Evidence", links, esc))
        else:
            self.detail.show_row("", None, "", "")

    def open_search_place(self, source_uid: str, start: int, end: int) -> None:
        """A search hit inside a source: open it there."""
        self.open_source(source_uid)
        if self.reader.source_uid == source_uid:
            self.reader.view.reveal(start, end)

    def open_search_hit(self, kind: str, uid: str) -> None:
        if kind == "source":
            self.open_source(uid)
        else:
            self.select_annotation(kind, uid)

    # ---- panes and the keyboard ------------------------------------------------------
    def pane_widgets(self) -> dict[str, tuple[QWidget, QWidget]]:
        """Each pane that can take the keyboard now: name -> (its area, what gets focus)."""
        found: dict[str, tuple[QWidget, QWidget]] = {}
        if self.controller is None:
            return found
        if self.sources_pane is not None and self.sources_dock.isVisible():
            found["sources"] = (self.sources_dock, self.sources_pane.view)
        found["reader"] = (self.reader, self.reader.view)
        for name, pane in (("entities", self.entities_pane), ("claims", self.claims_pane),
                           ("implications", self.implications_pane)):
            if pane is not None:
                found[name] = (pane, pane.view)
        found["details"] = (self.detail, self.detail.focus_target())
        if self.search_dock.isVisible():
            found["search"] = (self.search_dock, self.search_panel.query)
        suggestions = getattr(self, "suggestions_dock", None)
        if suggestions is not None and suggestions.isVisible():
            found["suggestions"] = (suggestions, self.review_panel.view)
        return found

    def go_to_pane(self, name: str) -> bool:
        """Alt+letter: raise the pane (its tab or dock) and put the keyboard in it."""
        if self.controller is None:
            return False
        if name == "search":
            self._show_search()
            return True
        if name == "suggestions" and hasattr(self, "show_review_panel"):
            self.show_review_panel()
        if name == "sources":
            self.sources_dock.show()
        panes = self.pane_widgets()
        if name not in panes:
            return False
        area, target = panes[name]
        if area.parentWidget() is not None and self.tabs.indexOf(area) >= 0:
            self.tabs.setCurrentWidget(area)
        if isinstance(area, QDockWidget):
            area.raise_()
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def cycle_pane(self, step: int) -> None:
        """F6 / Shift+F6: the next pane in the window's reading order (the tables only
        as the one tab on show)."""
        panes = self.pane_widgets()
        current_tab = self.tabs.currentWidget()
        order = [n for n in ("sources", "reader", "entities", "claims", "implications",
                             "details", "suggestions", "search")
                 if n in panes and (panes[n][0] is current_tab
                                    or n not in ("entities", "claims", "implications"))]
        if not order:
            return
        focus = QApplication.focusWidget()
        here = next((i for i, n in enumerate(order)
                     if focus is not None and (focus is panes[n][0]
                                               or panes[n][0].isAncestorOf(focus))), None)
        following = order[0] if here is None else order[(here + step) % len(order)]
        self.go_to_pane(following)

    def show_legend(self) -> None:
        from desktop.ui.legend import LegendDialog

        dialog = self.findChild(LegendDialog)
        if dialog is None:
            dialog = LegendDialog(self)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _show_search(self) -> None:
        self.search_dock.show()
        self.search_dock.raise_()
        self.search_panel.query.setFocus()
        self.search_panel.query.selectAll()

    def _delegate(self) -> FieldDelegate:
        # One delegate per view: a delegate shared between views confuses their editors.
        return FieldDelegate(self._claimant_choices, self)

    def _claimant_choices(self) -> list[tuple[str, str]]:
        return [(e.uid, e.name) for e in self.entities_model.all_rows()]

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

    # ---- window state -----------------------------------------------------------------------
    def _restore_layout(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self._restore_splitters()

    def _restore_splitters(self) -> None:
        settings = app_settings()
        for splitter in (self.main_splitter, self.right_splitter):
            saved = settings.value(f"window/{splitter.objectName()}")
            if isinstance(saved, QByteArray):
                splitter.restoreState(saved)
            elif splitter is self.right_splitter:
                self.right_splitter.setSizes([560, 240])  # first run: room for the details

    def save_layout(self) -> None:
        settings = app_settings()
        if self.stack.currentWidget() is not self.workspace:
            settings.setValue("window/geometry", self.saveGeometry())
            settings.sync()
            return
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for splitter in (self.main_splitter, self.right_splitter):
            settings.setValue(f"window/{splitter.objectName()}", splitter.saveState())
        settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        style = (Qt.ToolButtonStyle.ToolButtonTextBesideIcon
                 if event.size().width() >= TOOLBAR_TEXT_MIN_WIDTH
                 else Qt.ToolButtonStyle.ToolButtonIconOnly)
        if self.toolbar.toolButtonStyle() != style:
            self.toolbar.setToolButtonStyle(style)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.detach()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.controller is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)


def _edited_in_place(changes: Changes) -> tuple[str, list[str]] | None:
    """(kind, uids) when ``changes`` only edited existing claims or implications in place."""
    kinds = changes.kinds
    if len(kinds) != 1 or not kinds <= {"claim", "implication"}:
        return None
    for row in changes.rows:
        before, after = row.before, row.after
        if before is None or any(before.get(k) != after.get(k)
                                 for k in ("deleted_at", "review_state", "rank")):
            return None
    return next(iter(kinds)), [row.uid for row in changes.rows]


@dataclass(frozen=True)
class AnnotationRefresh:
    source_ids: frozenset[int]
    entity_ids: frozenset[int]
    annotation_uids: frozenset[str]


def annotation_refresh(changes: Changes) -> AnnotationRefresh | None:
    """What one annotation action changed, when it is one the window refreshes piecemeal.

    Mentions created, moved or deleted, and claims, implications or entities created:
    the rows they touch are known from the snapshots. Anything else (an edit of an
    entity that claims show, a deleted claim other rows count, links, sources, a
    merge) returns None and the views reload as before.
    """
    kinds = changes.kinds
    if not kinds or not kinds <= {"mention", "anchor", "entity", "entity_alias", "claim",
                                  "implication"}:
        return None
    if not kinds & {"mention", "claim", "implication"} or len(changes.rows) > PIECEMEAL_MAX_ROWS:
        return None
    if "entity" in kinds and "mention" not in kinds:
        return None  # a new claimant: its row id is known from no mention snapshot
    if any(r.before is not None for r in changes.rows
           if r.table in ("entity", "claim", "implication")):
        return None
    sources: set[int] = set()
    entities: set[int] = set()
    for row in changes.rows:
        if row.table not in ("mention", "claim", "entity_alias"):
            continue
        for snap in (row.before, row.after):
            if snap is None:
                continue
            if row.table != "entity_alias" and isinstance(snap.get("source_id"), int):
                sources.add(snap["source_id"])
            if row.table != "claim" and isinstance(snap.get("entity_id"), int):
                entities.add(snap["entity_id"])
    annotations = {r.uid for r in changes.rows if r.table in ("mention", "claim", "implication")}
    return AnnotationRefresh(frozenset(sources), frozenset(entities), frozenset(annotations))


def _count(n: int, noun: str) -> str:
    return plural(n, noun)
