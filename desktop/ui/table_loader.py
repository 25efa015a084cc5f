"""Fill the four tables so the first paint does not wait for a million rows (issue 21).

Each table first gets its first page (the rows a view shows before scrolling, in the
table's own order, counted for those rows only); the complete lists are then read
by a worker with its own sessions and handed to the models in one step, which
appends them after the rows already shown. Sorting and filtering work over what
is loaded and take the rest in as it arrives; until then the status bar says the
tables are still loading, so a count or a filter is never silently partial.

A change made meanwhile (an edit, an undo) makes the worker's lists stale: they are
dropped and read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.repository import queries
from desktop.ui.controller import ProjectController
from desktop.ui.row_model import RowTableModel
from desktop.ui.workers import Worker, start

FIRST_PAGE = 2000  # rows shown at once: a screenful and the first fetchMore, several times over
KINDS = ("sources", "entities", "claims", "implications")


class TableLoader(QObject):
    """Loads ``models`` (kind -> model) for one controller: first pages now, the rest after."""

    completed = Signal()  # every table holds every row

    def __init__(self, controller: ProjectController, models: dict[str, RowTableModel],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.models = models
        self._worker: Worker | None = None
        self._generation = 0
        self.loading = False

    def load(self) -> None:
        """First pages now; start reading the rest if any table has more."""
        self.stop()
        self._generation += 1
        more = False
        with self.controller.ctx.reading() as session:
            for kind in KINDS:
                rows = queries.first_page(session, kind, FIRST_PAGE + 1)
                more = more or len(rows) > FIRST_PAGE
                self.models[kind].set_rows(rows[:FIRST_PAGE] if len(rows) > FIRST_PAGE
                                           else rows)
        self.loading = more
        if more:
            self._read_rest()
        else:
            self.completed.emit()

    def invalidate(self) -> None:
        """Rows changed while the rest was being read: read it again."""
        if self.loading:
            self._generation += 1
            self._read_rest()

    def _read_rest(self) -> None:
        if self._worker is not None:
            self._worker.cancel()  # its lists would be stale; not waited for, it stops soon
        generation = self._generation
        controller = self.controller
        readers: list[tuple[str, Callable[[], list[Any]]]] = [
            ("sources", controller.sources), ("entities", controller.entities),
            ("claims", controller.claims), ("implications", controller.implications)]

        def read(progress: Callable[[int, int, str], None],
                 cancelled: Callable[[], bool]) -> dict[str, list[Any]] | None:
            found: dict[str, list[Any]] = {}
            for n, (kind, reader) in enumerate(readers):
                if cancelled():
                    return None
                progress(n, len(readers), kind)
                found[kind] = reader()
            return found

        worker = Worker(read)
        worker.signals.finished.connect(lambda found: self._arrived(generation, found))
        worker.signals.failed.connect(lambda message: self._failed(generation, message))
        self._worker = start(worker)

    def _arrived(self, generation: int, found: dict[str, list[Any]] | None) -> None:
        if generation != self._generation or found is None:
            return  # stale (a change came in meanwhile, or the project closed)
        for kind in KINDS:
            self.models[kind].set_rows(found[kind])
        self.loading = False
        self._worker = None
        self.completed.emit()

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        # The project is open and readable (its first pages were read): read in place.
        self.loading = False
        self._worker = None
        for kind, reader in (("sources", self.controller.sources),
                             ("entities", self.controller.entities),
                             ("claims", self.controller.claims),
                             ("implications", self.controller.implications)):
            self.models[kind].set_rows(reader())
        self.completed.emit()

    def stop(self) -> None:
        """Before the project closes: no worker may still be reading it."""
        self._generation += 1
        self.loading = False
        self._stop_worker()

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            worker.ended.wait(30)  # one table's read at most; the file must not close under it
