"""Export brief, share copies, merge and backups: the File menu's outward-facing actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QProgressDialog

from desktop.brief.settings import load_options, save_options
from desktop.services.counts import plural
from desktop.ui.brief_preview import BriefPreview
from desktop.ui.dialogs.brief_dialog import BriefDialog
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class ShareActions:
    """Mixed into MainWindow."""

    def connect_share_actions(self: MainWindow) -> None:
        self.actions_by_name["export_brief"].triggered.connect(self.export_brief)
        self.brief_worker: Worker | None = None
        self.brief_preview: BriefPreview | None = None

    def export_brief(self: MainWindow) -> None:
        if self.controller is None:
            return
        ctx = self.controller.ctx
        options = load_options(ctx)
        default = ctx.path.with_name(f"{ctx.path.stem} brief.pdf")
        from desktop.brief.build import check_brief  # ReportLab loads on first use

        dialog = BriefDialog(options, self.implications_model.all_rows(),
                             self.sources_model.all_rows(), default, self,
                             check=lambda chosen: check_brief(ctx, chosen))

        def accepted() -> None:
            chosen, out = dialog.options(), dialog.out_path()
            if not ctx.read_only:
                try:
                    save_options(ctx, chosen)
                except Exception as err:  # noqa: BLE001 - remembering is a convenience
                    self.statusBar().showMessage(f"Options not remembered: {err}", 5000)
            self.build_brief_in_background(chosen, out)

        self._open(dialog, accepted)

    def build_brief_in_background(self: MainWindow, options: Any, out: Path) -> Worker | None:
        if self.controller is None:
            return None
        from desktop.brief.build import build_brief  # ReportLab loads on first use

        ctx = self.controller.ctx
        progress = QProgressDialog("Building the brief…", "Cancel", 0, 100, self)
        progress.setWindowTitle("Export brief")
        progress.setMinimumDuration(300)
        worker = Worker(lambda report, cancelled: build_brief(ctx, options, out, report,
                                                              cancelled))
        worker.signals.progress.connect(
            lambda d, t, label: (progress.setMaximum(t), progress.setValue(d),
                                 progress.setLabelText(label)))
        progress.canceled.connect(worker.cancel)
        worker.signals.finished.connect(lambda result: self._brief_built(result, progress))
        worker.signals.failed.connect(lambda message: (progress.reset(), self.show_error(
            message or "The brief was not built.")))
        self.brief_worker = start(worker)
        return worker

    def _brief_built(self: MainWindow, result: Any, progress: Any) -> None:
        progress.reset()
        self.statusBar().showMessage(
            f"Brief written to {result.path} ({plural(result.pages, 'page')})", 8000)
        preview = BriefPreview(result.path, result.pages, self)
        preview.finished.connect(preview.deleteLater)
        preview.open()
        self.brief_preview = preview
        self.brief_finished(result)

    def brief_finished(self: MainWindow, result: Any) -> None:
        """Hook called after every brief build (tests and tour listen to it)."""
