"""Annotate menu behaviour: E, C, I, L on the reader selection; delete; merge entities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from desktop.core.kinds import BY_NAME
from desktop.services import claims, entities, implications
from desktop.services import kinds as kind_services
from desktop.services.claims import ClaimDraft
from desktop.services.implications import ImplicationDraft
from desktop.services.kinds import services
from desktop.ui.actions import Act
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.dialogs.link_dialog import LinkDialog
from desktop.ui.dialogs.merge_entities_dialog import MergeEntitiesDialog
from desktop.ui.selection import opening_entity

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class AnnotateActions(QObject):
    """The Annotate menu, bound to its actions: E, C, I, L on the reader selection, delete,
    merge entities, undo and redo. Dialogs open window-modal and act when accepted."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        a = self.window.actions_by_name
        a[Act.ANNOTATE_ENTITY].triggered.connect(self.annotate_entity)
        a[Act.ANNOTATE_CLAIM].triggered.connect(self.annotate_claim)
        a[Act.ANNOTATE_IMPLICATION].triggered.connect(self.annotate_implication)
        a[Act.LINK].triggered.connect(self.link_claim)
        a[Act.DELETE].triggered.connect(self.delete_selected)
        a[Act.MERGE_ENTITIES].triggered.connect(self.merge_selected_entities)
        a[Act.UNDO].triggered.connect(lambda: self.window.controller and self.window.controller.undo_stack.undo())
        a[Act.REDO].triggered.connect(lambda: self.window.controller and self.window.controller.undo_stack.redo())

    # ---- E -----------------------------------------------------------------------------
    def annotate_entity(self) -> None:
        selection = self.window.reader_selection()
        if self.window.controller is None or selection is None:
            self.window.statusBar().showMessage("Select text in the source first.", 4000)
            return
        source_uid, start, end, quote = selection
        dialog = EntityDialog(quote, self.window.entities_model.all_rows(), self.window)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            choice = dialog.choice()
            if self.window.controller is None:
                return
            if choice.existing_uid:
                self.window.controller.perform(lambda: entities.add_mention(
                    ctx, choice.existing_uid or "", source_uid, start, end))
            else:
                self.window.controller.perform(lambda: entities.create_entity_with_mention(
                    ctx, choice.name, choice.type, source_uid, start, end, choice.aliases))

        self.window.open_dialog(dialog, accepted)

    # ---- C -----------------------------------------------------------------------------
    def annotate_claim(self) -> None:
        selection = self.window.reader_selection()
        if self.window.controller is None or selection is None:
            self.window.statusBar().showMessage("Select the sentence that makes the claim first.", 4000)
            return
        source_uid, start, end, quote = selection
        source = next((s for s in self.window.sources_model.all_rows() if s.uid == source_uid), None)
        mentions = [(s.row.start, s.row.end, s.row.target_uid)
                    for s in self.window.reader.view.highlighter.spans
                    if s.row.kind == "mention" and s.row.review_state == "accepted"]
        names = [(n, e.uid) for e in self.window.entities_model.all_rows() for n in (e.name, *e.aliases)]
        opener = opening_entity(self.window.reader.view.textmap.text, start, mentions, names)
        dialog = ClaimDialog(quote, self.window._claimant_choices(),
                             source.reliability if source else "", self.window, claimant_uid=opener)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            values = dialog.values()
            draft = ClaimDraft(source_uid=source_uid, start=start, end=end, **values)  # type: ignore[arg-type]
            if self.window.controller is not None:
                changes = self.window.controller.perform(lambda: claims.create_claim(ctx, draft))
                if changes and changes.primary_uid and self.window.claims_pane is not None:
                    self.window.tabs.setCurrentWidget(self.window.claims_pane)
                    self.window.claims_pane.select_uid(changes.primary_uid)

        self.window.open_dialog(dialog, accepted)

    # ---- I -----------------------------------------------------------------------------
    def annotate_implication(self) -> None:
        if self.window.controller is None:
            return
        selection = self.window.reader_selection()
        quote = selection[3] if selection else ""
        dialog = ImplicationDialog(quote, self.window)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            values = dialog.values()
            anchored = selection is not None and dialog.anchor_box.isChecked()
            draft = ImplicationDraft(
                source_uid=selection[0] if anchored and selection else None,
                start=selection[1] if anchored and selection else None,
                end=selection[2] if anchored and selection else None,
                **values)  # type: ignore[arg-type]
            if self.window.controller is not None:
                changes = self.window.controller.perform(lambda: implications.create_implication(ctx, draft))
                if changes and changes.primary_uid and self.window.implications_pane is not None:
                    self.window.tabs.setCurrentWidget(self.window.implications_pane)
                    self.window.implications_pane.select_uid(changes.primary_uid)

        self.window.open_dialog(dialog, accepted)

    # ---- L -----------------------------------------------------------------------------
    def link_claim(self) -> None:
        if self.window.controller is None or self.window.claims_pane is None or self.window.implications_pane is None:
            return
        claim_uid = self.window.claims_pane.current_uid() or self._claim_at_selection()
        dialog = LinkDialog(self.window.claims_model.all_rows(), self.window.implications_model.all_rows(),
                            claim_uid, self.window.implications_pane.current_uid(), self.window)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            v = dialog.values()
            if self.window.controller is not None:
                self.window.controller.perform(lambda: implications.link_claim(
                    ctx, v["claim_uid"], v["implication_uid"], v["relation"], v["note"]))

        self.window.open_dialog(dialog, accepted)

    def _claim_at_selection(self) -> str | None:
        selection = self.window.reader_selection()
        if selection is None:
            return None
        _, start, end, _ = selection
        for span in self.window.reader.view.highlighter.spans:
            row = span.row
            if row.kind == "claim" and row.start <= start and row.end >= end - 1:
                return row.uid
        return None

    # ---- delete and merge --------------------------------------------------------------
    def delete_selected(self) -> None:
        if self.window.controller is None:
            return
        focus = self.window.focusWidget()
        pane = None
        for candidate in (self.window.sources_pane, self.window.entities_pane, self.window.claims_pane,
                          self.window.implications_pane, *self.window.connections.panes()):
            if candidate is not None and focus is not None and (
                    focus is candidate.view or candidate.isAncestorOf(focus)):
                pane = candidate
        if pane is None:
            pane = self.window.tabs.currentWidget()
        uids = pane.selected_uids() if pane is not None else []
        if not uids:
            self.window.statusBar().showMessage("Select rows to delete first.", 4000)
            return
        kind = BY_NAME[pane.model.kind]  # the registry says what the pane shows
        what = f"these {kind.count(len(uids))}" if len(uids) > 1 else f"this {kind.singular}"
        answer = QMessageBox.question(
            self.window, "Delete", f"Delete {what}? You can undo this with Ctrl+Z.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        ctx = self.window.controller.ctx
        delete = services(kind).delete
        self.window.controller.perform(lambda: delete(ctx, uids))

    def merge_selected_entities(self) -> None:
        if self.window.controller is None or self.window.entities_pane is None:
            return
        uids = set(self.window.entities_pane.selected_uids())
        rows = [r for r in self.window.entities_model.all_rows() if r.uid in uids]
        if len(rows) < 2:
            self.window.statusBar().showMessage("Select two or more entities to merge.", 4000)
            return
        dialog = MergeEntitiesDialog(rows, self.window)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            target, others = dialog.target_uid(), dialog.others()
            if self.window.controller is not None:
                self.window.controller.perform(lambda: entities.merge_entities(ctx, target, others))

        self.window.open_dialog(dialog, accepted)

    def save_detail(self, kind: str, uid: str, fields: dict) -> None:  # type: ignore[type-arg]
        if self.window.controller is None:
            return
        ctx = self.window.controller.ctx
        self.window.controller.perform(lambda: kind_services.update(ctx, kind, uid, **fields))
