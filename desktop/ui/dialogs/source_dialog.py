"""Source properties: title, metadata and reliability grade."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from db.repository.rows import SourceRow
from desktop.ui.choices import RELIABILITY
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import ChoiceCombo

FIELDS = ("title", "author", "publisher", "published_at", "url", "language")
LABELS = {"title": "&Title:", "author": "&Author:", "publisher": "&Publisher:",
          "published_at": "&Date:", "url": "&URL:", "language": "&Language:"}


class SourceDialog(FormDialog):
    def __init__(self, row: SourceRow, notes: str = "", parent: QWidget | None = None) -> None:
        super().__init__("Source properties", "", parent)
        self.setMinimumWidth(600)
        self.row = row
        self.edits: dict[str, QLineEdit] = {}
        for field in FIELDS:
            edit = QLineEdit(str(getattr(row, field) or ""), self)
            edit.setAccessibleName(LABELS[field].replace("&", "").rstrip(":"))
            self.edits[field] = edit
            self.form.addRow(LABELS[field], edit)
        self.reliability = ChoiceCombo(RELIABILITY, self)
        self.reliability.setAccessibleName("Reliability")
        self.reliability.set_value(row.reliability)
        self.form.addRow("&Reliability:", self.reliability)
        self.notes = QPlainTextEdit(notes, self)
        self.notes.setFixedHeight(70)
        self.notes.setAccessibleName("Notes")
        self.form.addRow("&Notes:", self.notes)
        facts = QLabel(f"{row.original_filename or 'pasted text'} · {row.chars:,} characters · "
                       f"SHA-256 {row.content_sha256[:16]}…", self)
        facts.setTextInteractionFlags(facts.textInteractionFlags())
        facts.setToolTip(row.content_sha256)
        self.form.addRow("File:", facts)

    def changed_fields(self, original_notes: str) -> dict[str, str]:
        changed = {f: e.text().strip() for f, e in self.edits.items()
                   if e.text().strip() != str(getattr(self.row, f) or "")}
        if self.reliability.value() != self.row.reliability:
            changed["reliability"] = str(self.reliability.value())
        if self.notes.toPlainText() != original_notes:
            changed["notes"] = self.notes.toPlainText()
        return changed
