"""The pinned Qt binding must not leak references to None (PySide6 6.12.0 on 3.11 did)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_void_qt_calls_do_not_leak_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setMinimumWidth(5)
    assert sys.getrefcount(None) - before < 100, "this PySide6 build would abort long sessions"
