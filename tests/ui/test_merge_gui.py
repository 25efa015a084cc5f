"""File ▸ Merge from…, its preview and the conflict review, through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.core.context import open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import claims, entities
from desktop.sharing.share_copy import save_copy
from desktop.ui.dialogs.merge_dialogs import ConflictsDialog, MergePreviewDialog
from tests.ui.conftest import modal

BOB = AnalystIdentity("01900000-0000-7000-8000-00000000b0b0", "Bob Builder", "BB")


def _entity(win, name):
    return next(r for r in win.entities_model.all_rows() if r.name == name)


def test_merge_preview_then_conflict_review(qtbot, window, tmp_path, monkeypatch):
    ctx = window.controller.ctx
    peer = tmp_path / "bob.dossier"
    save_copy(ctx, peer)
    dask = _entity(window, "Liora Dask")
    with open_project(peer, analyst=BOB) as bob:
        entities.update_entity(bob, dask.uid, description="Energy minister since 2024 (Bob)")
        claims.create_claim(bob, claims.ClaimDraft("Grauwal Shipping chartered the vessel.",
                                                   credibility=4))
    window.controller.perform(lambda: entities.update_entity(
        ctx, dask.uid, description="Minister of energy (Ada)"))
    peer_bytes = peer.read_bytes()

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(peer), "")))
    window.actions_by_name["merge_from"].trigger()
    preview = modal(qtbot, MergePreviewDialog)
    rows = {preview.counts.item(r, 0).text(): [preview.counts.item(r, c).text()
                                              for c in range(1, 5)]
            for r in range(preview.counts.rowCount())}
    assert rows["Claims"][0] == "1" and rows["Entities"][3] == "1"
    with qtbot.waitSignal(window.controller.changed, timeout=20000):
        qtbot.mouseClick(preview.ok_button(), Qt.MouseButton.LeftButton)
    assert peer.read_bytes() == peer_bytes, "the incoming file is never modified"
    assert any(c.statement.startswith("Grauwal Shipping chartered") for c in
               window.claims_model.all_rows())
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "messageBox") is not None)
    box = window.findChild(QMessageBox, "messageBox")
    assert "1 conflicts" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert _entity(window, "Liora Dask").description == "Minister of energy (Ada)"

    window.actions_by_name["conflicts"].trigger()
    review = modal(qtbot, ConflictsDialog)
    # The kind of item, the field, and both values side by side with who made them.
    assert review.table.rowCount() == 1
    assert [review.table.item(0, c).text() for c in (0, 1, 2)] == [
        "Entity", "Liora Dask", "description"]
    assert "Minister of energy (Ada)" in review.table.item(0, 3).text()
    assert "Bob Builder" in review.table.item(0, 4).text()
    assert "Energy minister since 2024 (Bob)" in review.table.item(0, 4).text()
    assert review.table.item(0, 5).text() == "mine" and "both copies changed it" in \
        review.table.item(0, 6).text()
    # Keyboard only: the list has focus, Alt+T keeps theirs.
    assert review.table.hasFocus() or review.focusWidget() is review.table
    qtbot.keyClick(review.table, Qt.Key.Key_Home)
    qtbot.keyClick(review.table, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert _entity(window, "Liora Dask").description == "Energy minister since 2024 (Bob)"
    assert review.table.item(0, 5).text() == "theirs (decided)"
    qtbot.keyClick(review.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert _entity(window, "Liora Dask").description == "Minister of energy (Ada)"
    review.grab().save(str(tmp_path / "conflicts.png"))
    review.accept()

    window.actions_by_name["merge_from"].trigger()
    again = modal(qtbot, MergePreviewDialog)
    assert not again.ok_button().isEnabled() and "merged before" in again.note.text()
    again.reject()


def test_save_copy_for_sharing_reports_its_checksum(qtbot, window, tmp_path, monkeypatch):
    import hashlib

    target = tmp_path / "for colleague.dossier"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    window.actions_by_name["save_copy"].trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "messageBox") is not None,
                    timeout=20000)
    box = window.findChild(QMessageBox, "messageBox")
    assert hashlib.sha256(target.read_bytes()).hexdigest() in box.text()
