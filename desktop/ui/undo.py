"""Undo commands: each wraps one service call; undo/redo replay its recorded Changes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.services import history
from desktop.services.counts import sentence_case


class ServiceCommand(QUndoCommand):
    """The first redo performs the action; later undo/redo restore the recorded row states."""

    def __init__(
        self,
        ctx: ProjectContext,
        action: Callable[[], Changes],
        notify: Callable[[Changes], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__()
        self._ctx = ctx
        self._action = action
        self._notify = notify
        self._on_error = on_error
        self.changes: Changes | None = None
        self.failed = False

    def redo(self) -> None:
        try:
            if self.changes is None:
                self.changes = self._action()
                self.setText(sentence_case(self.changes.label) or "Change")
                if not self.changes:
                    self.setObsolete(True)
                self._notify(self.changes)
            else:
                self._notify(history.reapply(self._ctx, self.changes))
        except Exception as err:  # noqa: BLE001 - the controller shows it to the user
            self.failed = True
            self.setObsolete(True)
            self._on_error(err)

    def undo(self) -> None:
        if self.changes is None:
            return
        try:
            self._notify(history.revert(self._ctx, self.changes))
        except Exception as err:  # noqa: BLE001
            self._on_error(err)
