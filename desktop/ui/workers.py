"""Background work on the thread pool with progress, cancel and results on the GUI thread."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class WorkerSignals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str)
    partial = Signal(object)  # a piece of the result, for work that streams (assist)
    done = Signal()  # after finished or failed, whichever it was: time to close a dialog


class Worker(QRunnable):
    """Runs ``fn(progress, cancelled)`` off the GUI thread.

    ``fn`` must open its own session (services do). Results and errors come back
    through queued signals, so slots run on the GUI thread.
    """

    def __init__(self, fn: Callable[[Callable[[int, int, str], None], Callable[[], bool]], Any]):
        super().__init__()
        self.fn = fn
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.ended = threading.Event()  # set when ``run`` returns, for code that must wait
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            try:
                result = self.fn(self._emit_progress, self.is_cancelled)
            except Exception as err:  # noqa: BLE001 - shown to the user as a message
                message = str(err) or type(err).__name__
                if not isinstance(err, (ValueError, OSError)) and not hasattr(err, "args"):
                    message = traceback.format_exception_only(err)[-1].strip()
                self.signals.failed.emit(message)
                return
            self.signals.finished.emit(result)
        finally:
            self.ended.set()
            self.signals.done.emit()

    def _emit_progress(self, done: int, total: int, label: str) -> None:
        self.signals.progress.emit(done, total, label)


def start(worker: Worker) -> Worker:
    QThreadPool.globalInstance().start(worker)
    return worker
