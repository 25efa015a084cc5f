"""The full check of a big project new to this computer, in a worker behind a progress dialog.

A file this installation has not closed cleanly (received, restored, changed by
another program) is validated in full before it opens: every value, every text.
On a million mentions that takes tens of seconds, so it runs on the thread pool
with progress and Cancel, and the window stays responsive; small files are checked
in place (well under a second). Once it passes, the project opens with the stamp
the check was made against, so nothing is checked twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from db.errors import ProjectFileError
from db.validate import FileStamp, file_stamp, inspect_file
from desktop.core.known_files import known_stamp
from desktop.ui.workers import Worker, start

# Files up to this size new to this computer are checked in place (about 0.3 s).
BACKGROUND_CHECK_BYTES = 32 * 1024 * 1024


def needs_background_check(path: Path) -> bool:
    try:
        big = path.is_file() and path.stat().st_size > BACKGROUND_CHECK_BYTES
    except OSError:
        return False  # opening explains what is wrong
    if not big:
        return False
    known = known_stamp(path)
    return known is None or known != file_stamp(path)


class OpenCheck:
    """One running check: its worker and its dialog (kept by the window while it runs)."""

    def __init__(self, worker: Worker, dialog: QProgressDialog) -> None:
        self.worker = worker
        self.dialog = dialog


def check_in_background(parent: QWidget, path: Path,
                        passed: Callable[[FileStamp | None], object],
                        refused: Callable[[Exception], object]) -> OpenCheck:
    """Validate ``path`` in a worker; then ``passed(stamp)`` or ``refused(error)`` on the GUI thread."""
    dialog = QProgressDialog(_label(path, "Checking the file's integrity"), "Cancel", 0, 100,
                             parent)
    dialog.setWindowTitle("Checking a project")
    dialog.setObjectName("openCheckDialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)

    def check(progress: Callable[[int, int, str], None],
              cancelled: Callable[[], bool]) -> FileStamp | ProjectFileError | None:
        began = time.time_ns()
        try:
            report = inspect_file(path, progress=progress, cancelled=cancelled)
        except ProjectFileError as err:
            return err
        stamp = report.stamp
        # Vouch only for a file that was at rest a second before the check began (a write in
        # the same clock tick as the stamp would not show in it) and has not moved since.
        if stamp is None or began - stamp.ctime_ns < 1_000_000_000 or file_stamp(path) != stamp:
            return None
        return stamp

    def finished(result: object) -> None:
        if isinstance(result, Exception):
            refused(result)
        else:
            passed(result if isinstance(result, FileStamp) else None)

    def moved(done: int, total: int, what: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))
        dialog.setLabelText(_label(path, what))

    worker = Worker(check)
    worker.signals.progress.connect(moved)
    worker.signals.finished.connect(finished)
    worker.signals.failed.connect(lambda message: refused(ProjectFileError(message)))
    worker.signals.done.connect(dialog.close)
    dialog.canceled.connect(worker.cancel)
    dialog.show()
    return OpenCheck(start(worker), dialog)


def _label(path: Path, what: str) -> str:
    return (f"{path.name} is new to this computer (or was changed elsewhere), so every "
            f"value in it is checked once before it opens.\n\n{what}…")
