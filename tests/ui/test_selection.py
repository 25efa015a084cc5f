"""Issue 19 item 8: selections snap to words, quotes shown once, the claimant is the entity
that opens the sentence, and an ungraded source says so in the claim dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.selection import (
    opening_entity,
    sentence_start,
    snap_to_words,
    strip_enclosing_quotes,
)
from tests.ui.conftest import focused, modal, press, select_in_reader

TEXT = ('Officials met in Kyiv. "We will build the arsenal." Volodymyr Zelenskyy told reporters '
        "the deal was close.")


def test_snap_to_words_grows_both_ends():
    start = TEXT.index("lodymyr")
    end = TEXT.index("Zelenskyy") + 4
    assert TEXT[slice(*snap_to_words(TEXT, start - 2, end))] == "Volodymyr Zelenskyy"
    assert TEXT[slice(*snap_to_words(TEXT, start - 3, end + 6))] == "Volodymyr Zelenskyy"
    assert snap_to_words(TEXT, 5, 5) == (5, 5)


def test_sentence_start_and_opening_entity():
    position = TEXT.index("deal")
    begin = TEXT.index("Volodymyr")
    assert sentence_start(TEXT, position) == begin
    assert sentence_start(TEXT, TEXT.index("arsenal")) == TEXT.index("We will")
    mentions = [(begin, begin + 19, "zel"), (TEXT.index("Kyiv"), TEXT.index("Kyiv") + 4, "kyiv")]
    assert opening_entity(TEXT, position, mentions) == "zel"
    assert opening_entity(TEXT, TEXT.index("arsenal"), mentions) == ""
    assert opening_entity(TEXT, position, [], [("Volodymyr Zelenskyy", "z"), ("Volo", "v")]) == "z"


def test_statement_loses_the_quote_marks_it_caught():
    assert strip_enclosing_quotes('We will build the arsenal."') == "We will build the arsenal."
    assert strip_enclosing_quotes("“We will build”") == "We will build"
    assert strip_enclosing_quotes('He said "no" twice') == 'He said "no" twice'
    assert strip_enclosing_quotes("the ministers'") == "the ministers'"


def _point(view, position: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return view.cursorRect(cursor).center()


def _drag(qtbot, view, start: int, end: int, modifier=Qt.KeyboardModifier.NoModifier):
    a, b = _point(view, start), _point(view, end)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, modifier, a)
    qtbot.mouseMove(view.viewport(), b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, modifier, b)


def test_a_sloppy_drag_takes_whole_words_and_alt_drag_exact(qtbot, window):
    view = window.reader.view
    text = view.textmap.text
    word = "Kessel"
    at = text.index(word)
    _drag(qtbot, view, at + 2, at + 4)
    qtbot.waitUntil(lambda: view.selected_text() == word, timeout=2000)
    other = text.index("pipeline")  # away from the first drag: not a double click
    _drag(qtbot, view, other + 2, other + 5, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(50)  # the snap would come on the next turn of the event loop
    assert view.selected_text() == "pel"


def test_claim_dialog_quote_claimant_and_unassessed_source(qtbot, window):
    QApplication.clipboard().setText(
        'A new report\n\nOfficials met in Kyiv. Liora Dask told reporters: "the pipeline '
        'was hit by a drone."')
    press(qtbot, window.reader.view, Qt.Key.Key_V,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    source = next(r for r in window.sources_model.all_rows() if r.title == "A new report")
    assert source.reliability == "unassessed"
    assert "not yet assessed" in window.reader.meta.text().lower()
    select_in_reader(qtbot, window, "the pipeline was hit by a drone.\"")
    press(qtbot, window.reader.view, Qt.Key.Key_C)
    dialog = modal(qtbot, ClaimDialog)
    quote = dialog.findChild(QLabel, "quote").text()
    assert quote.count('"') + quote.count("”") == 1  # shown once, as selected
    assert dialog.statement.toPlainText() == "the pipeline was hit by a drone."
    assert dialog.claimant.currentText() == "Liora Dask"
    assert "not assessed yet" in dialog.note.text() and "?" in dialog.note.text()
    qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    claim = window.claims_model.row_at(window.claims_model.row_by_uid(
        window.claims_pane.current_uid()))
    assert claim.claimant_name == "Liora Dask" and claim.grade.startswith("?")
