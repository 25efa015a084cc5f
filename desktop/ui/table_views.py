"""The tables and the reader kept in step with the project: each refresh decides from the
Changes of one action which rows and highlights it touched, and reloads only those.

One object composed into the main window; it subscribes to the controller's
``changed`` itself (Anki's OpChanges pattern) rather than being told by the window.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from db.repository.queries import SpanFilter
from desktop.core.changes import Changes
from desktop.core.kinds import CLAIM, ENTITY, IMPLICATION, KINDS, SOURCE
from desktop.services.counts import ProjectCounts, counts_line, sentence_case
from desktop.ui.controller import ProjectController
from desktop.ui.reader import source_meta
from desktop.ui.table_loader import TableLoader
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# Up to this many changed rows a refresh goes row by row; a bigger action reloads the views.
PIECEMEAL_MAX_ROWS = 400
# Above this file size the status bar's counts are computed in a worker.
COUNT_IN_BACKGROUND_BYTES = 32 * 1024 * 1024
# The reader redraws when a change touches what any kind it highlights is built from.
SPAN_KINDS = frozenset({"anchor"}).union(*(k.refresh_on for k in KINDS if k.spans))


class TableViews(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        # Rows that move under the cursor while the models reload are not the analyst
        # choosing them: the reader stays where it is (see Navigator.on_row).
        self.reloading = False
        self._counts_asked = 0
        self.counts_worker: Worker | None = None

    def attach(self, controller: ProjectController) -> None:
        controller.changed.connect(self.apply_changes)

    def reload_all(self) -> None:
        """Fill the tables: first pages at once, the rest read in the background."""
        assert self.window.controller is not None
        if self.window.table_loader is not None:
            self.window.table_loader.stop()
        self.window.table_loader = TableLoader(self.window.controller, {
            "sources": self.window.sources_model, "entities": self.window.entities_model,
            "claims": self.window.claims_model, "implications": self.window.implications_model}, self.window)
        self.window.table_loader.completed.connect(self.update_counts)
        self.window.table_loader.load()
        self.update_counts(now=True)

    def apply_changes(self, changes: Changes) -> None:
        """Fan one action's Changes out to exactly the views that show those rows."""
        if self.window.controller is None:
            return
        kinds = changes.kinds
        if self.window.table_loader is not None:
            self.window.table_loader.invalidate()  # lists still being read may predate this change
        if "analyst" in kinds:
            self.window.reader.view.analyst_names = self.window.controller.analyst_names()
        # Rows that move under the cursor while the models reload are not the analyst
        # choosing them: the reader stays where it is (see on_row).
        self.reloading = True
        try:
            self._apply_changes(changes)
        finally:
            self.reloading = False

    def _apply_changes(self, changes: Changes) -> None:
        assert self.window.controller is not None
        kinds = changes.kinds
        edited = _edited_in_place(changes)
        if edited is not None:
            self._patch(edited)
            self.window.statusBar().showMessage(sentence_case(changes.label), 4000)
            return
        if annotation_refresh(changes) is not None:
            self._refresh_annotated(changes)
            return
        # Each table reloads when a change touches what its kind's rows are built from.
        if kinds & SOURCE.refresh_on:
            self.window.sources_model.set_rows(self.window.controller.sources())
        if kinds & ENTITY.refresh_on:
            self.window.entities_model.set_rows(self.window.controller.entities())
        if kinds & CLAIM.refresh_on:
            self.window.claims_model.set_rows(self.window.controller.claims())
        if kinds & IMPLICATION.refresh_on:
            self.window.implications_model.set_rows(self.window.controller.implications())
        if kinds & SPAN_KINDS and self.window.reader.source_uid:
            self.refresh_reader(keep_position=True)
        self.update_counts()
        self.window.navigator.sync_detail()
        self.window.update_actions()
        self.window.statusBar().showMessage(sentence_case(changes.label), 4000)

    def _patch(self, edited: tuple[str, list[str]]) -> None:
        """An edit of claims or implications that added, removed or re-ranked nothing:
        refresh just those rows (reloading 10,000 claims for one edit took a third of a
        second), and the reader's highlights."""
        assert self.window.controller is not None
        kind, uids = edited
        if kind == "claim":
            self.window.claims_model.patch_rows(self.window.controller.claims(uids))
        else:
            self.window.implications_model.patch_rows(self.window.controller.implications(uids))
        if self.window.reader.source_uid:
            self.refresh_reader(keep_position=True)
        self.window.navigator.sync_detail()
        self.window.update_actions()

    def _refresh_annotated(self, changes: Changes) -> None:
        """One annotation created, edited or deleted: refresh only the rows whose counts or
        contents it changed, and only its highlights (re-reading 5,000 spans and 50,000
        entities for one mention is what made adding one slow on big projects)."""
        assert self.window.controller is not None
        refresh = annotation_refresh(changes)
        assert refresh is not None
        if refresh.source_ids:
            # Only the counts move: re-reading a source row would read its whole text.
            counts = self.window.controller.source_counts(refresh.source_ids)
            self.window.sources_model.upsert_rows([
                replace(row, mentions=counts[row.id][0], claims=counts[row.id][1])
                for row in self.window.sources_model.row_values() if row.id in counts])
        if refresh.entity_ids:
            entity_rows = self.window.controller.entities(refresh.entity_ids)
            gone = changes.uids("entity") - {e.uid for e in entity_rows}
            self.window.entities_model.upsert_rows(entity_rows, frozenset(gone))
        for model, fetch, kind in ((self.window.claims_model, self.window.controller.claims, "claim"),
                                   (self.window.implications_model, self.window.controller.implications,
                                    "implication")):
            uids = changes.uids(kind)
            if uids:
                fresh = fetch(uids)
                model.upsert_rows(fresh, frozenset(uids - {r.uid for r in fresh}))
        if self.window.reader.source_uid:
            only = SpanFilter(uids=frozenset(refresh.annotation_uids),
                              anchor_uids=frozenset(changes.uids("anchor")),
                              entity_uids=frozenset(changes.uids("entity")))
            added = self.window.controller.spans(self.window.reader.source_uid, only)
            removed = set(only.uids)
            if only.entity_uids:
                removed |= {s.row.uid for s in self.window.reader.view.highlighter.spans
                            if s.row.target_uid in only.entity_uids}
            self.window.reader.view.update_spans(removed, added)
        self.update_counts()
        self.window.navigator.sync_detail()
        self.window.update_actions()
        self.window.statusBar().showMessage(sentence_case(changes.label), 4000)

    def refresh_reader(self, keep_position: bool = False) -> None:
        if self.window.controller is None or not self.window.reader.source_uid:
            return
        uid = self.window.reader.source_uid
        row = next((s for s in self.window.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            self.window.reader.show_source(None, "", "", "", [])
            return
        scroll = self.window.reader.view.verticalScrollBar().value()
        cursor = self.window.reader.view.textCursor()
        self.window.reader.title.setText(row.title)
        self.window.reader.meta.setText(source_meta(row.reliability, row.author, row.publisher,
                                             row.published_at))
        self.window.reader.view.set_spans(self.window.controller.spans(uid))
        if keep_position:
            self.window.reader.view.setTextCursor(cursor)
            self.window.reader.view.verticalScrollBar().setValue(scroll)

    def update_counts(self, *, now: bool = False) -> None:
        """The status bar's counts. After a change (or ``now`` is False) they are counted in a
        worker, so an edit never waits for ten counts over the whole project (a second at a
        million mentions): the label follows a moment later. Small projects count at once."""
        controller = self.window.controller
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
        if asked != self._counts_asked or self.window.controller is None:
            return  # a newer count is on its way, or the project closed
        line = counts_line(counts)
        if self.window.table_loader is not None and self.window.table_loader.loading:
            line += " · loading the tables (first rows shown)…"
        self.window.counts_label.setText(line)


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


