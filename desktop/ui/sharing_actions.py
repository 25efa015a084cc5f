"""Save a copy for sharing, merge a colleague's copy, review conflicts, restore backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QProgressDialog

from desktop.services import entities
from desktop.services.backups import list_project_backups, restore_backup
from desktop.services.fold_sources import fold_source
from desktop.sharing.conflicts import list_conflicts, resolve_conflict
from desktop.sharing.merge import MergePlan, MergeSummary, merge, preview_merge
from desktop.sharing.share_copy import CopyResult, save_copy
from desktop.ui.dialogs.merge_dialogs import BackupsDialog, ConflictsDialog, MergePreviewDialog
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

PROJECT_FILTER = "Dossier projects (*.dossier);;All files (*)"


class SharingActions:
    """Mixed into MainWindow. File reads and merges run off the GUI thread."""

    def connect_sharing_actions(self: MainWindow) -> None:
        a = self.actions_by_name
        a["save_copy"].triggered.connect(self.ask_save_copy)
        a["merge_from"].triggered.connect(self.ask_merge)
        a["conflicts"].triggered.connect(self.review_conflicts)
        a["restore_backup"].triggered.connect(self.ask_restore_backup)
        self.sharing_worker: Worker | None = None

    def _busy(self: MainWindow, label: str, fn: Any, done: Any) -> Worker:
        progress = QProgressDialog(label, None, 0, 0, self)  # type: ignore[arg-type]
        progress.setWindowTitle("Dossier")
        progress.setMinimumDuration(400)
        worker = Worker(lambda report, cancelled: fn())
        worker.signals.finished.connect(lambda result: (progress.reset(), done(result)))
        worker.signals.failed.connect(lambda message: (progress.reset(), self.show_error(message)))
        self.sharing_worker = start(worker)
        return worker

    # ---- save a copy -------------------------------------------------------------------
    def ask_save_copy(self: MainWindow) -> None:
        if self.controller is None:
            return
        ctx = self.controller.ctx
        stamp = datetime.now().strftime("%Y-%m-%d")
        suggested = ctx.path.with_name(f"{ctx.path.stem} ({ctx.analyst.initials} {stamp}).dossier")
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy for sharing", str(suggested),
                                              PROJECT_FILTER)
        if path:
            self.save_copy_to(Path(path))

    def save_copy_to(self: MainWindow, path: Path) -> Worker | None:
        if self.controller is None:
            return None
        ctx = self.controller.ctx
        return self._busy("Writing a verified copy…", lambda: save_copy(ctx, path),
                          self._copy_saved)

    def _copy_saved(self: MainWindow, result: CopyResult) -> None:
        self.show_message("Copy saved", f"Saved a verified copy to {result.path}.\n\n"
                          f"SHA-256: {result.sha256}\n\nSend this file; your colleague merges it "
                          "with File ▸ Merge from…")
        self.sharing_finished(result)

    # ---- merge -----------------------------------------------------------------------------
    def ask_merge(self: MainWindow) -> None:
        if self.controller is None:
            return
        path, _ = QFileDialog.getOpenFileName(self, "Merge from a colleague's copy",
                                              str(self.controller.ctx.path.parent), PROJECT_FILTER)
        if path:
            self.preview_merge_of(Path(path))

    def preview_merge_of(self: MainWindow, path: Path) -> Worker | None:
        if self.controller is None:
            return None
        ctx = self.controller.ctx
        return self._busy(f"Reading {path.name}…", lambda: preview_merge(ctx, path),
                          self._show_merge_preview)

    def _show_merge_preview(self: MainWindow, plan: MergePlan) -> None:
        dialog = MergePreviewDialog(plan, self)

        def accepted() -> None:
            chosen = dialog.chosen_entity_merges()
            versions = dialog.chosen_source_versions()
            if self.controller is None:
                return
            ctx = self.controller.ctx
            take, yes = dialog.chosen_take_settings(), dialog.confirmed()
            if take != plan.take_settings:
                # Taking their settings can change what needs a yes: preview again with it.
                self._busy(f"Reading {plan.peer_path.name}…",
                           lambda: preview_merge(ctx, plan.peer_path, take_settings=take),
                           self._show_merge_preview)
                return
            self._busy(f"Merging {plan.peer_filename}…",
                       lambda: merge(ctx, plan.peer_path, plan, confirm=yes, take_settings=take),
                       lambda summary: self._merged(summary, chosen, versions))

        self._open(dialog, accepted)

    def _merged(self: MainWindow, summary: MergeSummary, entity_merges: list[tuple[str, str]],
                source_versions: list[tuple[str, str]] | None = None) -> None:
        if self.controller is None:
            return
        if summary.changes:
            self.controller.apply_external(summary.changes)
        ctx = self.controller.ctx
        for keep, other in entity_merges:
            self.controller.perform(lambda k=keep, o=other: entities.merge_entities(ctx, k, [o]))
        for keep, other in source_versions or []:
            # One document in two versions: one source, annotations on the newer text.
            self.controller.perform(lambda k=keep, o=other: fold_source(ctx, k, o))
        new = sum(c.new for c in summary.counts.values())
        updated = sum(c.updated for c in summary.counts.values())
        deleted = sum(c.deleted for c in summary.counts.values())
        lines = [f"Merged {summary.plan.peer_filename}: {new} new, {updated} updated, "
                 f"{deleted} deleted, {len(summary.conflicts)} conflicts."]
        if summary.plan.orphaned:
            lines.append(f"{len(summary.plan.orphaned)} annotation(s) could not be placed on a "
                         "changed source text; they are flagged orphaned.")
        if summary.plan.held_back and not summary.plan.take_settings:
            lines.append("Your handling settings were kept: " + ", ".join(
                h.what for h in summary.plan.held_back) + ".")
        if summary.backup_path:
            lines.append(f"Your project was backed up first to {summary.backup_path}; to undo "
                         "the merge, use File ▸ Restore from backup…")
        if summary.conflicts:
            lines.append("Review the conflicts with File ▸ Review merge conflicts…")
        self.show_message("Merge finished", "\n\n".join(lines))
        self.sharing_finished(summary)

    def review_conflicts(self: MainWindow) -> None:
        if self.controller is None:
            return
        ctx = self.controller.ctx
        dialog = ConflictsDialog(list_conflicts(ctx, include_resolved=True), self)

        def decide(take: str) -> None:
            row = dialog.current()
            if row is None or self.controller is None:
                return
            self.controller.perform(lambda: resolve_conflict(ctx, row.uid, take))
            dialog.set_rows(list_conflicts(ctx, include_resolved=True))

        dialog.keep_button.clicked.connect(lambda: decide("mine"))
        dialog.take_button.clicked.connect(lambda: decide("theirs"))
        self._open(dialog, lambda: None)

    # ---- backups -----------------------------------------------------------------------
    def ask_restore_backup(self: MainWindow) -> None:
        if self.controller is None:
            path, _ = QFileDialog.getOpenFileName(self, "Which project's backups?", "",
                                                  PROJECT_FILTER)
            if not path:
                return
            project = Path(path)
        else:
            project = self.controller.ctx.path
        dialog = BackupsDialog(list_project_backups(project), self)

        def accepted() -> None:
            chosen = dialog.chosen()
            if chosen is None:
                return
            stamp = chosen.name.split(".")[1] if chosen.name.count(".") > 2 else "backup"
            suggested = project.with_name(f"{project.stem} (restored {stamp[:8]}).dossier")
            target, _ = QFileDialog.getSaveFileName(self, "Restore the backup as",
                                                    str(suggested), PROJECT_FILTER)
            if not target:
                return
            try:
                result = restore_backup(chosen, Path(target))
            except Exception as err:  # noqa: BLE001 - shown as a message
                self.show_error(str(err))
                return
            self.open_path(result.target)

        self._open(dialog, accepted)

    def sharing_finished(self: MainWindow, result: object) -> None:
        """Hook called after a copy or a merge (tests listen to it)."""
