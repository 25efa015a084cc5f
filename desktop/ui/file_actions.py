"""File menu behaviour: new, open, sample, close, import, paste, source properties."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from db.errors import CorruptProjectError, ProjectFileError
from db.fileinfo import read_header
from db.validate import FileStamp, ValidationCancelled
from desktop import sharing  # noqa: F401 - arms the sync-point hook run when a project closes
from desktop.core.changes import Changes
from desktop.core.context import new_project, open_project
from desktop.core.errors import ServiceError
from desktop.core.identity import config_dir, current_identity
from desktop.services import sources
from desktop.services.backups import (
    BackupError,
    ensure_daily_backup,
    latest_usable_backup,
    restore_backup,
)
from desktop.services.counts import plural
from desktop.services.project_settings import update_project
from desktop.ui.actions import Act
from desktop.ui.controller import ProjectController
from desktop.ui.dialogs.source_dialog import SourceDialog
from desktop.ui.open_check import check_in_background, needs_background_check
from desktop.ui.preferences import default_marking
from desktop.ui.settings import app_settings, forget_recent, recent_files, remember_recent
from desktop.ui.workers import Worker, start

if TYPE_CHECKING:
    from desktop.services.importing import ImportResult
    from desktop.ui.main_window import MainWindow

PROJECT_FILTER = "Dossier projects (*.dossier);;All files (*)"
def import_filter() -> str:
    from desktop.ingest.registry import supported_suffixes

    patterns = " ".join(f"*{suffix}" for suffix in supported_suffixes())
    return f"Documents ({patterns});;All files (*)"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _is_document(path: Path) -> bool:
    """A file Import reads (text, PDF, Word...) that is not a project database."""
    from desktop.ingest.registry import supported_suffixes

    if path.suffix.lower() not in supported_suffixes() or not path.is_file():
        return False
    try:
        return read_header(path) is None
    except OSError:
        return False


def import_summary(imported: int, skipped: int, failed: int) -> str:
    """One plain sentence: "Imported 2 sources; 1 was already in the project; 1 failed."""
    parts = [f"Imported {plural(imported, 'source')}" if imported else "Nothing imported"]
    if skipped:
        parts.append(f"{skipped} {'was' if skipped == 1 else 'were'} already in the project")
    if failed:
        parts.append(f"{failed} could not be read")
    return "; ".join(parts) + "."


def last_folder(what: str) -> str:
    """The folder the analyst last used to pick a file of this kind (else home)."""
    folder = str(app_settings().value(f"folders/{what}", "") or "")
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def remember_folder(what: str, folder: Path) -> None:
    app_settings().setValue(f"folders/{what}", str(folder))


def sample_path() -> Path:
    return config_dir() / "Sample project.dossier"


class FileActions(QObject):
    """The File menu's project and source actions, bound to them; all run on the GUI thread."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        a = self.window.actions_by_name
        a[Act.NEW].triggered.connect(self.ask_new_project)
        a[Act.OPEN].triggered.connect(self.ask_open_project)
        a[Act.OPEN_SAMPLE].triggered.connect(self.open_sample)
        a[Act.CLOSE].triggered.connect(self.window.detach)
        a[Act.IMPORT].triggered.connect(self.ask_import)
        a[Act.PASTE_SOURCE].triggered.connect(self.paste_source)
        a[Act.SOURCE_PROPERTIES].triggered.connect(self.edit_source_properties)
        self._import_worker: Worker | None = None

    # ---- projects -----------------------------------------------------------------
    def open_path(self, path: str | Path, read_only: bool = False) -> bool:
        """Open ``path`` in the window. The file is opened and checked first; the project
        shown now is closed only once the new one is ready, so a wrong file loses nothing.

        A big file new to this computer is checked in full by a worker behind a progress
        dialog first (True then means "opening"; the window shows it when the check passes).
        """
        target = Path(path)
        if self.window.controller is not None and _same_file(self.window.controller.ctx.path, target):
            return True
        if _is_document(target):
            self.offer_import_instead(target)
            return False
        if needs_background_check(target):
            self.open_check = check_in_background(
                self.window, target, lambda stamp: self._open_checked(target, read_only, stamp),
                lambda err: self._open_refused(target, err))
            return True
        return self._open_checked(target, read_only, None)

    def _open_refused(self, target: Path, err: Exception) -> None:
        self.open_check = None
        if isinstance(err, CorruptProjectError):
            self.offer_backup(target, str(err))
        elif isinstance(err, ValidationCancelled):
            self.window.statusBar().showMessage(str(err), 8000)
        else:
            self.window.show_error(str(err))
        if self.window.controller is None:
            self.window.show_start_page()

    def _open_checked(self, target: Path, read_only: bool,
                      validated: FileStamp | None) -> bool:
        self.open_check = None
        try:
            ctx = open_project(target, read_only=read_only, analyst=current_identity(),
                               validated=validated)
        except CorruptProjectError as err:
            self.offer_backup(target, str(err))
            return False
        except (ProjectFileError, ServiceError, OSError) as err:
            self.window.show_error(str(err))
            if not target.exists():
                forget_recent(str(target))
                self.refresh_recent_menu()
                if self.window.controller is None:
                    self.window.show_start_page()
            return False
        self.window.detach()
        remember_recent(str(target.resolve()))
        self.window.attach(ProjectController(ctx, self.window))
        self.refresh_recent_menu()
        if not ctx.read_only:
            self._daily_backup(target)
        return True

    def offer_import_instead(self, target: Path) -> None:
        """A document was offered as a project: say so, and offer to import it."""
        if self.window.controller is None or self.window.controller.ctx.read_only:
            self.window.show_message(
                "Not a project", f"{target.name} is a document, not a Dossier project. Create "
                "or open a project first (File ▸ New project…), then import it with "
                "File ▸ Import sources….", QMessageBox.Icon.Warning)
            return
        project = self.window.controller.ctx.project().name
        box = self.window.show_message(
            "Not a project", f"{target.name} is a document, not a Dossier project.\n\n"
            f"Import it as a source into “{project}”?", QMessageBox.Icon.Question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Import")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)

        def chosen(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.import_paths([target])

        box.buttonClicked.connect(chosen)

    def _daily_backup(self, target: Path) -> None:
        """Today's first backup, taken in the background so opening is not held up."""

        worker = Worker(lambda report, cancelled: ensure_daily_backup(target))
        # Bound methods: Qt drops the connection if the window is gone by then.
        worker.signals.finished.connect(self._backup_taken)
        worker.signals.failed.connect(self._backup_failed)
        self.backup_worker = start(worker)

    def _backup_taken(self, result: object) -> None:
        if result is not None:
            self.window.statusBar().showMessage("Today's backup is saved; File ▸ Restore from backup… "
                                         "brings it back.", 5000)

    def _backup_failed(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)

    def offer_backup(self, target: Path, reason: str) -> None:
        """A damaged file: say so, and offer its newest good backup as a new file."""
        backup = latest_usable_backup(target)
        if backup is None:
            self.window.show_error(f"{reason}\n\nThere is no backup of this project to go back to.")
            return
        taken = backup.taken_at.astimezone().strftime("%d %B %Y %H:%M")
        box = self.window.show_message(
            "Project damaged", f"{reason}\n\nThe file was left exactly as it is. A backup from "
            f"{taken} can be restored as a new file next to it.", QMessageBox.Icon.Warning)
        box.setStandardButtons(QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Open).setText("Restore backup")

        def chosen(button: Any) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Open:
                return
            restored = target.with_name(f"{target.stem} (restored).dossier")
            n = 2
            while restored.exists():
                restored = target.with_name(f"{target.stem} (restored {n}).dossier")
                n += 1
            try:
                result = restore_backup(backup.path, restored)
            except BackupError as err:
                self.window.show_error(str(err))
                return
            self.open_path(result.target)

        box.buttonClicked.connect(chosen)

    def ask_open_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project", last_folder("project"),
                                              PROJECT_FILTER)
        self.window.activateWindow()  # the keyboard comes back here, whatever the window manager does
        if path:
            remember_folder("project", Path(path).parent)
            self.open_path(path)

    def ask_new_project(self) -> None:
        suggested = Path(last_folder("project")) / "Untitled.dossier"
        path, _ = QFileDialog.getSaveFileName(self.window, "New project", str(suggested),
                                              PROJECT_FILTER)
        self.window.activateWindow()
        if path:
            remember_folder("project", Path(path).parent)
            self.create_project(Path(path))

    def create_project(self, path: Path, name: str = "") -> bool:
        if path.suffix != ".dossier":
            path = path.with_suffix(".dossier")
        if self.window.controller is not None and _same_file(self.window.controller.ctx.path, path):
            self.window.show_error(f"{path.name} is the project open now; choose another name.")
            return False
        try:
            ctx = new_project(path, name or path.stem, analyst=current_identity())
            update_project(ctx, default_marking=default_marking())
        except (ProjectFileError, ServiceError, OSError) as err:
            self.window.show_error(str(err))
            return False
        self.window.detach()
        remember_recent(str(path.resolve()))
        self.window.attach(ProjectController(ctx, self.window))
        return True

    def open_sample(self) -> bool:
        from desktop.services.sample import write_sample

        path = sample_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_sample(path, current_identity())
            except (ProjectFileError, ServiceError, OSError) as err:
                self.window.show_error(f"The sample project could not be written: {err}")
                return False
        return self.open_path(path)

    def refresh_recent_menu(self) -> None:
        self.window.recent_menu.clear()
        paths = recent_files()
        for path in paths:
            action = self.window.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.window.recent_menu.setEnabled(bool(paths))

    # ---- import -----------------------------------------------------------------------
    def ask_import(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import sources", last_folder("import"),
                                                import_filter())
        self.window.activateWindow()
        if files:
            remember_folder("import", Path(files[0]).parent)
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> Worker | None:
        """Import files in the background with progress and cancel; one undo step for all."""
        if self.window.controller is None or self.window.controller.ctx.read_only:
            return None
        ctx = self.window.controller.ctx
        progress = QProgressDialog("Importing…", "Cancel", 0, len(paths), self.window)
        progress.setWindowTitle("Import")
        progress.setMinimumDuration(400)
        progress.setAutoClose(True)

        from desktop.services.importing import import_many  # readers load on first import

        worker = Worker(lambda report, cancelled: import_many(ctx, paths, progress=report,
                                                             cancelled=cancelled))
        worker.signals.progress.connect(
            lambda d, t, name: (progress.setValue(d), progress.setLabelText(f"Importing {name}…")))
        progress.canceled.connect(worker.cancel)
        worker.signals.finished.connect(lambda results: self._imported(results, progress))
        worker.signals.failed.connect(lambda message: (progress.reset(), self.window.show_error(message)))
        self._import_worker = start(worker)
        return worker

    def _imported(self, results: list[ImportResult], progress: Any) -> None:
        from desktop.services.importing import Outcome

        progress.reset()
        self.window.take_back_keyboard(progress)
        done = [r.changes for r in results if r.changes is not None]
        label = done[0].label if len(results) == 1 and done else (
            f"import {len(results)} file" + ("s" if len(results) != 1 else ""))
        combined = Changes(label, tuple(row for c in done for row in c.rows),
                           next((c.primary_uid for c in done if c.primary_uid), None))
        if self.window.controller is not None and combined:
            self.window.controller.push_done(combined)
            if combined.primary_uid:
                self.window.navigator.open_source(combined.primary_uid)
        imported = [r for r in results if r.outcome == Outcome.IMPORTED]
        skipped = [r for r in results if r.outcome == Outcome.DUPLICATE]
        failed = [r for r in results if r.outcome == Outcome.FAILED]
        summary = import_summary(len(imported), len(skipped), len(failed))
        self.window.statusBar().showMessage(summary, 8000)
        # Only a failure needs the analyst's attention now; everything else is said in
        # the status bar (and the imported source is open in the reader).
        asking = [r for r in failed if r.needs_password]
        problems = [r for r in failed if not r.needs_password]
        if problems:
            lines = [f"• {r.message}" for r in problems]
            if skipped:
                lines += [f"• {r.message}" for r in skipped]
            head = ("The file could not be imported:" if len(problems) == 1 and not imported
                    and not skipped else summary)
            self.window.show_message("Import failed" if not imported else "Import finished with problems",
                              head + "\n\n" + "\n".join(lines), QMessageBox.Icon.Warning)
        failed = asking
        for result in failed:
            if result.needs_password:
                self.ask_password_and_import(result.path)
        self.import_finished(results)

    def ask_password_and_import(self, path: Path) -> None:
        """An encrypted PDF: ask for its password (never stored) and try once more."""
        if self.window.controller is None:
            return
        password, ok = QInputDialog.getText(
            self.window, "Password needed", f"{path.name} is protected. Its password:",
            QLineEdit.EchoMode.Password)
        if not ok or not password:
            return
        from desktop.services.importing import import_path

        result = import_path(self.window.controller.ctx, path, password=password)
        if result.changes is not None:
            self.window.controller.push_done(result.changes)
            if result.source_uid:
                self.window.navigator.open_source(result.source_uid)
        else:
            self.window.show_error(result.message)

    def import_finished(self, results: list[ImportResult]) -> None:
        """Hook for tests and the tour: called after every import batch."""

    def paste_source(self) -> None:
        if self.window.controller is None:
            return
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.window.show_error("The clipboard holds no text to paste.")
            return
        ctx = self.window.controller.ctx
        changes = self.window.controller.perform(lambda: sources.paste_text(ctx, text))
        if changes and changes.primary_uid:
            self.window.navigator.open_source(changes.primary_uid)

    def edit_source_properties(self) -> None:
        if self.window.controller is None or not self.window.reader.source_uid:
            self.window.show_error("Open a source first.")
            return
        uid = self.window.reader.source_uid
        row = next((s for s in self.window.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            return
        notes = sources.source_notes(self.window.controller.ctx, uid)
        dialog = SourceDialog(row, notes, self.window)
        ctx = self.window.controller.ctx

        def accepted() -> None:
            changed = dialog.changed_fields(notes)
            if changed and self.window.controller is not None:
                self.window.controller.perform(lambda: sources.update_source(ctx, uid, **changed))

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
