"""Merge entities: choose which one the others fold into."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from db.repository.rows import EntityRow
from desktop.ui.dialogs.base import FormDialog


class MergeEntitiesDialog(FormDialog):
    def __init__(self, rows: list[EntityRow], parent: QWidget | None = None) -> None:
        super().__init__("Merge entities", "", parent)
        self.rows = rows
        self.target = QComboBox(self)
        self.target.setAccessibleName("Keep")
        for row in sorted(rows, key=lambda r: (-r.mentions, r.name)):
            self.target.addItem(f"{row.name} ({row.mentions} mentions)", row.uid)
        self.form.addRow("&Keep:", self.target)
        names = ", ".join(f"“{r.name}”" for r in rows)
        self.note.setText(f"Merging {names}. Mentions and claims move to the entity you keep; "
                          "the other names become its aliases. You can undo this.")

    def target_uid(self) -> str:
        return str(self.target.currentData())

    def others(self) -> list[str]:
        return [r.uid for r in self.rows if r.uid != self.target_uid()]
