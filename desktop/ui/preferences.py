"""Preferences: identity, default marking, reader font size, theme, backup folder."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from db.backup import default_backup_dir
from db.models.vocab import Marking
from desktop.core.identity import load_identity
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.settings import app_settings

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


def preference(key: str, default: object) -> object:
    return app_settings().value(f"prefs/{key}", default)


def reader_point_size() -> float:
    try:
        return float(preference("reader_size", 12))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 12.0


def default_marking() -> str:
    return str(preference("default_marking", Marking.AMBER.value))


def apply_backup_dir() -> None:
    folder = str(preference("backup_dir", "") or "")
    if folder:
        os.environ["DOSSIER_BACKUP_DIR"] = folder
    else:
        os.environ.pop("DOSSIER_BACKUP_DIR", None)


def apply_theme(app: QApplication | None = None) -> None:
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return
    choice = str(preference("theme", "system"))
    dark = choice == "dark" or (
        choice == "system"
        and QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark)
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor("#dfe1e5")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282b"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, window)
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3574f0"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Link, QColor("#6ea8fe"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8c8f94"))
    return p


class PreferencesDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Preferences", "", parent)
        me = load_identity()
        self.name = QLineEdit(me.display_name if me else "", self)
        self.name.setAccessibleName("Your name")
        self.initials = QLineEdit(me.initials if me else "", self)
        self.initials.setAccessibleName("Initials")
        self.initials.setMaxLength(8)
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.setAccessibleName("Default marking")
        for label in Marking:
            self.marking.addItem(label.value)
        self.marking.setCurrentText(default_marking())
        self.size = QSpinBox(self)
        self.size.setAccessibleName("Reader text size")
        self.size.setRange(8, 28)
        self.size.setSuffix(" pt")
        self.size.setValue(int(reader_point_size()))
        self.theme = QComboBox(self)
        self.theme.setAccessibleName("Theme")
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(preference("theme", "system"))))
        row = QHBoxLayout()
        self.backup_dir = QLineEdit(str(preference("backup_dir", "") or ""), self)
        self.backup_dir.setPlaceholderText(str(default_backup_dir()))
        self.backup_dir.setAccessibleName("Backup folder")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        row.addWidget(self.backup_dir, 1)
        row.addWidget(browse)
        self.form.addRow("Your &name:", self.name)
        self.form.addRow("&Initials:", self.initials)
        self.form.addRow("Default &marking:", self.marking)
        self.form.addRow("Reader text &size:", self.size)
        self.form.addRow("&Theme:", self.theme)
        self.form.addRow("Backups in:", row)
        self.note.setText("The marking applies to new projects and briefs. Backups are taken "
                          "daily on open and before merges and upgrades.")

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Backup folder",
                                                  self.backup_dir.text() or str(Path.home()))
        if folder:
            self.backup_dir.setText(folder)

    def save(self) -> None:
        from desktop.core.identity import save_identity

        if self.name.text().strip():
            save_identity(self.name.text(), self.initials.text())
        settings = app_settings()
        settings.setValue("prefs/default_marking", self.marking.currentText().strip())
        settings.setValue("prefs/reader_size", self.size.value())
        settings.setValue("prefs/theme", self.theme.currentData())
        settings.setValue("prefs/backup_dir", self.backup_dir.text().strip())
        settings.sync()
        apply_backup_dir()
        apply_theme()
