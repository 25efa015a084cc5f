"""File menu behaviour: new, open, sample, close, import, paste, source properties."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from db.errors import CorruptProjectError, ProjectFileError
from db.fileinfo import read_header
from db.models.vocab import SourceKind
from db.validate import FileStamp, ValidationCancelled
from desktop import sharing  # noqa: F401 - arms the sync-point hook run when a project closes
from desktop.core.changes import Changes
from desktop.core.context import new_project, open_project
from desktop.core.errors import ServiceError
from desktop.core.identity import config_dir, current_identity
from desktop.ingest.document import ImportedDocument
from desktop.services import sources
from desktop.services.backups import (
    BackupError,
    ensure_daily_backup,
    latest_usable_backup,
    restore_backup,
)
from desktop.services.counts import plural
from desktop.services.project_settings import update_project
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


class FileActions:
    """Mixed into MainWindow; every method here runs on the GUI thread."""

    def connect_file_actions(self: MainWindow) -> None:
        a = self.actions_by_name
        a["new"].triggered.connect(self.ask_new_project)
        a["open"].triggered.connect(self.ask_open_project)
        a["open_sample"].triggered.connect(self.open_sample)
        a["close"].triggered.connect(self.detach)
        a["import"].triggered.connect(self.ask_import)
        a["paste_source"].triggered.connect(self.paste_source)
        a["source_properties"].triggered.connect(self.edit_source_properties)
        self._import_worker: Worker | None = None

    # ---- projects -----------------------------------------------------------------
    def open_path(self: MainWindow, path: str | Path, read_only: bool = False) -> bool:
        """Open ``path`` in the window. The file is opened and checked first; the project
        shown now is closed only once the new one is ready, so a wrong file loses nothing.

        A big file new to this computer is checked in full by a worker behind a progress
        dialog first (True then means "opening"; the window shows it when the check passes).
        """
        target = Path(path)
        if self.controller is not None and _same_file(self.controller.ctx.path, target):
            return True
        if _is_document(target):
            self.offer_import_instead(target)
            return False
        if needs_background_check(target):
            self.open_check = check_in_background(
                self, target, lambda stamp: self._open_checked(target, read_only, stamp),
                lambda err: self._open_refused(target, err))
            return True
        return self._open_checked(target, read_only, None)

    def _open_refused(self: MainWindow, target: Path, err: Exception) -> None:
        self.open_check = None
        if isinstance(err, CorruptProjectError):
            self.offer_backup(target, str(err))
        elif isinstance(err, ValidationCancelled):
            self.statusBar().showMessage(str(err), 8000)
        else:
            self.show_error(str(err))
        if self.controller is None:
            self.show_start_page()

    def _open_checked(self: MainWindow, target: Path, read_only: bool,
                      validated: FileStamp | None) -> bool:
        self.open_check = None
        try:
            ctx = open_project(target, read_only=read_only, analyst=current_identity(),
                               validated=validated)
        except CorruptProjectError as err:
            self.offer_backup(target, str(err))
            return False
        except (ProjectFileError, ServiceError, OSError) as err:
            self.show_error(str(err))
            if not target.exists():
                forget_recent(str(target))
                self.refresh_recent_menu()
                if self.controller is None:
                    self.show_start_page()
            return False
        self.detach()
        remember_recent(str(target.resolve()))
        self.attach(ProjectController(ctx, self))
        self.refresh_recent_menu()
        if not ctx.read_only:
            self._daily_backup(target)
        return True

    def offer_import_instead(self: MainWindow, target: Path) -> None:
        """A document was offered as a project: say so, and offer to import it."""
        if self.controller is None or self.controller.ctx.read_only:
            self.show_message(
                "Not a project", f"{target.name} is a document, not a Dossier project. Create "
                "or open a project first (File ▸ New project…), then import it with "
                "File ▸ Import sources….", QMessageBox.Icon.Warning)
            return
        project = self.controller.ctx.project().name
        box = self.show_message(
            "Not a project", f"{target.name} is a document, not a Dossier project.\n\n"
            f"Import it as a source into “{project}”?", QMessageBox.Icon.Question)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Import")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)

        def chosen(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.import_paths([target])

        box.buttonClicked.connect(chosen)

    def _daily_backup(self: MainWindow, target: Path) -> None:
        """Today's first backup, taken in the background so opening is not held up."""

        worker = Worker(lambda report, cancelled: ensure_daily_backup(target))
        # Bound methods: Qt drops the connection if the window is gone by then.
        worker.signals.finished.connect(self._backup_taken)
        worker.signals.failed.connect(self._backup_failed)
        self.backup_worker = start(worker)

    def _backup_taken(self: MainWindow, result: object) -> None:
        if result is not None:
            self.statusBar().showMessage("Today's backup is saved; File ▸ Restore from backup… "
                                         "brings it back.", 5000)

    def _backup_failed(self: MainWindow, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def offer_backup(self: MainWindow, target: Path, reason: str) -> None:
        """A damaged file: say so, and offer its newest good backup as a new file."""
        backup = latest_usable_backup(target)
        if backup is None:
            self.show_error(f"{reason}\n\nThere is no backup of this project to go back to.")
            return
        taken = backup.taken_at.astimezone().strftime("%d %B %Y %H:%M")
        box = self.show_message(
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
                self.show_error(str(err))
                return
            self.open_path(result.target)

        box.buttonClicked.connect(chosen)

    def ask_open_project(self: MainWindow) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", last_folder("project"),
                                              PROJECT_FILTER)
        self.activateWindow()  # the keyboard comes back here, whatever the window manager does
        if path:
            remember_folder("project", Path(path).parent)
            self.open_path(path)

    def ask_new_project(self: MainWindow) -> None:
        suggested = Path(last_folder("project")) / "Untitled.dossier"
        path, _ = QFileDialog.getSaveFileName(self, "New project", str(suggested),
                                              PROJECT_FILTER)
        self.activateWindow()
        if path:
            remember_folder("project", Path(path).parent)
            self.create_project(Path(path))

    def create_project(self: MainWindow, path: Path, name: str = "") -> bool:
        if path.suffix != ".dossier":
            path = path.with_suffix(".dossier")
        if self.controller is not None and _same_file(self.controller.ctx.path, path):
            self.show_error(f"{path.name} is the project open now; choose another name.")
            return False
        try:
            ctx = new_project(path, name or path.stem, analyst=current_identity())
            update_project(ctx, default_marking=default_marking())
        except (ProjectFileError, ServiceError, OSError) as err:
            self.show_error(str(err))
            return False
        self.detach()
        remember_recent(str(path.resolve()))
        self.attach(ProjectController(ctx, self))
        return True

    def open_sample(self: MainWindow) -> bool:
        from desktop.services.sample import write_sample

        path = sample_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                write_sample(path, current_identity())
            except (ProjectFileError, ServiceError, OSError) as err:
                self.show_error(f"The sample project could not be written: {err}")
                return False
        return self.open_path(path)

    def refresh_recent_menu(self: MainWindow) -> None:
        self.recent_menu.clear()
        paths = recent_files()
        for path in paths:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(paths))

    # ---- import -----------------------------------------------------------------------
    def ask_import(self: MainWindow) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import sources", last_folder("import"),
                                                import_filter())
        self.activateWindow()
        if files:
            remember_folder("import", Path(files[0]).parent)
            self.import_paths([Path(f) for f in files])

    def import_paths(self: MainWindow, paths: list[Path]) -> Worker | None:
        """Import files in the background with progress and cancel; one undo step for all."""
        if self.controller is None or self.controller.ctx.read_only:
            return None
        ctx = self.controller.ctx
        progress = QProgressDialog("Importing…", "Cancel", 0, len(paths), self)
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
        worker.signals.failed.connect(lambda message: (progress.reset(), self.show_error(message)))
        self._import_worker = start(worker)
        return worker

    def _imported(self: MainWindow, results: list[ImportResult], progress: Any) -> None:
        from desktop.services.importing import Outcome

        progress.reset()
        self.take_back_keyboard(progress)
        done = [r.changes for r in results if r.changes is not None]
        label = done[0].label if len(results) == 1 and done else (
            f"import {len(results)} file" + ("s" if len(results) != 1 else ""))
        combined = Changes(label, tuple(row for c in done for row in c.rows),
                           next((c.primary_uid for c in done if c.primary_uid), None))
        if self.controller is not None and combined:
            self.controller.push_done(combined)
            if combined.primary_uid:
                self.open_source(combined.primary_uid)
        imported = [r for r in results if r.outcome == Outcome.IMPORTED]
        skipped = [r for r in results if r.outcome == Outcome.DUPLICATE]
        failed = [r for r in results if r.outcome == Outcome.FAILED]
        summary = import_summary(len(imported), len(skipped), len(failed))
        self.statusBar().showMessage(summary, 8000)
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
            self.show_message("Import failed" if not imported else "Import finished with problems",
                              head + "\n\n" + "\n".join(lines), QMessageBox.Icon.Warning)
        failed = asking
        for result in failed:
            if result.needs_password:
                self.ask_password_and_import(result.path)
        self.import_finished(results)

    def ask_password_and_import(self: MainWindow, path: Path) -> None:
        """An encrypted PDF: ask for its password (never stored) and try once more."""
        if self.controller is None:
            return
        password, ok = QInputDialog.getText(
            self, "Password needed", f"{path.name} is protected. Its password:",
            QLineEdit.EchoMode.Password)
        if not ok or not password:
            return
        from desktop.services.importing import import_path

        result = import_path(self.controller.ctx, path, password=password)
        if result.changes is not None:
            self.controller.push_done(result.changes)
            if result.source_uid:
                self.open_source(result.source_uid)
        else:
            self.show_error(result.message)

    def import_finished(self: MainWindow, results: list[ImportResult]) -> None:
        """Hook for tests and the tour: called after every import batch."""

    def paste_source(self: MainWindow) -> None:
        if self.controller is None:
            return
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            self.show_error("The clipboard holds no text to paste.")
            return
        ctx = self.controller.ctx
        from desktop.ingest.plain_text import title_line  # the text readers load on first use

        doc = ImportedDocument(text=text, title=title_line(text) or "Pasted text",
                               kind=SourceKind.NOTE, original_filename="")
        changes = self.controller.perform(lambda: sources.add_source(ctx, doc))
        if changes and changes.primary_uid:
            self.open_source(changes.primary_uid)

    def edit_source_properties(self: MainWindow) -> None:
        if self.controller is None or not self.reader.source_uid:
            self.show_error("Open a source first.")
            return
        uid = self.reader.source_uid
        row = next((s for s in self.sources_model.all_rows() if s.uid == uid), None)
        if row is None:
            return
        notes = sources.source_notes(self.controller.ctx, uid)
        dialog = SourceDialog(row, notes, self)
        ctx = self.controller.ctx

        def accepted() -> None:
            changed = dialog.changed_fields(notes)
            if changed and self.controller is not None:
                self.controller.perform(lambda: sources.update_source(ctx, uid, **changed))

        dialog.accepted.connect(accepted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
