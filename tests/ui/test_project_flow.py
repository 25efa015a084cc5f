"""Opening, importing, searching and closing through the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.ui.main_window import MainWindow
from desktop.ui.settings import recent_files


def test_import_through_file_menu_is_one_undo_step(qtbot, window, tmp_path, monkeypatch):
    one = tmp_path / "one.txt"
    one.write_text("First report\n\nThe minister said the talks had stalled.", encoding="utf-8")
    two = tmp_path / "two.md"
    two.write_text("# Second\n\nA district official claimed the bridge was open.", encoding="utf-8")
    bad = tmp_path / "bad.xyz"
    bad.write_text("nothing", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(one), str(two), str(bad)], "")))
    with qtbot.waitSignal(window.controller.undo_stack.indexChanged, timeout=10000):
        window.actions_by_name["import"].trigger()
    titles = [s.title for s in window.sources_model.all_rows()]
    assert "First report" in titles and "Second" in titles and len(titles) == 5
    assert window.reader.title.text() in ("First report", "Second")
    box = window.findChild(QMessageBox, "messageBox")
    assert "Imported 2 sources; 1 could not be read." in box.text()
    assert "bad.xyz" in box.text() and box.icon() == QMessageBox.Icon.Warning
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with qtbot.waitActive(window):  # the window manager's job once the message closes
        window.activateWindow()
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.sources_model.all_rows()) == 3


def test_project_search_finds_and_opens_a_claim(qtbot, window):
    qtbot.keyClick(window.reader.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.search_dock.isVisible()
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=5000):
        qtbot.keyClicks(window.search_panel.query, "transponder")
        qtbot.keyClick(window.search_panel.query, Qt.Key.Key_Return)
    results = window.search_panel.results
    assert results.count() >= 1 and results.item(0).text().startswith("Claim")
    results.setCurrentRow(0)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.claims_pane
    assert "AIS" in window.claims_pane.view.currentIndex().data()


def test_close_shows_start_page_and_recent_reopens(qtbot, window, sample_path):
    assert str(sample_path.resolve()) in recent_files()
    second = window.sources_model.all_rows()[2].uid
    window.sources_pane.select_uid(second)
    window.actions_by_name["close"].trigger()
    assert window.stack.currentWidget() is window.start_page
    assert not window.actions_by_name["annotate_claim"].isEnabled()
    item = window.start_page.recent.item(0)
    assert str(sample_path.resolve()) in item.text()
    window.start_page.recent.setCurrentItem(item)
    qtbot.keyClick(window.start_page.recent, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace
    assert window.reader.source_uid == second, "the last open source is remembered"


def test_bad_project_file_gives_a_message_and_start_page(qtbot, tmp_path, analyst):
    win = MainWindow()
    qtbot.addWidget(win)
    bad = tmp_path / "notes.dossier"
    bad.write_text("not a database", encoding="utf-8")
    before = bad.read_bytes()
    assert not win.open_path(bad)
    box = win.findChild(QMessageBox, "messageBox")
    assert box is not None and "not a Dossier project" in box.text()
    assert win.stack.currentWidget() is win.start_page
    assert bad.read_bytes() == before


def test_layout_survives_restart(qtbot, window, sample_path: Path):
    window.main_splitter.setSizes([300, 900])
    wanted = window.main_splitter.sizes()
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    again.resize(window.size())  # the offscreen screen is smaller than a real desktop
    assert again.open_path(sample_path)
    qtbot.waitUntil(lambda: abs(again.main_splitter.sizes()[0] - wanted[0]) < 40, timeout=3000)
    again.close()


def test_damaged_project_offers_its_latest_backup(qtbot, tmp_path, analyst, sample_path):
    from desktop.services.backups import list_project_backups

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(sample_path)
    qtbot.waitUntil(lambda: bool(list_project_backups(sample_path)), timeout=10000)
    win.actions_by_name["close"].trigger()
    raw = bytearray(sample_path.read_bytes())
    raw[4096:8192] = b"\xff" * 4096  # trample the second page
    sample_path.write_bytes(bytes(raw))
    assert not win.open_path(sample_path)
    box = win.findChild(QMessageBox, "messageBox")
    assert "damaged" in box.text() and "backup" in box.text()
    assert sample_path.read_bytes() == bytes(raw), "the damaged file is left as it is"
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Open), Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is win.workspace
    assert win.controller.ctx.path.name == "sample (restored).dossier"
    assert win.entities_model.rowCount() == 12
    win.close()


def test_dropping_files_on_the_window_imports_them(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    dropped = tmp_path / "dropped note.md"
    dropped.write_text("# Dropped note\n\nThe harbour master said the ferry was late.",
                       encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    point = QPointF(window.width() / 2, window.height() / 2)
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.controller.undo_stack.indexChanged, timeout=10000):
        QApplication.sendEvent(window, drop)
    assert "Dropped note" in [s.title for s in window.sources_model.all_rows()]
    assert window.reader.title.text() == "Dropped note"


def test_pasting_text_makes_a_source(qtbot, window):
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Radio intercept summary\n\nThe convoy left at dawn.")
    qtbot.keyClick(window.reader.view, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.reader.title.text() == "Radio intercept summary"
    assert len(window.sources_model.all_rows()) == 4
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.sources_model.all_rows()) == 3
