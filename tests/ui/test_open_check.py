"""A big project new to this computer is checked in a worker with progress and Cancel."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.core import known_files
from desktop.ui import open_check


@pytest.fixture
def stranger(sample_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample as if received from a colleague, and counted as big."""
    known_files.forget(sample_path)
    monkeypatch.setattr(open_check, "BACKGROUND_CHECK_BYTES", 0)
    return sample_path


def _window(qtbot):  # type: ignore[no-untyped-def]
    from desktop.ui.application import make_app
    from desktop.ui.main_window import MainWindow

    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_a_new_big_file_is_checked_in_the_background_then_opens(qtbot, stranger, analyst,  # type: ignore[no-untyped-def]
                                                                  monkeypatch):
    import time as real_time

    from db import validate

    class Later:  # the sample was written just now; a file received is older than a second
        @staticmethod
        def time_ns() -> int:
            return real_time.time_ns() + 2_000_000_000

    monkeypatch.setattr(open_check, "time", Later)
    full_checks = []
    real = validate._validate_contents
    monkeypatch.setattr(validate, "_validate_contents",
                        lambda *a: (full_checks.append(1), real(*a))[1])
    win = _window(qtbot)
    assert win.open_path(stranger)
    check = win.open_check
    assert check is not None and check.dialog.isVisible()
    assert win.controller is None  # nothing opens before the check passes
    qtbot.waitUntil(check.worker.ended.is_set, timeout=20000)
    qtbot.waitUntil(lambda: win.controller is not None, timeout=5000)
    report = win.controller.ctx.db.report
    assert report is not None
    assert report.structural_only and full_checks == [1]  # checked in full once, not twice
    assert not check.dialog.isVisible()
    win.close()


def test_a_hostile_big_file_is_refused_after_the_check(qtbot, stranger, analyst):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(stranger)
    conn.execute("UPDATE entity SET type = 'NOT-A-TYPE'")
    conn.commit()
    conn.close()
    win = _window(qtbot)
    shown: list[str] = []
    win.offer_backup = lambda target, reason: shown.append(reason)  # type: ignore[method-assign]
    assert win.open_path(stranger)
    check = win.open_check
    qtbot.waitUntil(check.worker.ended.is_set, timeout=20000)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "entity.type" in shown[0]
    assert win.controller is None
    win.close()


def test_cancel_stops_the_check_and_opens_nothing(qtbot, stranger, analyst, monkeypatch):  # type: ignore[no-untyped-def]
    import threading

    from db import validate

    gate = threading.Event()
    real = validate._integrity

    def slow_integrity(*args):  # type: ignore[no-untyped-def]
        gate.wait(30)  # holds the check until Cancel was pressed
        return real(*args)

    monkeypatch.setattr(validate, "_integrity", slow_integrity)
    win = _window(qtbot)
    assert win.open_path(stranger)
    check = win.open_check
    qtbot.waitUntil(check.dialog.isVisible, timeout=15000)
    cancel = check.dialog.findChild(QPushButton)
    cancel.setFocus()
    qtbot.keyClick(cancel, Qt.Key.Key_Space)
    assert check.worker.is_cancelled()
    gate.set()
    qtbot.waitUntil(check.worker.ended.is_set, timeout=20000)
    qtbot.waitUntil(lambda: "cancelled" in win.statusBar().currentMessage(), timeout=15000)
    assert win.controller is None
    win.close()
