"""The assist GUI driven as a user would: suggest, review with Enter/Delete, edit, accept
all, undo; the claims × judgements matrix; summary, entity profile and overview windows."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton

from desktop.assist import engine
from desktop.assist.pipeline import Cancelled
from desktop.services import suggestions, summaries
from desktop.ui.application import make_app
from desktop.ui.assist_actions import AssistActions
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import choose, modal

REPO = Path(__file__).resolve().parents[2]


AssistWindow = MainWindow  # the assist mixin is one of MainWindow's bases
assert issubclass(MainWindow, AssistActions)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built once for the module; each test opens its own copy."""
    from desktop.core.identity import save_identity
    from desktop.services.sample import write_sample

    folder = tmp_path_factory.mktemp("assist-sample")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOSSIER_HOME", str(folder / "home"))
        path = folder / "sample.dossier"
        write_sample(path, save_identity("Sam Builder", "SB"))
    return path


@pytest.fixture
def window(qtbot, sample_file: Path, tmp_path: Path, analyst):  # type: ignore[no-untyped-def]
    path = tmp_path / "sample.dossier"
    shutil.copyfile(sample_file, path)
    make_app()
    win = AssistWindow()
    win.assist_engine = "rules"  # fast and the same on every machine
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    assert win.open_path(path)
    yield win
    win.close()


def run_suggest(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(win.reader.view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    worker = win.assist_worker
    assert worker is not None
    qtbot.waitUntil(lambda: worker.done, timeout=10000)


def pending_texts(win) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for r in win.review_panel.model.rows()]


def focus_row(qtbot, win, kind: str, text_start: str) -> None:  # type: ignore[no-untyped-def]
    """Put the queue's cursor on a suggestion, as clicking it would."""
    view = win.review_panel.view
    row = next(i for i, r in enumerate(win.review_panel.model.rows())
               if r.kind == kind and r.text.startswith(text_start))
    index = win.review_panel.model.index(row, 0)
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.visualRect(index).center())
    assert view.currentIndex().row() == row
    view.setFocus()


def undo_in(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitActive(widget.window()):
        widget.window().activateWindow()
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def mentions_of(win, name: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in win.entities_model.all_rows() if r.name == name).mentions


# ---- suggestions and the review queue --------------------------------------------------

def test_suggest_fills_the_queue_as_one_undo_step(qtbot, qtmodeltester, window):
    steps = window.controller.undo_stack.count()
    run_suggest(qtbot, window)
    panel = window.review_panel
    assert window.suggestions_dock.isVisible()
    assert panel.model.rowCount() > 5
    # Every hedged sentence of this article is someone's claim, so no implication is
    # suggested: a sentence is never both (issue 18).
    assert {r.kind for r in panel.model.rows()} >= {"mention", "claim"}
    assert "suggestions to review" in panel.heading.text()
    assert any(s.row.review_state == "suggested" for s in window.reader.view.highlighter.spans)
    assert window.controller.undo_stack.count() == steps + 1
    qtmodeltester.check(panel.model, force_py=True)
    undo_in(qtbot, window.reader.view)
    assert panel.model.rowCount() == 0
    assert not any(s.row.review_state == "suggested"
                   for s in window.reader.view.highlighter.spans)


def test_selecting_a_suggestion_reveals_it_in_the_reader(qtbot, window):
    run_suggest(qtbot, window)
    focus_row(qtbot, window, "claim", "Energy Minister")
    row = window.review_panel.selected_rows()[0]
    cursor = window.reader.view.textCursor()
    assert window.reader.view.textmap.span_to_cp(cursor.position(), cursor.position())[0] \
        == row.start


def test_enter_accepts_delete_rejects_and_ctrl_z_undoes(qtbot, window):
    run_suggest(qtbot, window)
    before = mentions_of(window, "Estmark")
    focus_row(qtbot, window, "mention", "Estmark")
    qtbot.keyClick(window.review_panel.view, Qt.Key.Key_Return)
    assert mentions_of(window, "Estmark") == before + 1
    assert not any(r.kind == "mention" and r.text == "Estmark"
                   for r in window.review_panel.model.rows())

    quote = '"This was not an accident of the sea."'
    focus_row(qtbot, window, "claim", quote)
    qtbot.keyClick(window.review_panel.view, Qt.Key.Key_Delete)
    # The queue took the key: the window's own Delete (with its question) did not run.
    assert QApplication.activeModalWidget() is None
    assert window.findChild(QMessageBox) is None
    assert quote not in pending_texts(window)
    assert len(window.claims_model.all_rows()) == 7

    undo_in(qtbot, window.review_panel.view)
    assert quote in pending_texts(window)
    undo_in(qtbot, window.review_panel.view)
    assert mentions_of(window, "Estmark") == before


def test_rerun_does_not_bring_back_a_rejected_suggestion(qtbot, window):
    run_suggest(qtbot, window)
    quote = '"This was not an accident of the sea."'
    focus_row(qtbot, window, "claim", quote)
    qtbot.keyClick(window.review_panel.view, Qt.Key.Key_Delete)
    count = window.review_panel.model.rowCount()
    with qtbot.waitActive(window):
        window.activateWindow()
    run_suggest(qtbot, window)
    assert quote not in pending_texts(window)
    assert window.review_panel.model.rowCount() == count
    assert "No new suggestions" in window.statusBar().currentMessage()


def test_edit_a_suggested_claim_then_accept_it_in_one_step(qtbot, window):
    run_suggest(qtbot, window)
    focus_row(qtbot, window, "claim", "Energy Minister Liora Dask")
    uid = window.review_panel.selected_rows()[0].uid
    qtbot.mouseClick(window.review_panel.edit_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, ClaimDialog)
    assert dialog.claimant.currentText() == "Liora Dask"
    assert "Energy Minister Liora Dask told reporters" in dialog.statement.toPlainText()
    dialog.statement.selectAll()
    qtbot.keyClicks(dialog.statement, "The damage was deliberate, divers found a crater.")
    choose(qtbot, dialog.credibility, "2 ")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    claim = next(c for c in window.claims_model.all_rows() if c.uid == uid)
    assert claim.statement == "The damage was deliberate, divers found a crater."
    assert (claim.claimant_name, claim.grade) == ("Liora Dask", "B2")
    assert uid not in [r.uid for r in window.review_panel.model.rows()]
    undo_in(qtbot, window.review_panel.view)
    assert uid not in [c.uid for c in window.claims_model.all_rows()]
    restored = next(r for r in window.review_panel.model.rows() if r.uid == uid)
    assert restored.text.startswith("Energy Minister Liora Dask told reporters")


def test_edit_a_suggested_entity_into_an_existing_one_merges_it(qtbot, window):
    window.sources_pane.select_uid(window.sources_model.all_rows()[1].uid)
    run_suggest(qtbot, window)
    new = [r for r in window.review_panel.model.rows() if r.kind == "entity"]
    assert new, "the second sample source has names the project does not know yet"
    target = new[0]
    focus_row(qtbot, window, "entity", target.text)
    qtbot.mouseDClick(window.review_panel.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=window.review_panel.view.visualRect(
                          window.review_panel.view.currentIndex()).center())
    dialog = modal(qtbot, EntityDialog)
    assert dialog.name_edit.text() == target.text
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Kessel pipeline")
    assert dialog.matched() is not None
    before = mentions_of(window, "Kessel pipeline")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert target.uid not in [r.uid for r in window.review_panel.model.rows()]
    kessel = next(r for r in window.entities_model.all_rows() if r.name == "Kessel pipeline")
    assert target.text in kessel.aliases
    assert mentions_of(window, "Kessel pipeline") == before  # its mention is still a suggestion


def test_accept_all_mentions_is_one_undoable_step(qtbot, window):
    run_suggest(qtbot, window)
    button = window.review_panel.accept_all_buttons["mention"]
    assert button.isEnabled() and "(" in button.text()
    total = sum(r.mentions for r in window.entities_model.all_rows())
    waiting = sum(1 for r in window.review_panel.model.rows() if r.kind == "mention")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not any(r.kind == "mention" for r in window.review_panel.model.rows())
    assert not button.isEnabled()
    assert sum(r.mentions for r in window.entities_model.all_rows()) == total + waiting
    undo_in(qtbot, window.review_panel.view)
    assert sum(1 for r in window.review_panel.model.rows() if r.kind == "mention") == waiting
    assert sum(r.mentions for r in window.entities_model.all_rows()) == total


def test_cancelling_the_run_stores_nothing(qtbot, window, monkeypatch):
    gate = threading.Event()
    real = suggestions.analyse

    def slow_analyse(text, known, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["progress"](0, 4, "finding names")
        gate.wait(10)  # released by the test once Cancel was pressed
        return real(text, known, **kwargs)

    monkeypatch.setattr(suggestions, "analyse", slow_analyse)
    steps = window.controller.undo_stack.count()
    window.actions_by_name["suggest"].trigger()
    worker = window.assist_worker
    progress = worker.progress_dialog
    qtbot.waitUntil(lambda: "finding names" in progress.labelText(), timeout=5000)
    qtbot.waitUntil(progress.isVisible, timeout=5000)  # shown once the run takes a while
    qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: worker.done, timeout=10000)
    assert window.controller.undo_stack.count() == steps
    assert window.review_panel.model.rowCount() == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_spacy_is_not_imported_with_the_gui():
    code = ("import sys; import desktop.ui.main_window, desktop.ui.assist_actions; "
            "sys.exit(1 if 'spacy' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


def test_the_language_model_is_loaded_in_the_worker_not_the_gui_thread(qtbot, window,
                                                                        monkeypatch):
    loaded_on: list[threading.Thread] = []

    def fake_load(name):  # type: ignore[no-untyped-def]
        loaded_on.append(threading.current_thread())
        raise Cancelled  # stop there: the real model is not needed to know where it loads

    monkeypatch.setattr(engine, "resolve_engine", lambda name: "en_core_web_any")
    monkeypatch.setattr(engine, "load_pipeline", fake_load)
    window.assist_engine = "auto"
    run_suggest(qtbot, window)
    assert loaded_on and loaded_on[0] is not threading.main_thread()


# ---- claims × judgements ------------------------------------------------------------------

def test_matrix_edit_updates_the_judgement_counts_and_undoes(qtbot, qtmodeltester, window):
    qtbot.keyClick(window.reader.view, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    matrix = window.matrix_window
    assert matrix is not None and matrix.isVisible()
    model = matrix.model
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 7 and model.columnCount() == 4
    column = next(c for c in range(1, 4) if model.judgement_at(c).text.startswith("Gas supply"))
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data().startswith("Norland denies"))
    assert model.index(row, column).data() == "—"
    assert "▼ 0" in model.headerData(column, Qt.Orientation.Horizontal)

    with qtbot.waitActive(matrix):
        matrix.activateWindow()
    view = matrix.view
    view.setFocus()
    view.setCurrentIndex(model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.viewport().findChild(QComboBox)
    assert editor is not None and editor.currentText().startswith("—")
    choose(qtbot, editor, "Contradicts")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event turn
    qtbot.waitUntil(lambda: model.index(row, column).data().startswith("▼ Contradicts"))
    assert "▼ 1" in model.headerData(column, Qt.Orientation.Horizontal)
    judgement = model.judgement_at(column)
    assert judgement.contradicts == 1
    assert summaries.claims_matrix(window.controller.ctx).judgement(judgement.uid).contradicts == 1
    qtmodeltester.check(model, force_py=True)

    undo_in(qtbot, view)
    assert model.index(row, column).data() == "—"
    assert "▼ 0" in model.headerData(column, Qt.Orientation.Horizontal)


# ---- summaries, profile, overview -----------------------------------------------------------

def test_summary_links_reveal_sentences_and_an_edit_is_saved_undoably(qtbot, window):
    window.actions_by_name["summarise_source"].trigger()
    view = window.summary_view
    assert view is not None and view.isVisible()
    assert "not saved yet" in view.status.text()
    assert "An underwater explosion damaged the Kessel gas pipeline" in view.html_text()
    with qtbot.waitActive(view):
        view.activateWindow()
    view.browser.setFocus()
    qtbot.keyClick(view.browser, Qt.Key.Key_Tab)  # to the first sentence's link
    qtbot.keyClick(view.browser, Qt.Key.Key_Return)
    text = window.reader.view.textmap.text
    position = window.reader.view.textCursor().position()
    assert text.index("An underwater explosion") == window.reader.view.textmap.span_to_cp(
        position, position)[0]

    view.editor.selectAll()
    qtbot.keyClicks(view.editor, "Sabotage suspected; gas cut by a third.")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    uid = window.reader.source_uid
    stored = summaries.source_summary(window.controller.ctx, uid)
    assert (stored.text, stored.generated) == ("Sabotage suspected; gas cut by a third.", False)
    assert "saved with the source" in view.status.text()
    undo_in(qtbot, view.browser)
    assert summaries.source_summary(window.controller.ctx, uid).generated


def test_entity_profile_shows_mentions_claims_and_neighbours(qtbot, window):
    dask = next(r for r in window.entities_model.all_rows() if r.name == "Liora Dask")
    window.tabs.setCurrentWidget(window.entities_pane)
    window.entities_pane.select_uid(dask.uid)
    window.actions_by_name["entity_profile"].trigger()
    view = window.profile_view
    assert view is not None and view.isVisible()
    shown = view.html_text()
    assert "Liora Dask" in view.windowTitle()
    assert "Mentions (2)" in shown
    assert "Claims made by Liora Dask (1)" in shown
    assert "deliberate" in shown
    assert "Appears with" in shown and "Estmark" in shown
    assert "Explosion damages Kessel pipeline off Port Vanta" in shown


def test_project_overview_shows_counts_timeline_and_weak_judgements(qtbot, window):
    window.actions_by_name["project_overview"].trigger()
    view = window.overview_view
    assert view is not None and view.isVisible()
    shown = view.html_text()
    for expected in ("Sources by date", "2026-03-03", "Most-mentioned entities",
                     "Kessel pipeline", "Claims by status", "Reported",
                     "Weakest-supported judgements", "Gas supply to northern Estmark"):
        assert expected in shown
    assert shown.index("Gas supply to northern Estmark") < shown.index(
        "The damage to the Kessel pipeline was deliberate")


def test_edit_a_suggested_mention_to_name_a_new_entity(qtbot, window):
    run_suggest(qtbot, window)
    row = next(r for r in window.review_panel.model.rows()
               if r.kind == "mention" and r.text == "survey vessel")
    focus_row(qtbot, window, "mention", "survey vessel")
    qtbot.mouseClick(window.review_panel.edit_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, EntityDialog)
    assert dialog.name_edit.text() == row.detail  # the entity the engine thought it named
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Unnamed survey vessel")
    choose(qtbot, dialog.type_combo, "Equipment")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert mentions_of(window, "Unnamed survey vessel") == 1
    assert row.uid not in [r.uid for r in window.review_panel.model.rows()]
    undo_in(qtbot, window.review_panel.view)
    assert "Unnamed survey vessel" not in [e.name for e in window.entities_model.all_rows()]
    assert row.uid in [r.uid for r in window.review_panel.model.rows()]
