"""GUI fixtures: the real main window on a project, and helpers that act like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.application import make_app


@pytest.fixture
def window(qtbot, sample_path: Path, analyst):  # type: ignore[no-untyped-def]
    from desktop.ui.main_window import MainWindow

    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert win.open_path(sample_path)
    yield win
    win.close()


def select_in_reader(qtbot, win, text: str, occurrence: int = 1) -> None:  # type: ignore[no-untyped-def]
    """Select ``text`` the way a user would: Ctrl+F, type it, Enter (n times), Escape.

    QTest can only type ASCII, so a phrase with typographic quotes is found by its
    ASCII start and the rest is taken with Shift+Right, as a user would extend it.
    """
    typed = text
    for index, char in enumerate(text):
        if ord(char) > 127:
            typed = text[:index]
            break
    qtbot.keyClick(win.reader.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = win.reader.find_bar
    assert bar.isVisible()
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, typed)
    for _ in range(occurrence - 1):
        qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    win.reader.view.setFocus()
    for _ in range(len(text.encode("utf-16-le")) // 2 - len(typed)):
        qtbot.keyClick(win.reader.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert win.reader.view.selected_text() == text


def press(qtbot, widget: QWidget, key: Qt.Key,  # type: ignore[no-untyped-def]
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.waitUntil(lambda: widget.window().isActiveWindow(), timeout=3000)
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def modal(qtbot, kind: type) -> QWidget:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    return QApplication.activeModalWidget()


def focused(qtbot, dialog: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    """The widget with the keyboard focus once ``dialog`` is the active window."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog
                    and QApplication.focusWidget() is not None, timeout=3000)
    return QApplication.focusWidget()


def choose(qtbot, combo, label_start: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a combo item by its visible text with the keyboard."""
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(label_start))
    combo.setFocus()
    while combo.currentIndex() != index:
        key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
