"""Assist menu behaviour: suggestions and their review queue, summaries, the entity
profile, the claims × judgements matrix and the project overview.

Every decision (accept, reject, edit, accept all, a matrix cell, a saved summary) is
one ``controller.perform`` step, so Ctrl+Z undoes it; the suggestion run itself goes
on the undo stack through ``push_done`` once its worker finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QProgressDialog, QWidget

from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import ServiceError
from desktop.services import claims, entities, history, implications, suggestions, summaries
from desktop.services.suggestions import SuggestionRow
from desktop.ui.dialogs.claim_dialog import ClaimDialog
from desktop.ui.dialogs.entity_dialog import EntityDialog
from desktop.ui.dialogs.implication_dialog import ImplicationDialog
from desktop.ui.matrix_view import MatrixWindow
from desktop.ui.review_panel import PLURAL, ReviewPanel
from desktop.ui.summary_views import (
    EntityProfileView,
    ProjectOverviewView,
    SourceSummaryView,
    parse_link,
)
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

REVIEW_KINDS = {"source", "entity", "entity_alias", "mention", "claim", "implication"}
MATRIX_KINDS = {"claim", "implication", "support", "source", "entity"}
PROFILE_KINDS = {"entity", "entity_alias", "mention", "claim", "source"}


def in_one_step(ctx: ProjectContext, first: Callable[[], Changes],
                then: Callable[[], Changes], label: str) -> Changes:
    """Two service calls as one undoable step; the first is reverted if the second fails."""
    done = first()
    try:
        more = then()
    except Exception:
        if done:
            history.revert(ctx, done)
        raise
    return replace(done + more, label=label)


def _accept_edited(ctx: ProjectContext, uid: str, edit: Callable[[], Changes],
                   label: str) -> Callable[[], Changes]:
    """Accept a suggestion and apply the analyst's correction as one undo step."""
    return lambda: in_one_step(ctx, lambda: suggestions.accept(ctx, [uid]), edit, label)


class AssistActions:
    """Mixed into MainWindow; ``connect_assist_actions`` builds the panel and wires the menu."""

    def connect_assist_actions(self: MainWindow) -> None:
        a = self.actions_by_name
        # "auto" picks an installed spaCy pipeline (loaded in the worker) or the rules.
        self.assist_engine = "auto"
        self.assist_worker: Worker | None = None
        self._assist_controller: Any = None
        self.review_panel = ReviewPanel(self)
        self.suggestions_dock = QDockWidget("Suggestions", self)
        self.suggestions_dock.setObjectName("suggestionsDock")
        self.suggestions_dock.setWidget(self.review_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.suggestions_dock)
        self.splitDockWidget(self.sources_dock, self.suggestions_dock, Qt.Orientation.Vertical)
        self.suggestions_dock.hide()
        self.matrix_window: MatrixWindow | None = None
        self.profile_view: EntityProfileView | None = None
        self.overview_view: ProjectOverviewView | None = None
        self.summary_view: SourceSummaryView | None = None
        a["suggest"].triggered.connect(self.suggest_annotations)
        a["accept_suggestion"].triggered.connect(lambda: self.accept_suggestions())
        a["reject_suggestion"].triggered.connect(lambda: self.reject_suggestions())
        a["summarise_source"].triggered.connect(self.show_source_summary)
        a["entity_profile"].triggered.connect(lambda: self.show_entity_profile())
        a["claims_matrix"].triggered.connect(self.show_claims_matrix)
        a["project_overview"].triggered.connect(self.show_project_overview)
        panel = self.review_panel
        panel.accept_requested.connect(self.accept_suggestions)
        panel.reject_requested.connect(self.reject_suggestions)
        panel.edit_requested.connect(self.edit_suggestion)
        panel.accept_all_requested.connect(self.accept_all_suggestions)
        panel.reveal_requested.connect(self._reveal_suggestion)
        # The reader's text is replaced exactly when another source is shown or the
        # project closes, so this is where the queue follows the open source.
        self.reader.view.textChanged.connect(self._assist_source_shown)

    # ---- following the project ---------------------------------------------------------
    def _assist_source_shown(self: MainWindow) -> None:
        controller = self.controller
        if controller is not self._assist_controller:
            if controller is not None:
                controller.changed.connect(self._assist_apply_changes)
            else:
                for window in (self.matrix_window, self.profile_view, self.overview_view,
                               self.summary_view):
                    if window is not None:
                        window.close()
            self._assist_controller = controller
        self.refresh_review_panel()

    def _assist_apply_changes(self: MainWindow, changes: Changes) -> None:
        if self.controller is None:
            return
        kinds = changes.kinds
        try:
            if kinds & REVIEW_KINDS:
                self.refresh_review_panel()
            if self.matrix_window is not None and self.matrix_window.isVisible() \
                    and kinds & MATRIX_KINDS:
                self._fill_matrix()
            if self.profile_view is not None and self.profile_view.isVisible() \
                    and kinds & PROFILE_KINDS:
                self._fill_profile(self.profile_view.entity_uid)
            if self.overview_view is not None and self.overview_view.isVisible():
                self.overview_view.set_overview(summaries.project_overview(self.controller.ctx))
            view = self.summary_view
            if view is not None and view.isVisible() and view.source_uid in changes.uids("source"):
                view.set_summary(summaries.source_summary(self.controller.ctx, view.source_uid),
                                 self.controller.ctx.read_only)
        except ServiceError as err:
            self.statusBar().showMessage(str(err), 5000)

    def refresh_review_panel(self: MainWindow) -> None:
        uid = self.reader.source_uid
        if self.controller is None or not uid:
            self.review_panel.set_rows([], "")
            self.suggestions_dock.setWindowTitle("Suggestions")
            return
        try:
            rows = suggestions.pending(self.controller.ctx, uid)
        except ServiceError:
            rows = []
        self.review_panel.set_rows(rows, self.reader.title.text(),
                                   writable=not self.controller.ctx.read_only)
        self.suggestions_dock.setWindowTitle(f"Suggestions ({len(rows)})" if rows
                                             else "Suggestions")

    def show_review_panel(self: MainWindow) -> None:
        if self.suggestions_dock.isHidden():
            self.suggestions_dock.show()
            if not self.suggestions_dock.isFloating():
                # The queue needs room more than the short list of sources does.
                self.resizeDocks([self.sources_dock, self.suggestions_dock], [260, 560],
                                 Qt.Orientation.Vertical)
        self.suggestions_dock.raise_()

    def _reveal_suggestion(self: MainWindow, start: int, end: int) -> None:
        if self.reader.source_uid:
            self.reader.view.reveal(start, end)

    # ---- running the assist engine -----------------------------------------------------
    def suggest_annotations(self: MainWindow) -> Worker | None:
        """Analyse the open source in the background; one undo step stores the results."""
        self._assist_source_shown()
        if self.controller is None or self.controller.ctx.read_only:
            return None
        uid = self.reader.source_uid
        if not uid:
            self.statusBar().showMessage("Open a source to suggest annotations for.", 4000)
            return None
        if self.assist_worker is not None and not getattr(self.assist_worker, "done", True):
            self.statusBar().showMessage("Suggestions are already being prepared.", 4000)
            return None
        ctx, engine = self.controller.ctx, self.assist_engine
        progress = QProgressDialog("Reading the source…", "Cancel", 0, 4, self)
        progress.setObjectName("suggestProgress")
        progress.setWindowTitle("Suggest annotations")
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        # Long sources are stored piece by piece; the queue refreshes as each one lands.
        worker = Worker(lambda report, cancelled: suggestions.suggest_streaming(
            ctx, uid, engine, report, cancelled, on_piece=worker.signals.partial.emit))
        worker.done = False  # type: ignore[attr-defined]
        worker.progress_dialog = progress  # type: ignore[attr-defined]

        def report(done: int, total: int, label: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))
            progress.setLabelText(f"Suggesting annotations: {label}…")

        def dismiss_progress() -> None:
            # With auto-close off, reset() leaves a shown dialog on screen (and active, so
            # the next Ctrl+Z would go to it) until its deferred delete runs: hide it now.
            progress.reset()
            progress.hide()
            progress.deleteLater()

        def finished(changes: Changes) -> None:
            worker.done = True  # type: ignore[attr-defined]
            dismiss_progress()
            self.take_back_keyboard(progress)
            self._suggestions_ready(changes)

        def failed(message: str) -> None:
            worker.done = True  # type: ignore[attr-defined]
            dismiss_progress()
            self.take_back_keyboard(progress)
            self.show_error(message or "No suggestions were made.")
            self.suggestions_finished(None)

        worker.signals.progress.connect(report)
        worker.signals.partial.connect(lambda _changes: self.refresh_review_panel())
        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        progress.canceled.connect(worker.cancel)
        self.assist_worker = start(worker)
        return worker

    def _suggestions_ready(self: MainWindow, changes: Changes) -> None:
        if changes.extra.get("cancelled") and not changes:
            self.statusBar().showMessage("Suggestions cancelled; nothing was stored.", 5000)
            self.suggestions_finished(changes)
            return
        if self.controller is not None and changes:
            self.controller.push_done(changes)
        counts = changes.extra.get("counts", {})
        made = [f"{n} {PLURAL[k] if n != 1 else k}" for k, n in counts.items() if n]
        engine = str(changes.extra.get("engine", ""))
        via = f" ({'spaCy' if engine.startswith('spacy') else 'rules'})" if engine else ""
        stopped = " before the end of the source (cancelled)" if changes.extra.get(
            "partial") else ""
        self.statusBar().showMessage(
            (f"Suggested {', '.join(made)}{via}{stopped}." if made
             else "No new suggestions for this source.") , 8000)
        self.refresh_review_panel()
        self.show_review_panel()
        view = self.review_panel.view
        if self.review_panel.model.rowCount() and not view.currentIndex().isValid():
            view.setCurrentIndex(self.review_panel.model.index(0, 0))
        view.setFocus()
        self.suggestions_finished(changes)

    def suggestions_finished(self: MainWindow, changes: Changes | None) -> None:
        """Hook called after every suggestion run (tests listen to it)."""

    # ---- review decisions ------------------------------------------------------------------
    def _panel_uids(self: MainWindow, uids: list[str] | None) -> list[str]:
        if uids:
            return list(uids)
        return [r.uid for r in self.review_panel.selected_rows()]

    def accept_suggestions(self: MainWindow, uids: list[str] | None = None) -> None:
        self._decide(suggestions.accept, uids)

    def reject_suggestions(self: MainWindow, uids: list[str] | None = None) -> None:
        self._decide(suggestions.reject, uids)

    def _decide(self: MainWindow, decision: Any, uids: list[str] | None) -> None:
        """Accept or reject the given (or selected) suggestions as one undo step."""
        chosen = self._panel_uids(uids)
        if self.controller is None or not chosen:
            self.show_review_panel()
            self.statusBar().showMessage("Select suggestions in the review queue first.", 4000)
            return
        ctx = self.controller.ctx
        self.controller.perform(lambda: decision(ctx, chosen))
        self._reveal_next()

    def accept_all_suggestions(self: MainWindow, kind: str) -> None:
        uid = self.reader.source_uid
        if self.controller is None or not uid:
            return
        ctx = self.controller.ctx
        self.controller.perform(lambda: suggestions.accept_all(ctx, uid, kind or None))

    def _reveal_next(self: MainWindow) -> None:
        """After a decision the cursor sits on the next suggestion: show it in the reader."""
        index = self.review_panel.view.currentIndex()
        if index.isValid():
            row = self.review_panel.model.row_at(index.row())
            self._reveal_suggestion(row.start, row.end)

    # ---- editing a suggestion before accepting it ----------------------------------------
    def edit_suggestion(self: MainWindow, row: SuggestionRow) -> None:
        if self.controller is None or self.controller.ctx.read_only:
            return
        quote = self.reader.view.textmap.text[row.start:row.end]
        if row.kind == "claim":
            self._edit_claim(row, quote)
        elif row.kind == "implication":
            self._edit_implication(row, quote)
        else:
            self._edit_entity(row, quote)

    def _edit_claim(self: MainWindow, row: SuggestionRow, quote: str) -> None:
        assert self.controller is not None
        choices = self._claimant_choices()
        if row.target_uid and all(uid != row.target_uid for uid, _ in choices):
            # A suggested claimant is not in the table yet; offer it so it can be kept.
            choices = [(row.target_uid, row.label), *choices]
        source = next((s for s in self.sources_model.all_rows()
                       if s.uid == self.reader.source_uid), None)
        dialog = ClaimDialog(quote, choices, source.reliability if source else "", self)
        dialog.setWindowTitle("Edit suggested claim")
        dialog.statement.setPlainText(row.text)
        dialog.claimant.set_value(row.target_uid)
        dialog.attribution.setText(row.detail)
        ctx, uid = self.controller.ctx, row.uid

        def accepted() -> None:
            values = dialog.values()
            self._perform(_accept_edited(ctx, uid, lambda: claims.update_claim(ctx, uid, **values),
                                         "edit and accept claim"))

        self._open(dialog, accepted)

    def _edit_implication(self: MainWindow, row: SuggestionRow, quote: str) -> None:
        assert self.controller is not None
        dialog = ImplicationDialog(quote, self)
        dialog.setWindowTitle("Edit suggested implication")
        dialog.kind.set_value(row.label)
        dialog.text.setPlainText(row.text)
        dialog.anchor_box.hide()  # it stays anchored where it was found
        ctx, uid = self.controller.ctx, row.uid

        def accepted() -> None:
            values = dialog.values()
            self._perform(_accept_edited(
                ctx, uid, lambda: implications.update_implication(ctx, uid, **values),
                "edit and accept implication"))

        self._open(dialog, accepted)

    def _perform(self: MainWindow, action: Callable[[], Changes]) -> None:
        if self.controller is not None:
            self.controller.perform(action)

    def _edit_entity(self: MainWindow, row: SuggestionRow, quote: str) -> None:
        """A new entity or a mention: rename/retype it, or say it is an existing entity."""
        assert self.controller is not None
        known = self.entities_model.all_rows()
        dialog = EntityDialog(quote, known, self)
        dialog.setWindowTitle("Edit suggested entity" if row.kind == "entity"
                              else "Edit suggested mention")
        dialog.name_edit.setText(row.text if row.kind == "entity" else row.detail)
        if dialog.matched() is None:
            dialog.type_combo.set_value(row.label)
        ctx, uid, target = self.controller.ctx, row.uid, row.target_uid
        target_is_suggested = all(e.uid != target for e in known)
        source_uid, start, end = self.reader.source_uid or "", row.start, row.end

        def accepted() -> None:
            choice = dialog.choice()
            action: Callable[[], Changes]
            if row.kind == "entity":
                if choice.existing_uid:
                    existing = choice.existing_uid
                    action = lambda: entities.merge_entities(ctx, existing, [uid])  # noqa: E731
                else:
                    action = _accept_edited(ctx, uid, lambda: entities.update_entity(
                        ctx, uid, name=choice.name, type=choice.type), "edit and accept entity")
            elif choice.existing_uid == target:
                action = lambda: suggestions.accept(ctx, [uid])  # noqa: E731
            elif choice.existing_uid:
                existing = choice.existing_uid
                action = lambda: in_one_step(  # noqa: E731
                    ctx, lambda: suggestions.reject(ctx, [uid]),
                    lambda: entities.add_mention(ctx, existing, source_uid, start, end),
                    "mention of another entity")
            elif target_is_suggested:
                action = _accept_edited(ctx, uid, lambda: entities.update_entity(
                    ctx, target, name=choice.name, type=choice.type), "edit and accept mention")
            else:
                action = lambda: in_one_step(  # noqa: E731
                    ctx, lambda: suggestions.reject(ctx, [uid]),
                    lambda: entities.create_entity_with_mention(
                        ctx, choice.name, choice.type, source_uid, start, end, choice.aliases),
                    "mention of a new entity")
            self._perform(action)

        self._open(dialog, accepted)

    # ---- summaries, profile, overview ------------------------------------------------------
    def show_source_summary(self: MainWindow) -> None:
        uid = self.reader.source_uid
        if self.controller is None or not uid:
            self.statusBar().showMessage("Open a source to summarise.", 4000)
            return
        self._assist_source_shown()
        if self.summary_view is None:
            view = SourceSummaryView(self)
            view.link_activated.connect(self._assist_link)
            view.save_requested.connect(self._store_summary)
            view.regenerate_requested.connect(lambda u: self._store_summary(u, None))
            self._share_undo(view)
            self.summary_view = view
        try:
            summary = summaries.source_summary(self.controller.ctx, uid)
        except ServiceError as err:
            self.show_error(str(err))
            return
        self.summary_view.set_summary(summary, self.controller.ctx.read_only)
        self._show_window(self.summary_view)

    def _store_summary(self: MainWindow, source_uid: str, text: str | None) -> None:
        if self.controller is None or not source_uid:
            return
        ctx = self.controller.ctx
        if self.controller.perform(lambda: summaries.store_summary(ctx, source_uid, text)):
            self.statusBar().showMessage("Summary saved with the source.", 4000)

    def show_entity_profile(self: MainWindow, entity_uid: str | None = None) -> None:
        if self.controller is None:
            return
        uid = entity_uid or (self.entities_pane.current_uid() if self.entities_pane else "")
        if not uid:
            self.statusBar().showMessage("Select an entity in the Entities table first.", 4000)
            return
        self._assist_source_shown()
        if self.profile_view is None:
            view = EntityProfileView(self)
            view.link_activated.connect(self._assist_link)
            self._share_undo(view)
            self.profile_view = view
        if self._fill_profile(uid):
            self._show_window(self.profile_view)

    def _fill_profile(self: MainWindow, uid: str) -> bool:
        assert self.controller is not None and self.profile_view is not None
        try:
            profile = summaries.entity_profile(self.controller.ctx, uid)
        except ServiceError as err:
            # The entity went (deleted, merged away, undone): nothing left to profile.
            self.profile_view.close()
            self.statusBar().showMessage(str(err), 5000)
            return False
        self.profile_view.set_profile(profile)
        return True

    def show_project_overview(self: MainWindow) -> None:
        if self.controller is None:
            return
        self._assist_source_shown()
        if self.overview_view is None:
            view = ProjectOverviewView(self)
            view.link_activated.connect(self._assist_link)
            self._share_undo(view)
            self.overview_view = view
        self.overview_view.set_overview(summaries.project_overview(self.controller.ctx))
        self._show_window(self.overview_view)

    # ---- the matrix ----------------------------------------------------------------------
    def show_claims_matrix(self: MainWindow) -> None:
        if self.controller is None:
            return
        self._assist_source_shown()
        if self.matrix_window is None:
            window = MatrixWindow(self._matrix_commit, self)
            window.claim_activated.connect(lambda uid: self.select_annotation("claim", uid))
            window.judgement_activated.connect(
                lambda uid: self.select_annotation("implication", uid))
            self._share_undo(window)
            self.matrix_window = window
        self._fill_matrix()
        self._show_window(self.matrix_window)

    def _fill_matrix(self: MainWindow) -> None:
        assert self.controller is not None and self.matrix_window is not None
        project = self.controller.ctx.project().name
        self.matrix_window.setWindowTitle(f"Claims × judgements — {project}")
        self.matrix_window.set_matrix(summaries.claims_matrix(self.controller.ctx),
                                      self.controller.ctx.read_only)

    def _matrix_commit(self: MainWindow, claim_uid: str, judgement_uid: str,
                       relation: str | None) -> bool:
        if self.controller is None:
            return False
        ctx = self.controller.ctx
        return self.controller.perform(lambda: summaries.set_matrix_cell(
            ctx, claim_uid, judgement_uid, relation)) is not None

    # ---- shared plumbing -----------------------------------------------------------------
    def _share_undo(self: MainWindow, window: QWidget) -> None:
        """Ctrl+Z and Ctrl+Shift+Z work in the assist windows as in the main one."""
        window.addAction(self.actions_by_name["undo"])
        window.addAction(self.actions_by_name["redo"])

    def _show_window(self: MainWindow, window: QWidget) -> None:
        window.show()
        window.raise_()

    def _assist_link(self: MainWindow, href: str) -> None:
        kind, parts = parse_link(href)
        try:
            if kind == "span" and len(parts) == 3:
                self.open_source(parts[0])
                self.reader.view.reveal(int(parts[1]), int(parts[2]))
            elif kind == "source" and parts[0]:
                self.open_source(parts[0])
            elif kind == "claim" and parts[0]:
                self.select_annotation("claim", parts[0])
            elif kind == "entity" and parts[0]:
                self.show_entity_profile(parts[0])
        except ValueError:
            return
