"""Issue 19: the details follow the selection, panes by keyboard, opening checks first,
closing clears the panels, the reader keeps its place, and the small words are right."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.ui.application import launch, make_app
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.identity_dialog import IdentityDialog
from desktop.ui.legend import LegendDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.tour import GuidedTour
from tests.ui.conftest import focused, modal, press, select_in_reader

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _claim_span(win):
    return next(s for s in win.reader.view.highlighter.spans if s.row.kind == "claim")


def _click_span(qtbot, win, span) -> None:
    view = win.reader.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(span.start + 1)
    view.setTextCursor(cursor)  # only to scroll it into view, as a reader would
    view.ensureCursorVisible()
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_details_follow_reader_click_tab_change_and_reopen(qtbot, window, sample_path):
    press(qtbot, window.reader.view, Qt.Key.Key_M, ALT)  # Implications
    assert window.tabs.currentWidget() is window.implications_pane
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.detail.kind == "implication"
    span = _claim_span(window)
    _click_span(qtbot, window, span)
    assert window.tabs.currentWidget() is window.claims_pane
    assert (window.detail.kind, window.detail.uid) == ("claim", span.row.uid)
    assert window.detail.heading.text().startswith("Claim ")
    # The same row again, after the details were moved elsewhere, shows it again.
    press(qtbot, window.reader.view, Qt.Key.Key_M, ALT)
    assert window.detail.kind == "implication"
    press(qtbot, window.reader.view, Qt.Key.Key_L, ALT)
    assert (window.detail.kind, window.detail.uid) == ("claim", span.row.uid)
    press(qtbot, window.reader.view, Qt.Key.Key_N, ALT)
    assert window.detail.kind in ("entity", "")
    assert not window.detail.heading.text().startswith("Claim")
    window.actions_by_name["close"].trigger()
    assert window.detail.kind == "" and window.detail.uid == ""
    assert window.open_path(sample_path)
    press(qtbot, window.reader.view, Qt.Key.Key_N, ALT)
    assert window.detail.kind in ("entity", "")
    assert not window.detail.heading.text().startswith("Claim")


def test_details_follow_undo(qtbot, window):
    select_in_reader(qtbot, window, "Kessel")
    press(qtbot, window.reader.view, Qt.Key.Key_C)
    dialog = modal(qtbot, ClaimDialog)
    qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return, CTRL)
    uid = window.claims_pane.current_uid()
    assert window.detail.uid == uid
    press(qtbot, window.reader.view, Qt.Key.Key_Z, CTRL)
    assert window.detail.uid != uid
    assert window.detail.uid == window.claims_pane.current_uid()
    press(qtbot, window.reader.view, Qt.Key.Key_Y, CTRL)  # Ctrl+Y redoes too
    assert any(r.uid == uid for r in window.claims_model.all_rows())


def test_tab_leaves_a_table_ctrl_tab_walks_cells_and_f6_cycles(qtbot, window):
    first = window.reader.source_uid
    press(qtbot, window.reader.view, Qt.Key.Key_O, ALT)
    table = window.sources_pane.view
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Tab, CTRL)
    assert table.currentIndex().column() == 1 and window.reader.source_uid == first
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table
    assert window.reader.source_uid == first, "Tab did not switch the open source"
    seen = []
    press(qtbot, window.reader.view, Qt.Key.Key_O, ALT)
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen[0] is window.reader.view
    assert seen[1] is window.tabs.currentWidget().view
    assert window.detail.isAncestorOf(seen[2]) or seen[2] is window.detail
    assert seen[3] is table and seen[4] is window.reader.view
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, SHIFT)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, SHIFT)
    assert window.detail.isAncestorOf(QApplication.focusWidget())


def test_every_pane_has_a_mnemonic(qtbot, window):
    for key, pane in ((Qt.Key.Key_R, window.reader.view), (Qt.Key.Key_N, window.entities_pane.view),
                      (Qt.Key.Key_L, window.claims_pane.view),
                      (Qt.Key.Key_M, window.implications_pane.view),
                      (Qt.Key.Key_O, window.sources_pane.view),
                      (Qt.Key.Key_J, window.search_panel.query),
                      (Qt.Key.Key_G, window.review_panel.view)):
        press(qtbot, window.reader.view, key, ALT)
        assert QApplication.focusWidget() is pane
    press(qtbot, window.reader.view, Qt.Key.Key_D, ALT)
    focus = QApplication.focusWidget()
    assert focus is window.detail or window.detail.isAncestorOf(focus)


def test_opening_a_text_file_keeps_the_project_and_offers_import(qtbot, window, tmp_path):
    note = tmp_path / "field notes.txt"
    note.write_text("Field notes\n\nThe convoy left at dawn.", encoding="utf-8")
    project = window.controller.ctx.path
    assert not window.open_path(note)
    assert window.controller is not None and window.controller.ctx.path == project
    box = window.findChild(QMessageBox, "messageBox")
    assert "not a Dossier project" in box.text() and "Import it" in box.text()
    with qtbot.waitSignal(window.controller.undo_stack.indexChanged, timeout=10000):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert "Field notes" in [s.title for s in window.sources_model.all_rows()]


def test_opening_a_broken_project_keeps_the_one_open(qtbot, window, tmp_path):
    bad = tmp_path / "broken.dossier"
    bad.write_bytes(b"not a database at all")
    project = window.controller.ctx.path
    assert not window.open_path(bad)
    assert window.controller is not None and window.controller.ctx.path == project
    assert window.stack.currentWidget() is window.workspace


def test_closing_clears_search_and_suggestions(qtbot, window):
    press(qtbot, window.reader.view, Qt.Key.Key_F, CTRL | SHIFT)
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=5000):
        qtbot.keyClicks(window.search_panel.query, "Kessel")
        qtbot.keyClick(window.search_panel.query, Qt.Key.Key_Return)
    assert window.search_panel.results.count() > 0
    window.actions_by_name["close"].trigger()
    assert window.search_panel.results.count() == 0
    assert window.search_panel.query.text() == ""
    assert window.review_panel.model.rowCount() == 0


def test_new_claim_does_not_scroll_the_reader(qtbot, window):
    view = window.reader.view
    paragraphs = [f"Paragraph {n}: the minister said the talks had stalled again." for n in
                  range(120)]
    QApplication.clipboard().setText("A long report\n\n" + "\n\n".join(paragraphs))
    press(qtbot, view, Qt.Key.Key_V, CTRL | SHIFT)
    assert window.reader.title.text() == "A long report"
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    select_in_reader(qtbot, window, "Paragraph 60: the minister said")
    before = bar.value()
    assert before > 0
    qtbot.keyClick(view, Qt.Key.Key_C)
    dialog = modal(qtbot, ClaimDialog)
    qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return, CTRL)
    assert window.claims_model.rowCount() == 8
    assert bar.value() == before
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert window.claims_model.rowCount() == 7
    assert bar.value() == before


def test_legend_and_status_words(qtbot, window):
    window.actions_by_name["legend"].trigger()
    legend = window.findChild(LegendDialog)
    assert legend.isVisible()
    text = legend.text.toPlainText()
    assert "Person" in text and "suggested claim" in text and "Country" in text
    legend.close()
    select_in_reader(qtbot, window, "Kessel")
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    from desktop.ui.dialogs.entity_dialog import EntityDialog

    dialog = modal(qtbot, EntityDialog)
    edit = focused(qtbot, dialog)
    edit.selectAll()
    qtbot.keyClicks(edit, "Kessel Town Council")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "Kessel Town Council" in window.statusBar().currentMessage()
    assert "1 implications" not in window.counts_label.text()
    assert "1 claims" not in window.counts_label.text()


def test_empty_project_reader_says_how_to_start(qtbot, tmp_path, analyst):
    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.create_project(tmp_path / "empty.dossier")
    assert "Import sources" in win.reader.view.placeholderText()
    assert "0 sources" in win.counts_label.text()
    win.close()


def test_the_tour_is_offered_on_a_new_project_too(qtbot, tmp_path):
    make_app()
    started = launch([])
    window = started.window
    qtbot.addWidget(window)
    dialog = modal(qtbot, IdentityDialog)
    qtbot.keyClicks(focused(qtbot, dialog), "Nina Analyst")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)  # even without a name, the app opens
    qtbot.waitUntil(lambda: window.findChild(GuidedTour) is not None, timeout=3000)
    window.findChild(GuidedTour).close()
    window.close()
    started.server.stop()


def test_first_run_tour_on_a_project_that_is_not_the_sample(qtbot, tmp_path, analyst):
    from desktop.ui.settings import remember_recent

    other = tmp_path / "mine.dossier"
    from desktop.core.context import new_project

    new_project(other, "Mine", analyst=analyst).close()
    remember_recent(str(other))
    make_app()
    started = launch([])
    window = started.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.controller is not None, timeout=3000)
    assert Path(window.controller.ctx.path).name == "mine.dossier"
    qtbot.waitUntil(lambda: window.findChild(GuidedTour) is not None, timeout=3000)
    window.findChild(GuidedTour).close()
    window.close()
    started.server.stop()


def test_small_windows_keep_every_pane_usable(qtbot, window):
    from desktop.ui.actions import TOOLBAR

    window.show_review_panel()
    window.resize(640, 480)
    qtbot.waitUntil(lambda: window.width() >= 800 and window.height() >= 600, timeout=2000)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() == 800, timeout=2000)
    buttons = [window.toolbar.widgetForAction(window.actions_by_name[n]) for n in TOOLBAR
                if n != "-"]

    def all_shown() -> bool:
        return all(b is not None and b.isVisible() and b.geometry().right()
                   <= window.toolbar.width() for b in buttons)

    qtbot.waitUntil(all_shown, timeout=2000)  # the toolbar lays itself out after a resize
    table = window.sources_pane.view
    assert table.viewport().height() >= 3 * table.verticalHeader().defaultSectionSize()
    assert window.reader.view.width() >= 200
    assert window.tabs.currentWidget().view.width() >= 200


def test_project_search_shows_every_place_a_name_is_written(qtbot, window):
    text = window.reader.view.textmap.text
    expected = text.count("Kessel")
    assert expected >= 2
    press(qtbot, window.reader.view, Qt.Key.Key_J, ALT)
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=5000):
        qtbot.keyClicks(window.search_panel.query, "Kessel")
        qtbot.keyClick(window.search_panel.query, Qt.Key.Key_Return)
    results = window.search_panel.results
    title = window.reader.title.text()
    here = [results.item(i).text() for i in range(results.count())
            if results.item(i).text().startswith(f"Source: {title}")]
    assert len(here) == expected, "one line per place, not one per source"
    assert all("[Kessel]" in line for line in here)
    qtbot.keyClick(results, Qt.Key.Key_Down)
    row = next(i for i in range(results.count())
               if results.item(i).text().startswith(f"Source: {title}"))
    second = row + 1
    while results.currentRow() != second:
        qtbot.keyClick(results, Qt.Key.Key_Down if results.currentRow() < second
                       else Qt.Key.Key_Up)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    at = text.index("Kessel", text.index("Kessel") + 1)
    assert window.reader.view.textCursor().position() == window.reader.view.textmap.to_qt(at)


def test_accept_and_reject_suggestions_from_the_menu_keys(qtbot, window):
    window.assist_engine = "rules"
    press(qtbot, window.reader.view, Qt.Key.Key_S, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.assist_worker is not None and window.assist_worker.done,
                    timeout=20000)
    panel = window.review_panel
    count = panel.model.rowCount()
    assert count > 2
    assert window.actions_by_name["accept_suggestion"].shortcut().toString() == "Ctrl+Shift+A"
    press(qtbot, window.reader.view, Qt.Key.Key_G, ALT)  # to the queue
    before = window.controller.undo_stack.count()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, CTRL | SHIFT)
    assert panel.model.rowCount() == count - 1
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_R, CTRL | SHIFT)
    assert panel.model.rowCount() < count - 1  # (a new name goes with its only mention)
    assert window.controller.undo_stack.count() == before + 2


def test_a_good_import_needs_no_ok_and_the_next_starts_in_the_same_folder(
        qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "inbox"
    folder.mkdir()
    note = folder / "note.txt"
    note.write_text("Harbour report\n\nThe harbour was closed on Monday.", encoding="utf-8")
    asked: list[str] = []

    def pick(_parent, _title, start, _filter):  # type: ignore[no-untyped-def]
        asked.append(start)
        return [str(note)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(pick))
    with qtbot.waitSignal(window.controller.undo_stack.indexChanged, timeout=10000):
        press(qtbot, window.reader.view, Qt.Key.Key_I, CTRL)
    assert window.findChild(QMessageBox, "messageBox") is None, "no modal OK to press"
    assert window.statusBar().currentMessage() == "Imported 1 source."
    assert window.reader.title.text() == "Harbour report"
    press(qtbot, window.reader.view, Qt.Key.Key_I, CTRL)  # the same file: a duplicate
    qtbot.waitUntil(lambda: "already" in window.statusBar().currentMessage(), timeout=10000)
    assert asked[1] == str(folder)


def test_suggestions_stand_apart_in_greyscale_with_two_channels_at_most():
    from desktop.ui.highlights import legend_entries, legend_format

    def grey(colour) -> float:  # type: ignore[no-untyped-def]
        return 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()

    looks = {(e.kind, e.review_state): legend_format(e) for e in legend_entries()
             if e.category in ("", "PERSON")}
    accepted, suggested = looks[("mention", "accepted")], looks[("mention", "suggested")]
    assert accepted.background().style() != suggested.background().style()
    accepted, suggested = looks[("claim", "accepted")], looks[("claim", "suggested")]
    assert accepted.underlineStyle() != suggested.underlineStyle()
    accepted, suggested = looks[("implication", "accepted")], looks[("implication", "suggested")]
    assert abs(grey(accepted.foreground().color()) - grey(suggested.foreground().color())) > 50
    for fmt in looks.values():
        channels = [fmt.background().style() != Qt.BrushStyle.NoBrush,
                    fmt.underlineStyle() != fmt.UnderlineStyle.NoUnderline,
                    fmt.fontOverline(), fmt.foreground().style() != Qt.BrushStyle.NoBrush,
                    fmt.fontItalic(), fmt.fontWeight() > 400, fmt.fontStrikeOut()]
        assert sum(channels) <= 2


def test_a_search_hit_shows_its_row_in_the_details(qtbot, window):
    press(qtbot, window.reader.view, Qt.Key.Key_J, ALT)
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=5000):
        qtbot.keyClicks(window.search_panel.query, "transponder")
        qtbot.keyClick(window.search_panel.query, Qt.Key.Key_Return)
    results = window.search_panel.results
    row = next(i for i in range(results.count()) if results.item(i).text().startswith("Claim"))
    qtbot.keyClick(results, Qt.Key.Key_Down)
    while results.currentRow() != row:
        qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is window.claims_pane
    assert (window.detail.kind, window.detail.uid) == ("claim", window.claims_pane.current_uid())


def test_settings_dialogs_start_in_their_first_field(qtbot, window):
    from desktop.ui.dialogs.brief_dialog import BriefDialog
    from desktop.ui.preferences import PreferencesDialog

    press(qtbot, window.reader.view, Qt.Key.Key_Comma, CTRL)
    dialog = modal(qtbot, PreferencesDialog)
    assert focused(qtbot, dialog) is dialog.focus_chain()[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    press(qtbot, window.reader.view, Qt.Key.Key_E, CTRL)
    dialog = modal(qtbot, BriefDialog)
    assert focused(qtbot, dialog) is dialog.title
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_delete_asks_in_the_singular_for_one_row(qtbot, window):
    from PySide6.QtCore import QTimer

    asked: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    press(qtbot, window.reader.view, Qt.Key.Key_N, ALT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    QTimer.singleShot(0, answer)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Delete)
    assert asked == ["Delete this entity? You can undo this with Ctrl+Z."]
    assert window.entities_model.rowCount() == 12
