"""File ▸ Export brief: the options dialog, the build in a worker, the preview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog

from desktop.brief.settings import load_options, save_options
from desktop.services.counts import plural
from desktop.ui.actions import Act
from desktop.ui.brief_preview import BriefPreview
from desktop.ui.dialogs.brief_dialog import BriefDialog
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class BriefActions(QObject):
    """Export brief: the dialog, the build in a worker, the preview. ``built`` fires with
    the result after every build (the tour and tests wait on it)."""

    built = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.actions_by_name[Act.EXPORT_BRIEF].triggered.connect(self.export_brief)
        self.brief_worker: Worker | None = None
        self.brief_preview: BriefPreview | None = None

    def export_brief(self) -> None:
        if self.window.controller is None:
            return
        ctx = self.window.controller.ctx
        options = load_options(ctx)
        default = ctx.path.with_name(f"{ctx.path.stem} brief.pdf")
        from desktop.brief.build import check_brief  # ReportLab loads on first use

        dialog = BriefDialog(options, self.window.implications_model.all_rows(),
                             self.window.sources_model.all_rows(), default, self.window,
                             check=lambda chosen: check_brief(ctx, chosen))

        def accepted() -> None:
            chosen, out = dialog.options(), dialog.out_path()
            if not ctx.read_only:
                try:
                    save_options(ctx, chosen)
                except Exception as err:  # noqa: BLE001 - remembering is a convenience
                    self.window.statusBar().showMessage(f"Options not remembered: {err}", 5000)
            self.build_brief_in_background(chosen, out)

        self.window.open_dialog(dialog, accepted)

    def build_brief_in_background(self, options: Any, out: Path) -> Worker | None:
        if self.window.controller is None:
            return None
        from desktop.brief.build import build_brief  # ReportLab loads on first use

        ctx = self.window.controller.ctx
        progress = QProgressDialog("Building the brief…", "Cancel", 0, 100, self.window)
        progress.setWindowTitle("Export brief")
        progress.setMinimumDuration(300)
        worker = Worker(lambda report, cancelled: build_brief(ctx, options, out, report,
                                                              cancelled))
        worker.signals.progress.connect(
            lambda d, t, label: (progress.setMaximum(t), progress.setValue(d),
                                 progress.setLabelText(label)))
        progress.canceled.connect(worker.cancel)
        worker.signals.finished.connect(lambda result: self._brief_built(result, progress))
        worker.signals.failed.connect(lambda message: (progress.reset(), self.window.show_error(
            message or "The brief was not built.")))
        self.brief_worker = start(worker)
        return worker

    def _brief_built(self, result: Any, progress: Any) -> None:
        progress.reset()
        self.window.statusBar().showMessage(
            f"Brief written to {result.path} ({plural(result.pages, 'page')})", 8000)
        preview = BriefPreview(result.path, result.pages, self.window)
        preview.finished.connect(preview.deleteLater)
        preview.open()
        self.brief_preview = preview
        self.built.emit(result)
