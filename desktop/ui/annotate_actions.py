"""Annotate menu behaviour: E, C, I, L on the reader selection; delete; merge entities."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from desktop.services import claims, entities, implications, sources
from desktop.services.anchoring import trimmed_span
from desktop.services.claims import ClaimDraft
from desktop.services.counts import plural
from desktop.services.implications import ImplicationDraft
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.dialogs.link_dialog import LinkDialog
from desktop.ui.dialogs.merge_entities_dialog import MergeEntitiesDialog
from desktop.ui.selection import opening_entity

SINGULAR = {"Sources": "source", "Entities": "entity", "Claims": "claim",
             "Implications": "implication"}

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class AnnotateActions:
    """Mixed into MainWindow. Dialogs open window-modal and act when accepted."""

    def connect_annotate_actions(self: MainWindow) -> None:
        a = self.actions_by_name
        a["annotate_entity"].triggered.connect(self.annotate_entity)
        a["annotate_claim"].triggered.connect(self.annotate_claim)
        a["annotate_implication"].triggered.connect(self.annotate_implication)
        a["link"].triggered.connect(self.link_claim)
        a["delete"].triggered.connect(self.delete_selected)
        a["merge_entities"].triggered.connect(self.merge_selected_entities)
        a["undo"].triggered.connect(lambda: self.controller and self.controller.undo_stack.undo())
        a["redo"].triggered.connect(lambda: self.controller and self.controller.undo_stack.redo())

    def _selection(self: MainWindow) -> tuple[str, int, int, str] | None:
        """(source uid, start, end, text) of the reader selection, trimmed of spaces."""
        span = self.reader.view.selection_span()
        uid = self.reader.source_uid
        if span is None or uid is None:
            return None
        text = self.reader.view.textmap.text
        start, end = trimmed_span(text, *span)
        if start >= end:
            return None
        return uid, start, end, text[start:end]

    def _open(self: MainWindow, dialog: object, on_accept: object) -> None:
        dialog.accepted.connect(on_accept)  # type: ignore[attr-defined]
        dialog.finished.connect(dialog.deleteLater)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]
        self.active_dialog = dialog

    # ---- E -----------------------------------------------------------------------------
    def annotate_entity(self: MainWindow) -> None:
        selection = self._selection()
        if self.controller is None or selection is None:
            self.statusBar().showMessage("Select text in the source first.", 4000)
            return
        source_uid, start, end, quote = selection
        dialog = EntityDialog(quote, self.entities_model.all_rows(), self)
        ctx = self.controller.ctx

        def accepted() -> None:
            choice = dialog.choice()
            if self.controller is None:
                return
            if choice.existing_uid:
                self.controller.perform(lambda: entities.add_mention(
                    ctx, choice.existing_uid or "", source_uid, start, end))
            else:
                self.controller.perform(lambda: entities.create_entity_with_mention(
                    ctx, choice.name, choice.type, source_uid, start, end, choice.aliases))

        self._open(dialog, accepted)

    # ---- C -----------------------------------------------------------------------------
    def annotate_claim(self: MainWindow) -> None:
        selection = self._selection()
        if self.controller is None or selection is None:
            self.statusBar().showMessage("Select the sentence that makes the claim first.", 4000)
            return
        source_uid, start, end, quote = selection
        source = next((s for s in self.sources_model.all_rows() if s.uid == source_uid), None)
        mentions = [(s.row.start, s.row.end, s.row.target_uid)
                    for s in self.reader.view.highlighter.spans
                    if s.row.kind == "mention" and s.row.review_state == "accepted"]
        names = [(n, e.uid) for e in self.entities_model.all_rows() for n in (e.name, *e.aliases)]
        opener = opening_entity(self.reader.view.textmap.text, start, mentions, names)
        dialog = ClaimDialog(quote, self._claimant_choices(),
                             source.reliability if source else "", self, claimant_uid=opener)
        ctx = self.controller.ctx

        def accepted() -> None:
            values = dialog.values()
            draft = ClaimDraft(source_uid=source_uid, start=start, end=end, **values)  # type: ignore[arg-type]
            if self.controller is not None:
                changes = self.controller.perform(lambda: claims.create_claim(ctx, draft))
                if changes and changes.primary_uid and self.claims_pane is not None:
                    self.tabs.setCurrentWidget(self.claims_pane)
                    self.claims_pane.select_uid(changes.primary_uid)

        self._open(dialog, accepted)

    # ---- I -----------------------------------------------------------------------------
    def annotate_implication(self: MainWindow) -> None:
        if self.controller is None:
            return
        selection = self._selection()
        quote = selection[3] if selection else ""
        dialog = ImplicationDialog(quote, self)
        ctx = self.controller.ctx

        def accepted() -> None:
            values = dialog.values()
            anchored = selection is not None and dialog.anchor_box.isChecked()
            draft = ImplicationDraft(
                source_uid=selection[0] if anchored and selection else None,
                start=selection[1] if anchored and selection else None,
                end=selection[2] if anchored and selection else None,
                **values)  # type: ignore[arg-type]
            if self.controller is not None:
                changes = self.controller.perform(lambda: implications.create_implication(ctx, draft))
                if changes and changes.primary_uid and self.implications_pane is not None:
                    self.tabs.setCurrentWidget(self.implications_pane)
                    self.implications_pane.select_uid(changes.primary_uid)

        self._open(dialog, accepted)

    # ---- L -----------------------------------------------------------------------------
    def link_claim(self: MainWindow) -> None:
        if self.controller is None or self.claims_pane is None or self.implications_pane is None:
            return
        claim_uid = self.claims_pane.current_uid() or self._claim_at_selection()
        dialog = LinkDialog(self.claims_model.all_rows(), self.implications_model.all_rows(),
                            claim_uid, self.implications_pane.current_uid(), self)
        ctx = self.controller.ctx

        def accepted() -> None:
            v = dialog.values()
            if self.controller is not None:
                self.controller.perform(lambda: implications.link_claim(
                    ctx, v["claim_uid"], v["implication_uid"], v["relation"], v["note"]))

        self._open(dialog, accepted)

    def _claim_at_selection(self: MainWindow) -> str | None:
        selection = self._selection()
        if selection is None:
            return None
        _, start, end, _ = selection
        for span in self.reader.view.highlighter.spans:
            row = span.row
            if row.kind == "claim" and row.start <= start and row.end >= end - 1:
                return row.uid
        return None

    # ---- delete and merge --------------------------------------------------------------
    def delete_selected(self: MainWindow) -> None:
        if self.controller is None:
            return
        focus = self.focusWidget()
        pane = None
        for candidate in (self.sources_pane, self.entities_pane, self.claims_pane,
                          self.implications_pane):
            if candidate is not None and focus is not None and (
                    focus is candidate.view or candidate.isAncestorOf(focus)):
                pane = candidate
        if pane is None:
            pane = self.tabs.currentWidget()
        uids = pane.selected_uids() if pane is not None else []
        if not uids:
            self.statusBar().showMessage("Select rows to delete first.", 4000)
            return
        noun = SINGULAR[pane.name]
        what = f"these {plural(len(uids), noun)}" if len(uids) > 1 else f"this {noun}"
        answer = QMessageBox.question(
            self, "Delete", f"Delete {what}? You can undo this with Ctrl+Z.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        ctx = self.controller.ctx
        service = {"Sources": sources.delete_sources, "Entities": entities.delete_entities,
                   "Claims": claims.delete_claims,
                   "Implications": implications.delete_implications}[pane.name]
        self.controller.perform(lambda: service(ctx, uids))

    def merge_selected_entities(self: MainWindow) -> None:
        if self.controller is None or self.entities_pane is None:
            return
        uids = set(self.entities_pane.selected_uids())
        rows = [r for r in self.entities_model.all_rows() if r.uid in uids]
        if len(rows) < 2:
            self.statusBar().showMessage("Select two or more entities to merge.", 4000)
            return
        dialog = MergeEntitiesDialog(rows, self)
        ctx = self.controller.ctx

        def accepted() -> None:
            target, others = dialog.target_uid(), dialog.others()
            if self.controller is not None:
                self.controller.perform(lambda: entities.merge_entities(ctx, target, others))

        self._open(dialog, accepted)

    def save_detail(self: MainWindow, kind: str, uid: str, fields: dict) -> None:  # type: ignore[type-arg]
        if self.controller is None:
            return
        ctx = self.controller.ctx
        service = {"entity": entities.update_entity, "claim": claims.update_claim,
                   "implication": implications.update_implication}[kind]
        self.controller.perform(lambda: service(ctx, uid, **fields))
