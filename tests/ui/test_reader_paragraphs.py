"""Issue 19 item 6: the reader shows single-line-break paragraphs and headings apart, while
every offset still counts in the stored text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.textmap import TextMap, paragraph_breaks
from tests.ui.conftest import focused, modal, press, select_in_reader

TEXT = ("Drone deal talks advance\n"
        "Officials met on Friday to discuss the purchase of drones that were tested in\n"
        "combat and found to work.\n"
        "The Proposed Deal\n"
        "Under the plan, Kyiv would buy 🛰️ satellites.")


def test_paragraph_breaks_skip_hard_wraps():
    breaks = paragraph_breaks(TEXT)
    lines = TEXT.split("\n")
    ends = [TEXT.index(line) + len(line) for line in lines[:-1]]
    assert ends[0] in breaks  # a heading
    assert ends[1] not in breaks  # a line wrapped mid-sentence
    assert ends[2] in breaks and ends[3] in breaks


def test_textmap_maps_through_doubled_breaks():
    textmap = TextMap(TEXT, paragraphs=True)
    shown = textmap.display_text()
    assert shown.count("\n\n") == len(textmap.doubled)
    for word in ("Officials", "Proposed", "Kyiv", "satellites"):
        start = TEXT.index(word)
        qs, qe = textmap.span_to_qt(start, start + len(word))
        assert shown.encode("utf-16-le")[2 * qs:2 * qe].decode("utf-16-le") == word
        assert textmap.span_to_cp(qs, qe) == (start, start + len(word))


def test_reader_shows_paragraphs_apart_and_annotates_exactly(qtbot, window):
    QApplication.clipboard().setText(TEXT)
    press(qtbot, window.reader.view, Qt.Key.Key_V,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    view = window.reader.view
    assert view.textmap.text == TEXT
    shown = view.toPlainText()
    assert "advance\n\nOfficials" in shown and "tested in\ncombat" in shown
    assert "Deal\n\nUnder" in shown
    select_in_reader(qtbot, window, "Kyiv")
    press(qtbot, view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)
    span = next(s.row for s in view.highlighter.spans if s.row.label == "Kyiv")
    assert TEXT[span.start:span.end] == "Kyiv"
    assert view.text_of_span(span.start, span.end) == "Kyiv"
