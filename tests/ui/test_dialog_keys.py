"""Issue 19 item 1: every dialog starts in its first field, Tab follows the layout, Enter /
Ctrl+Enter accept, Esc cancels, and no key reaches the window behind a dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox

from desktop.core.identity import load_identity
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.identity_dialog import IdentityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.dialogs.link_dialog import LinkDialog
from desktop.ui.dialogs.source_dialog import SourceDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import focused, modal, press, select_in_reader


def _tab_walk(qtbot, dialog, steps: int) -> list[str]:
    seen = []
    for _ in range(steps):
        widget = QApplication.focusWidget()
        if isinstance(widget, QAbstractButton):
            seen.append(widget.text().replace("&", ""))
        else:
            while widget is not None and not widget.accessibleName():
                widget = widget.parentWidget()
            seen.append(widget.accessibleName())  # type: ignore[union-attr]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    return seen


def test_first_run_saves_a_name_typed_with_spaces(qtbot):
    assert load_identity() is None
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    opened = []
    win.help.ensure_identity(lambda: opened.append(True))
    dialog = modal(qtbot, IdentityDialog)
    assert focused(qtbot, dialog) is dialog.name
    qtbot.keyClicks(QApplication.focusWidget(), "Nina Analyst")
    assert dialog.isVisible(), "the space did not press a button"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    me = load_identity()
    assert me is not None and (me.display_name, me.initials) == ("Nina Analyst", "NA")
    assert opened == [True]
    win.close()


def test_identity_tab_order_is_name_initials_ok_cancel(qtbot):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.help.ensure_identity()
    dialog = modal(qtbot, IdentityDialog)
    qtbot.keyClicks(focused(qtbot, dialog), "Nina Analyst")
    order = _tab_walk(qtbot, dialog, 5)
    assert order[:2] == ["Your name", "Initials"]
    assert {order[2], order[3]} == {"OK", "Cancel"}
    assert order[4] == "Your name"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and load_identity() is None


def test_claim_dialog_types_into_the_statement_and_ctrl_enter_accepts(qtbot, window):
    before = window.claims_model.rowCount()
    select_in_reader(qtbot, window, "Kessel")
    scroll = window.reader.view.verticalScrollBar().value()
    press(qtbot, window.reader.view, Qt.Key.Key_C)
    dialog = modal(qtbot, ClaimDialog)
    assert focused(qtbot, dialog) is dialog.statement
    qtbot.keyClicks(dialog.statement, " and more  e c i")
    qtbot.keyClick(dialog.statement, Qt.Key.Key_Return)  # Enter adds a line here
    assert dialog.isVisible() and window.claims_model.rowCount() == before
    assert "\n" in dialog.statement.toPlainText()
    assert window.reader.view.verticalScrollBar().value() == scroll, "no key fell through"
    order = _tab_walk(qtbot, dialog, 5)
    assert order == ["Statement", "Claimant", "Attribution", "Credibility", "Status"]
    qtbot.keyClick(dialog.statement, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert window.claims_model.rowCount() == before + 1


def test_entity_dialog_enter_accepts_and_esc_cancels(qtbot, window):
    before = window.entities_model.rowCount()
    select_in_reader(qtbot, window, "Kessel")
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    assert focused(qtbot, dialog) is dialog.name_edit
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and window.entities_model.rowCount() == before
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    qtbot.keyClicks(dialog.name_edit, "Kessel town")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert window.entities_model.rowCount() == before + 1


def test_every_annotation_dialog_starts_in_its_first_field(qtbot, window):
    press(qtbot, window.reader.view, Qt.Key.Key_I)
    dialog = modal(qtbot, ImplicationDialog)
    chain = dialog.focus_chain()
    assert focused(qtbot, dialog) is chain[0]
    assert chain[0].accessibleName() == "Kind"
    assert all(isinstance(w.parentWidget(), QDialogButtonBox) for w in chain[-2:])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    press(qtbot, window.reader.view, Qt.Key.Key_L)
    dialog = modal(qtbot, LinkDialog)
    assert focused(qtbot, dialog) is dialog.focus_chain()[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    press(qtbot, window.reader.view, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    dialog = modal(qtbot, SourceDialog)
    assert focused(qtbot, dialog) is dialog.edits["title"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
