"""The open project as the GUI sees it: services behind undo, and change notifications.

Widgets ask the controller for rows and send it actions; every action becomes a
ServiceCommand on the one undo stack, and its Changes are broadcast through
``changed`` so each view refreshes only what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from db.repository import queries
from db.repository.rows import ClaimRow, EntityRow, ImplicationRow, SourceRow, SpanRow
from db.search import SearchHit
from db.search import search as fts_search
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.services import sources as source_service
from desktop.services.counts import ProjectCounts, project_counts
from desktop.ui.undo import ServiceCommand


@dataclass(frozen=True)
class OccurrenceHit(SearchHit):
    """A search hit at one place in a source's text (code points)."""

    start: int = 0
    end: int = 0


class ProjectController(QObject):
    changed = Signal(object)  # Changes
    error = Signal(str)

    def __init__(self, ctx: ProjectContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        self._analyst_names: dict[str, str] | None = None

    # ---- actions -------------------------------------------------------------------
    def perform(self, action: Callable[[], Changes]) -> Changes | None:
        """Run a service call as one undoable step; returns its Changes (None on failure)."""
        if self.ctx.read_only:
            self.error.emit("This project is open read-only; changes cannot be saved.")
            return None
        command = ServiceCommand(self.ctx, action, self._broadcast, self._report)
        self.undo_stack.push(command)
        if command.failed:
            return None
        return command.changes

    def push_done(self, changes: Changes) -> None:
        """Put an action that already ran (e.g. a background import) on the undo stack."""
        if changes:
            self.undo_stack.push(ServiceCommand(self.ctx, lambda: changes, self._broadcast,
                                                self._report))

    def apply_external(self, changes: Changes) -> None:
        """Rows changed by something that is not undone step by step (a merge).

        Earlier undo steps could now overwrite a colleague's newer version, so the
        stack starts afresh; the merge itself is undone by restoring its backup.
        """
        self.undo_stack.clear()
        self._broadcast(changes)

    def _broadcast(self, changes: Changes) -> None:
        if changes:
            if "analyst" in changes.kinds:
                self._analyst_names = None
            self.changed.emit(changes)

    def _report(self, err: Exception) -> None:
        self.error.emit(str(err) or type(err).__name__)

    # ---- reads ---------------------------------------------------------------------
    def sources(self, ids: Collection[int] | None = None) -> list[SourceRow]:
        with self.ctx.reading() as session:
            return queries.list_sources(session, ids=ids)

    def source_counts(self, ids: Collection[int]) -> dict[int, tuple[int, int]]:
        with self.ctx.reading() as session:
            return queries.source_counts(session, ids)

    def entities(self, ids: Collection[int] | None = None) -> list[EntityRow]:
        with self.ctx.reading() as session:
            return queries.list_entities(session, include_suggested=False, ids=ids)

    def claims(self, uids: Collection[str] | None = None) -> list[ClaimRow]:
        with self.ctx.reading() as session:
            return queries.list_claims(session, include_suggested=False, uids=uids)

    def implications(self, uids: Collection[str] | None = None) -> list[ImplicationRow]:
        with self.ctx.reading() as session:
            return queries.list_implications(session, include_suggested=False, uids=uids)

    def counts(self) -> ProjectCounts:
        return project_counts(self.ctx)

    def supports(self) -> list[Any]:
        with self.ctx.reading() as session:
            return queries.list_supports(session)

    def source_text(self, uid: str) -> str:
        return source_service.source_text(self.ctx, uid)

    def source_id(self, uid: str) -> int | None:
        return next((s.id for s in self.sources() if s.uid == uid), None)

    def spans(self, source_uid: str, only: queries.SpanFilter | None = None) -> list[SpanRow]:
        with self.ctx.reading() as session:
            # The id only: loading the Source row would read its whole text (megabytes).
            source_id = queries.source_id_of(session, source_uid)
            if source_id is None:
                source_service.get_source(session, source_uid)  # says it no longer exists
            return queries.spans_for_source(session, int(source_id or 0), only=only)

    def mention_positions(self, entity_uid: str) -> list[tuple[str, int, int]]:
        with self.ctx.reading() as session:
            return queries.mention_positions(session, entity_uid)

    def search(self, text: str) -> list[SearchHit]:
        """Matching rows; a source is one hit per place its text matches (with offsets)."""
        from desktop.services.occurrences import occurrences

        with self.ctx.reading() as session:
            hits = fts_search(session, text)
            found: list[SearchHit] = []
            for hit in hits:
                if hit.kind != "source":
                    found.append(hit)
                    continue
                body = source_service.get_source(session, hit.uid).text
                places = occurrences(body, text)
                found += [OccurrenceHit(hit.kind, hit.uid, hit.title, p.snippet, p.start, p.end)
                          for p in places] or [hit]
            return found

    def analyst_names(self) -> dict[str, str]:
        if self._analyst_names is None:
            with self.ctx.reading() as session:
                self._analyst_names = queries.analyst_names(session)
        return self._analyst_names

    def close(self) -> None:
        self.undo_stack.clear()
        self.ctx.close()
