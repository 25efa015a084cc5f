"""First run: who-are-you, the sample project, preferences and help, through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from desktop.core.identity import load_identity
from desktop.ui.dialogs.identity_dialog import IdentityDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.preferences import PreferencesDialog, default_marking, reader_point_size
from tests.ui.conftest import modal


def test_first_run_asks_identity_then_opens_the_sample(qtbot, tmp_path):
    assert load_identity() is None
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.stack.currentWidget() is win.start_page
    win.help.ensure_identity(win.open_sample)
    dialog = modal(qtbot, IdentityDialog)
    assert not dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.name, "Grace Hopper")
    assert dialog.initials.text() == "GH"
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    me = load_identity()
    assert me is not None and (me.display_name, me.initials) == ("Grace Hopper", "GH")
    assert win.stack.currentWidget() is win.workspace
    assert win.entities_model.rowCount() == 12
    assert win.entities_model.index(0, 6).data() == "Grace Hopper"  # "Created by"
    win.close()


def test_preferences_change_marking_text_size_and_identity(qtbot, window, tmp_path):
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, PreferencesDialog)
    dialog.marking.setCurrentText("TLP:GREEN")
    dialog.size.setValue(16)
    dialog.initials.setText("AAx")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert default_marking() == "TLP:GREEN" and reader_point_size() == 16
    assert window.reader.view.font().pointSizeF() == 16
    assert load_identity().initials == "AAx"
    assert window.files.create_project(tmp_path / "new.dossier")
    assert window.controller.ctx.project().default_marking == "TLP:GREEN"


def test_shortcut_reference_lists_the_annotation_keys(qtbot, window):
    window.actions_by_name["shortcuts"].trigger()
    browser = window.active_dialog.findChild(QTextBrowser)
    text = browser.toPlainText()
    for needle in ("Entity mention", "Claim", "Ctrl+Z", "Export brief"):
        assert needle in text
