"""Events and relations in the window: their tables, the Timeline, the Link chart, T and R.

One object composed into the main window (no mixin): it owns its panes and views,
binds its own actions (``annotate_event``, ``annotate_relation``, ``view_timeline``,
``view_link_chart``) and subscribes to the controller's changes itself, refreshing
only when a change touches a table its kinds are built from (the registry's
``refresh_on``), as Anki's views do with ``OpChanges``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog

from db.repository.rows import SpanRow
from desktop.assist.events import date_in
from desktop.core.changes import Changes
from desktop.core.errors import ServiceError
from desktop.core.kinds import EVENT, RELATION
from desktop.services import events, relations
from desktop.services.chronology import chronology
from desktop.services.link_graph import build_graph
from desktop.services.steps import in_one_step
from desktop.ui.actions import Act
from desktop.ui.controller import ProjectController
from desktop.ui.detail_panel import link_list
from desktop.ui.dialogs.event_dialog import EventDialog
from desktop.ui.dialogs.relation_dialog import RelationDialog
from desktop.ui.kind_models import EventsModel, RelationsModel
from desktop.ui.link_chart import LinkChart
from desktop.ui.table_pane import TablePane
from desktop.ui.timeline_view import TimelineView

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# Entity types that say where something happened, best first (an event's place is
# pre-filled with the first such entity named in the selection).
PLACE_TYPES = ("LOCATION", "GPE", "FACILITY")


class Connections(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller: ProjectController | None = None
        self.events_pane: TablePane | None = None
        self.relations_pane: TablePane | None = None
        self.timeline = TimelineView(window)
        self.link_chart = LinkChart(window)
        self.timeline_dock = _dock("Timeline", "timelineDock", self.timeline, window)
        self.chart_dock = _dock("Link chart", "linkChartDock", self.link_chart, window)
        # One bottom area with a tab each: a chart needs the window's width, not half of it.
        window.tabifyDockWidget(self.timeline_dock, self.chart_dock)
        a = window.actions_by_name
        a[Act.ANNOTATE_EVENT].triggered.connect(self.annotate_event)
        a[Act.ANNOTATE_RELATION].triggered.connect(self.annotate_relation)
        a[Act.VIEW_TIMELINE].triggered.connect(lambda: self.show_dock(self.timeline_dock))
        a[Act.VIEW_LINK_CHART].triggered.connect(lambda: self.show_dock(self.chart_dock))
        for name in ("annotate_event", "annotate_relation"):
            window.reader.view.addAction(a[name])
        self.timeline.event_activated.connect(lambda uid: self.select("event", uid))
        self.link_chart.node_activated.connect(lambda uid: window.navigator.select_annotation("entity",
                                                                                   uid))
        self.link_chart.edge_activated.connect(self._edge_activated)
        self.link_chart.export_button.clicked.connect(self.export_chart)
        self.timeline_dock.visibilityChanged.connect(lambda shown: shown and self.refresh_timeline())
        self.chart_dock.visibilityChanged.connect(lambda shown: shown and self.refresh_chart())
        self._chart_stale = self._timeline_stale = True

    # ---- project lifecycle -------------------------------------------------------------
    def attach(self, controller: ProjectController) -> None:
        self.controller = controller
        w = self.window
        self.events_model = EventsModel(controller, w)
        self.relations_model = RelationsModel(controller, w)
        self.events_pane = TablePane("Events", self.events_model, w._delegate(),
                                     [150, 320, 120, 200, 50, 160, 100])
        self.relations_pane = TablePane("Relations", self.relations_model, w._delegate(),
                                        [150, 100, 150, 50, 260, 160, 100])
        w.tabs.addTab(self.events_pane, "Events")
        w.tabs.addTab(self.relations_pane, "Relations")
        for pane, kind in ((self.events_pane, "event"), (self.relations_pane, "relation")):
            pane.current_changed.connect(lambda uid, k=kind, p=pane: self.on_row(k, uid, p))
            pane.view.selectionModel().selectionChanged.connect(lambda *_: w.update_actions())
        controller.changed.connect(self.apply_changes)
        self._chart_stale = self._timeline_stale = True
        self.reload()

    def detach(self) -> None:
        self.controller = None
        self.events_pane = self.relations_pane = None
        self.timeline.set_events([])

    def panes(self) -> list[TablePane]:
        return [p for p in (self.events_pane, self.relations_pane) if p is not None]

    def pane_for(self, kind: str) -> TablePane | None:
        return {"event": self.events_pane, "relation": self.relations_pane}.get(kind)

    # ---- refresh (this object decides what it redraws) --------------------------------
    def reload(self) -> None:
        if self.controller is None:
            return
        self.events_model.set_rows(self.controller.rows("event"))
        self.relations_model.set_rows(self.controller.rows("relation"))
        self.refresh_timeline()
        self.refresh_chart()

    def apply_changes(self, changes: Changes) -> None:
        if self.controller is None or sender_gone(self):
            return
        kinds = changes.kinds
        if kinds & EVENT.refresh_on:
            self.events_model.set_rows(self.controller.rows("event"))
            self._timeline_stale = True
            self.refresh_timeline()
        if kinds & RELATION.refresh_on:
            self.relations_model.set_rows(self.controller.rows("relation"))
        if kinds & (RELATION.refresh_on | {"mention", "anchor"}):
            self._chart_stale = True
            self.refresh_chart()

    def refresh_timeline(self) -> None:
        """Redraw the timeline now if it is shown, else when it next is."""
        if self.controller is None or not (self._timeline_stale and self.timeline_dock.isVisible()):
            return
        self._timeline_stale = False
        self.timeline.set_events(chronology(self.events_model.all_rows()))

    def refresh_chart(self) -> None:
        if self.controller is None or not (self._chart_stale and self.chart_dock.isVisible()):
            return
        self._chart_stale = False
        with self.controller.ctx.reading() as session:
            graph = build_graph(session)
        sources = [(s.uid, s.title) for s in self.window.sources_model.all_rows()]
        self.link_chart.set_graph(graph, sources)

    def show_dock(self, dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()
        if dock.height() < self.window.height() // 4:  # first shown: room to read a chart
            self.window.resizeDocks([dock], [int(self.window.height() * 0.42)],
                                    Qt.Orientation.Vertical)
        dock.widget().setFocus()

    # ---- selection and details ---------------------------------------------------------
    def select(self, kind: str, uid: str) -> bool:
        pane = self.pane_for(kind)
        if pane is None or not uid:
            return False
        self.window.tabs.setCurrentWidget(pane)
        if pane.select_uid(uid):
            self.show_detail(kind, uid)
            return True
        return False

    def on_row(self, kind: str, uid: str, pane: TablePane) -> None:
        w = self.window
        if pane is w.tabs.currentWidget():
            self.show_detail(kind, uid)
        w.update_actions()
        model = self.events_model if kind == "event" else self.relations_model
        index = model.row_by_uid(uid) if uid else -1
        row = model.row_at(index) if index >= 0 else None
        if row is not None and row.source_uid and row.start is not None:
            w.navigator.open_source(row.source_uid)
            w.reader.view.reveal(row.start, row.end)
        if kind == "event" and uid:
            self.timeline.select_uid(uid)

    def show_detail(self, kind: str, uid: str) -> bool:
        """Fill the detail panel for an event or relation; False for other kinds."""
        esc = html.escape
        if kind == "event":
            index = self.events_model.row_by_uid(uid) if uid else -1
            row = self.events_model.row_at(index) if index >= 0 else None
            if row is None:
                self.window.detail.show_row("", None, "", "")
                return True
            claims = {c.uid: c for c in self.window.claims_model.all_rows()}
            links = [("claim", u, f"{claims[u].grade} {claims[u].statement}")
                     for u in row.claim_uids if u in claims]
            where = f" in {row.place_name}" if row.place_name else ""
            said = f" (“{row.date_text}”)" if row.date_text else ""
            self.window.detail.show_row(kind, row, f"{row.when}{said}{where}",
                                        link_list("Asserted by", links, esc))
            return True
        if kind == "relation":
            index = self.relations_model.row_by_uid(uid) if uid else -1
            row = self.relations_model.row_at(index) if index >= 0 else None
            if row is None:
                self.window.detail.show_row("", None, "", "")
                return True
            links = ([("claim", row.claim_uid, f"{row.grade} {row.claim_statement}")]
                     if row.claim_uid else [])
            self.window.detail.show_row(
                kind, row, f"{row.subject_name} {row.type} {row.object_name}",
                link_list("Rests on", links, esc))
            return True
        return False

    def _edge_activated(self, kind: str, uid: str) -> None:
        if kind == "relation":
            self.select("relation", uid)
        else:
            self.window.navigator.select_annotation("claim", uid)

    # ---- T and R -----------------------------------------------------------------------
    def _context(self) -> tuple[tuple[str, int, int, str], list[SpanRow], Any] | None:
        w = self.window
        selection = w.reader_selection()
        if self.controller is None or selection is None:
            w.statusBar().showMessage("Select the text that reports it first.", 4000)
            return None
        source_uid, start, end, _quote = selection
        spans = [s for s in self.controller.spans(source_uid)
                 if s.start < end and s.end > start and not s.orphaned]
        source = next((s for s in w.sources_model.all_rows() if s.uid == source_uid), None)
        return selection, spans, source

    def annotate_event(self) -> None:
        found = self._context()
        if found is None or self.controller is None:
            return
        (source_uid, start, end, quote), spans, source = found
        entities = [(e.uid, e.name) for e in self.window.entities_model.all_rows()]
        named = [s for s in spans if s.kind == "mention" and s.target_uid]
        places = sorted((s for s in named if s.category in PLACE_TYPES),
                        key=lambda s: PLACE_TYPES.index(s.category))
        place = places[0].target_uid if places else ""
        people = {s.target_uid for s in named if s.target_uid != place}
        claim_spans = [s for s in spans if s.kind == "claim"]
        claims = [(s.uid, f"{s.category} {s.label}") for s in claim_spans]
        dated = date_in(quote, source.published_at if source is not None else "")
        dialog = EventDialog(quote, entities, claims,
                             when=dated[1].text() if dated else "",
                             date_text=dated[0] if dated else "", participants=people,
                             linked_claims={s.uid for s in claim_spans}, parent=self.window)
        if place:
            dialog.place.set_value(place)
        ctx = self.controller.ctx

        def accepted() -> None:
            v = dialog.values()
            draft = events.EventDraft(
                title=str(v["title"]), when=str(v["when"]), source_uid=source_uid, start=start,
                end=end, place_uid=v["place_uid"] or None,  # type: ignore[arg-type]
                participant_uids=v["participant_uids"],  # type: ignore[arg-type]
                claim_uids=v["claim_uids"], date_text=str(v["date_text"]))  # type: ignore[arg-type]
            if self.controller is not None:
                changes = self.controller.perform(lambda: events.create_event(ctx, draft))
                if changes and changes.primary_uid:
                    self.select("event", changes.primary_uid)

        self.window.open_dialog(dialog, accepted)

    def annotate_relation(self) -> None:
        found = self._context()
        if found is None or self.controller is None:
            return
        (source_uid, start, end, quote), spans, _source = found
        entities = [(e.uid, e.name) for e in self.window.entities_model.all_rows()]
        named = list(dict.fromkeys(s.target_uid for s in sorted(spans, key=lambda s: s.start)
                                   if s.kind == "mention" and s.target_uid))
        claim_spans = [s for s in spans if s.kind == "claim"]
        claims = [(s.uid, f"{s.category} {s.label}") for s in claim_spans]
        try:
            types = relations.relation_types(self.controller.ctx)
        except ServiceError as err:
            self.window.show_error(str(err))
            return
        dialog = RelationDialog(quote, entities, types, claims,
                                subject=named[0] if named else "",
                                obj=named[1] if len(named) > 1 else "",
                                claim=claim_spans[0].uid if claim_spans else "",
                                parent=self.window)
        ctx = self.controller.ctx

        def accepted() -> None:
            v = dialog.values()
            draft = relations.RelationDraft(
                subject_uid=str(v["subject_uid"]), type=str(v["type"]),
                object_uid=str(v["object_uid"]), claim_uid=v["claim_uid"] or None,  # type: ignore[arg-type]
                source_uid=source_uid, start=start, end=end, notes=str(v["notes"]))
            new_type = dialog.is_new_type()

            def create() -> Changes:
                if not new_type:
                    return relations.create_relation(ctx, draft)
                return in_one_step(ctx, f"create relation “{draft.type}”",
                                   lambda: relations.add_relation_type(ctx, draft.type),
                                   lambda: relations.create_relation(ctx, draft))

            if self.controller is not None:
                changes = self.controller.perform(create)
                if changes and changes.primary_uid:
                    self.select("relation", changes.primary_uid)

        self.window.open_dialog(dialog, accepted)

    # ---- export ------------------------------------------------------------------------
    def export_chart(self) -> None:
        from pathlib import Path

        path, _filter = QFileDialog.getSaveFileName(
            self.window, "Export link chart", "link-chart.svg",
            "SVG drawing (*.svg);;PNG image (*.png)")
        if not path:
            return
        try:
            written = self.link_chart.export(Path(path))
        except OSError as err:
            self.window.show_error(str(err))
            return
        self.window.statusBar().showMessage(f"Link chart written to {written}", 5000)


def _dock(title: str, name: str, widget: Any, window: MainWindow) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    return dock


def sender_gone(obj: QObject) -> bool:
    """True once the window that owns ``obj`` is closing (late signals are ignored)."""
    import shiboken6

    return not shiboken6.isValid(obj)
