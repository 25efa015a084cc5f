"""The annotation workspace driven as a user would: keys, dialogs, tables, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.dialogs.link_dialog import LinkDialog
from desktop.ui.dialogs.merge_entities_dialog import MergeEntitiesDialog
from desktop.ui.row_model import UID_ROLE
from tests.ui.conftest import choose, modal, press, select_in_reader


def _names(win):
    return [r.name for r in win.entities_model.all_rows()]


def test_sample_opens_with_sources_reader_and_tables(window):
    assert window.sources_model.rowCount() == 3
    assert window.entities_model.rowCount() == 12
    assert window.claims_model.rowCount() == 7
    assert window.implications_model.rowCount() == 6
    assert "Kessel" in window.reader.title.text()
    assert window.reader.view.highlighter.spans, "annotations are highlighted"
    assert window.windowTitle() == "Kessel pipeline incident (sample) — sample.dossier — Dossier"
    assert "12 entities" in window.counts_label.text()


def test_e_on_selection_creates_entity_with_highlight(qtbot, window):
    window.sources_pane.select_uid(window.sources_model.all_rows()[1].uid)
    select_in_reader(qtbot, window, "Halden field")
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Halden gas field")
    choose(qtbot, dialog.type_combo, "Facility")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert "Halden gas field" in _names(window)
    row = next(r for r in window.entities_model.all_rows() if r.name == "Halden gas field")
    assert row.type == "FACILITY" and row.aliases == ("Halden field",)
    spans = [s.row for s in window.reader.view.highlighter.spans if s.row.label == row.name]
    assert len(spans) == 1
    assert window.reader.view.text_of_span(spans[0].start, spans[0].end) == "Halden field"


def test_e_with_an_alias_adds_a_mention_to_the_existing_entity(qtbot, window):
    before = next(r for r in window.entities_model.all_rows() if r.name == "Liora Dask").mentions
    select_in_reader(qtbot, window, "Dask", 3)
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    assert dialog.matched() is not None and "existing entity" in dialog.note.text()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    after = next(r for r in window.entities_model.all_rows() if r.name == "Liora Dask").mentions
    assert after == before + 1
    assert len(window.entities_model.all_rows()) == 12


def test_c_creates_a_graded_claim_with_claimant(qtbot, window):
    select_in_reader(qtbot, window, "This was not an accident of the sea")
    press(qtbot, window.reader.view, Qt.Key.Key_C)
    dialog = modal(qtbot, ClaimDialog)
    dialog.claimant.setFocus()
    dialog.claimant.lineEdit().selectAll()
    qtbot.keyClicks(dialog.claimant.lineEdit(), "Liora Dask")
    choose(qtbot, dialog.credibility, "2 ")
    qtbot.keyClicks(dialog.attribution, "told reporters")
    assert "B2" in dialog.note.text()
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    claim = next(c for c in window.claims_model.all_rows()
                 if c.statement == "This was not an accident of the sea")
    assert (claim.claimant_name, claim.grade, claim.attribution) == ("Liora Dask", "B2",
                                                                     "told reporters")
    assert window.tabs.currentWidget() is window.claims_pane
    assert window.claims_pane.current_uid() == claim.uid


def test_i_and_l_create_a_judgement_and_link_a_claim(qtbot, window):
    window.reader.view.setFocus()
    press(qtbot, window.reader.view, Qt.Key.Key_I)
    dialog = modal(qtbot, ImplicationDialog)
    qtbot.keyClicks(dialog.text, "Estmark will ask NATO allies for a repair vessel.")
    choose(qtbot, dialog.likelihood, "likely")
    choose(qtbot, dialog.confidence, "Low")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    new = next(i for i in window.implications_model.all_rows() if i.text.startswith("Estmark will"))
    assert (new.likelihood, new.confidence) == ("likely", "low")
    claim = next(c for c in window.claims_model.all_rows() if "ten to fourteen" in c.statement)
    window.tabs.setCurrentWidget(window.claims_pane)
    window.claims_pane.select_uid(claim.uid)
    window.implications_pane.select_uid(new.uid)
    press(qtbot, window.reader.view, Qt.Key.Key_L)
    link = modal(qtbot, LinkDialog)
    assert link.claim.currentData() == claim.uid
    choose(qtbot, link.relation, "Supports")
    qtbot.mouseClick(link.ok_button(), Qt.MouseButton.LeftButton)
    new = next(i for i in window.implications_model.all_rows() if i.uid == new.uid)
    assert new.supports == 1


def test_grade_edited_through_its_delegate(qtbot, window):
    pane = window.claims_pane
    window.tabs.setCurrentWidget(pane)
    claim = window.claims_model.all_rows()[0]
    pane.select_uid(claim.uid)
    column = [c.title for c in window.claims_model.columns].index("Credibility")
    index = pane.view.currentIndex().siblingAtColumn(column)
    pane.view.setCurrentIndex(index)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F2)
    editor = pane.view.focusWidget()
    resets = []
    for model in (window.claims_model, window.sources_model, window.implications_model):
        model.modelReset.connect(lambda: resets.append(1))
    choose(qtbot, editor, "5 ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn

    def current():
        return next(c for c in window.claims_model.all_rows() if c.uid == claim.uid)

    qtbot.waitUntil(lambda: current().credibility == 5, timeout=3000)
    updated = current()
    assert updated.credibility == 5 and updated.grade.endswith("5")
    assert resets == [], "an in-place edit refreshes its row, not whole tables"


def test_filter_and_sort_tables(qtbot, window):
    pane = window.entities_pane
    qtbot.keyClicks(pane.filter, "estm")
    assert pane.proxy.rowCount() == 2
    assert pane.count.text() == "2 of 12"
    pane.filter.clear()
    column = [c.title for c in window.entities_model.columns].index("Mentions")
    header = pane.view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().topLeft() + header.rect().topLeft().__class__(
                         header.sectionViewportPosition(column) + 5, 5))
    values = [pane.proxy.index(r, column).data() for r in range(pane.proxy.rowCount())]
    ints = [int(v) for v in values]
    assert ints == sorted(ints) or ints == sorted(ints, reverse=True)


def test_merge_two_entities_and_undo(qtbot, window):
    pane = window.entities_pane
    window.tabs.setCurrentWidget(pane)
    pane.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    qtbot.keyClicks(pane.filter, "estmark")
    pane.view.setFocus()
    pane.view.selectAll()
    assert window.actions_by_name["merge_entities"].isEnabled()
    window.actions_by_name["merge_entities"].trigger()
    dialog = modal(qtbot, MergeEntitiesDialog)
    choose(qtbot, dialog.target, "Estmark (")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert "Estmark Coast Guard" not in _names(window)
    merged = next(r for r in window.entities_model.all_rows() if r.name == "Estmark")
    assert "Estmark Coast Guard" in merged.aliases and merged.mentions == 4
    qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Estmark Coast Guard" in _names(window)


def test_every_action_can_be_undone_and_redone(qtbot, window):
    stack = window.controller.undo_stack
    select_in_reader(qtbot, window, "divers")
    press(qtbot, window.reader.view, Qt.Key.Key_E)
    dialog = modal(qtbot, EntityDialog)
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    select_in_reader(qtbot, window, "divers had found a crater beside the pipe")
    press(qtbot, window.reader.view, Qt.Key.Key_C)
    qtbot.mouseClick(modal(qtbot, ClaimDialog).ok_button(), Qt.MouseButton.LeftButton)
    window.claims_pane.select_uid(window.claims_model.all_rows()[0].uid)
    window.claims_pane.view.setFocus()
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)  # type: ignore[method-assign]
    window.actions_by_name["delete"].trigger()
    assert stack.count() == 3 and len(window.claims_model.all_rows()) == 7
    counts = []
    for _ in range(3):
        qtbot.keyClick(window.reader.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        counts.append((len(window.entities_model.all_rows()), len(window.claims_model.all_rows())))
    assert counts == [(13, 8), (13, 7), (12, 7)]
    for _ in range(3):
        qtbot.keyClick(window.reader.view, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (len(window.entities_model.all_rows()), len(window.claims_model.all_rows())) == (13, 7)
    assert window.undo_view.stack() is stack


def test_clicking_a_highlight_selects_its_row(qtbot, window):
    view = window.reader.view
    span = next(s for s in view.highlighter.spans if s.row.label == "Liora Dask")
    view.reveal(span.row.start, span.row.end)
    cursor = view.textCursor()
    cursor.setPosition(span.start + 1)
    rect = view.cursorRect(cursor)
    view.setTextCursor(view.textCursor())
    c = view.textCursor()
    c.clearSelection()
    view.setTextCursor(c)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.entities_pane
    uid = window.entities_pane.view.currentIndex().data(UID_ROLE)
    assert next(r for r in window.entities_model.all_rows() if r.uid == uid).name == "Liora Dask"


def test_selecting_a_claim_row_opens_its_source_and_selects_nothing_else(qtbot, window):
    claim = next(c for c in window.claims_model.all_rows() if "AIS" in c.statement)
    window.tabs.setCurrentWidget(window.claims_pane)
    window.claims_pane.select_uid(claim.uid)
    assert window.reader.source_uid == claim.source_uid
    assert "Coast Guard statement" in window.reader.title.text()
    assert window.reader.view.textCursor().position() > 0


def test_models_pass_qt_model_tester(qtmodeltester, window):
    for model in (window.sources_model, window.entities_model, window.claims_model,
                  window.implications_model):
        qtmodeltester.check(model, force_py=True)
