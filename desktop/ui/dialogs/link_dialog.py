"""L: link a claim to an implication as supporting, contradicting or context."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from db.repository.rows import ClaimRow, ImplicationRow
from desktop.ui.choices import RELATIONS
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import ChoiceCombo


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LinkDialog(FormDialog):
    def __init__(self, claims: list[ClaimRow], implications: list[ImplicationRow],
                 claim_uid: str | None = None, implication_uid: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Link claim to implication", "", parent)
        self.setMinimumWidth(640)
        self.claim = QComboBox(self)
        self.claim.setAccessibleName("Claim")
        for row in claims:
            self.claim.addItem(f"{row.grade}  {_short(row.statement)}", row.uid)
        self.implication = QComboBox(self)
        self.implication.setAccessibleName("Implication")
        for row in implications:
            self.implication.addItem(f"{row.rank}. {_short(row.text)}", row.uid)
        for combo in (self.claim, self.implication):
            # Long statements must not squeeze the labels: the combo elides instead.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)
        self.relation = ChoiceCombo(RELATIONS, self)
        self.relation.setAccessibleName("Relation")
        self.note_edit = QLineEdit(self)
        self.note_edit.setAccessibleName("Note")
        self.form.addRow("&Claim:", self.claim)
        self.form.addRow("&Relation:", self.relation)
        self.form.addRow("&Implication:", self.implication)
        self.form.addRow("&Note:", self.note_edit)
        if claim_uid:
            self.claim.setCurrentIndex(max(0, self.claim.findData(claim_uid)))
        if implication_uid:
            self.implication.setCurrentIndex(max(0, self.implication.findData(implication_uid)))
        self.ok_button().setEnabled(bool(claims) and bool(implications))
        if not claims or not implications:
            self.note.setText("You need at least one claim and one implication to link.")

    def values(self) -> dict[str, str]:
        return {
            "claim_uid": str(self.claim.currentData()),
            "implication_uid": str(self.implication.currentData()),
            "relation": str(self.relation.value()),
            "note": self.note_edit.text().strip(),
        }
