"""Identity, preferences, project properties and help: the settings-and-help actions."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QTextBrowser, QVBoxLayout

from desktop.core.identity import load_identity, save_identity
from desktop.services.project_settings import update_project
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.dialogs.identity_dialog import IdentityDialog
from desktop.ui.preferences import PreferencesDialog

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


class HelpActions:
    """Mixed into MainWindow."""

    def connect_help_actions(self: MainWindow) -> None:
        a = self.actions_by_name
        a["preferences"].triggered.connect(self.show_preferences)
        a["project_properties"].triggered.connect(self.edit_project_properties)
        a["shortcuts"].triggered.connect(self.show_shortcuts)
        a["user_guide"].triggered.connect(self.show_user_guide)
        from desktop.ui.tour import install_tour

        install_tour(self)

    def ensure_identity(self: MainWindow, then: Callable[[], object] | None = None) -> None:
        """First run: ask who the analyst is before anything is recorded in their name."""
        if load_identity() is not None:
            if then is not None:
                then()
            return
        dialog = IdentityDialog(None, self)

        def accepted() -> None:
            save_identity(*dialog.values())
            if then is not None:
                then()

        def rejected() -> None:
            # Carry on (the app must still open), but say whose name the work is under.
            if then is not None:
                then()
            self.statusBar().showMessage(
                "Your work is recorded under your login name until you give your own in "
                "Edit ▸ Preferences.", 15000)

        dialog.rejected.connect(rejected)
        self._open(dialog, accepted)

    def show_preferences(self: MainWindow) -> None:
        dialog = PreferencesDialog(self)

        def accepted() -> None:
            dialog.save()
            self.reader.view.apply_font_size()
            if self.controller is not None:
                self.statusBar().showMessage("Preferences saved.", 3000)

        self._open(dialog, accepted)

    def edit_project_properties(self: MainWindow) -> None:
        if self.controller is None:
            return
        project = self.controller.ctx.project()
        dialog = FormDialog("Project properties", "", self)
        name = QLineEdit(project.name, dialog)
        name.setAccessibleName("Project name")
        description = QLineEdit(project.description, dialog)
        description.setAccessibleName("Description")
        marking = QLineEdit(project.default_marking, dialog)
        marking.setAccessibleName("Default marking")
        dialog.form.addRow("&Name:", name)
        dialog.form.addRow("&Description:", description)
        dialog.form.addRow("Default &marking:", marking)
        ctx = self.controller.ctx

        def accepted() -> None:
            changed = {k: v for k, v in (("name", name.text()), ("description", description.text()),
                                         ("default_marking", marking.text()))
                       if v != getattr(project, k)}
            done = (changed and self.controller is not None
                    and self.controller.perform(lambda: update_project(ctx, **changed)))
            if done:
                self.setWindowTitle(f"{name.text().strip()} — {ctx.path.name} — Dossier")

        self._open(dialog, accepted)

    def show_shortcuts(self: MainWindow) -> None:
        rows = []
        for action in self.actions_by_name.values():
            keys = " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                               for k in action.shortcuts())
            if keys:
                rows.append(f"<tr><td style='padding:3px 16px 3px 0'><b>{html.escape(keys)}</b>"
                            f"</td><td>{html.escape(action.text().replace('&', ''))}</td></tr>")
        rows += ["<tr><td style='padding:3px 16px 3px 0'><b>Enter / Del</b></td>"
                 "<td>Accept / reject a suggestion in the review queue</td></tr>",
                 "<tr><td style='padding:3px 16px 3px 0'><b>F2</b></td>"
                 "<td>Edit the current table cell</td></tr>",
                 "<tr><td style='padding:3px 16px 3px 0'><b>Tab / Ctrl+Tab</b></td>"
                 "<td>Leave a table / move between its cells</td></tr>",
                 "<tr><td style='padding:3px 16px 3px 0'><b>Enter / Ctrl+Enter</b></td>"
                 "<td>OK in a dialog (Ctrl+Enter from a text box of several lines)</td></tr>",
                 "<tr><td style='padding:3px 16px 3px 0'><b>Alt+drag</b></td>"
                 "<td>Select exact characters in the reader (a plain drag takes whole "
                 "words)</td></tr>"]
        self._show_html("Keyboard shortcuts",
                        f"<h3>Keyboard shortcuts</h3><table>{''.join(rows)}</table>")

    def show_user_guide(self: MainWindow) -> None:
        try:
            text = GUIDE.read_text(encoding="utf-8")
        except OSError:
            text = "# User guide\n\nThe guide is not installed with this copy of Dossier."
        browser = self._show_html("User guide", "")
        browser.setSearchPaths([str(GUIDE.parent)])
        browser.setMarkdown(text)

    def _show_html(self: MainWindow, title: str, body: str) -> QTextBrowser:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        dialog.resize(760, 640)
        layout = QVBoxLayout(dialog)
        browser = QTextBrowser(dialog)
        browser.setOpenExternalLinks(True)
        browser.setAccessibleName(title)
        if body:
            browser.setHtml(body)
        layout.addWidget(browser)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.active_dialog = dialog
        return browser
