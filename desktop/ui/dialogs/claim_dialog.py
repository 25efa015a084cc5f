"""C on a selection: a claim with claimant, attribution, credibility and status."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from db.models.vocab import ClaimStatus, Credibility, Reliability, admiralty_grade
from desktop.ui.choices import CLAIM_STATUS, CREDIBILITY
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.selection import strip_enclosing_quotes
from desktop.ui.widgets import ChoiceCombo, EntityPicker


class ClaimDialog(FormDialog):
    def __init__(self, quote: str, claimants: list[tuple[str, str]], source_grade: str = "",
                 parent: QWidget | None = None, claimant_uid: str = "") -> None:
        super().__init__("New claim", quote, parent)
        self.statement = QPlainTextEdit(strip_enclosing_quotes(" ".join(quote.split())), self)
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(80)
        self.statement.setAccessibleName("Statement")
        self.claimant = EntityPicker(claimants, "(the source itself)", self)
        self.claimant.setAccessibleName("Claimant")
        if claimant_uid:  # the entity that opens the sentence
            self.claimant.set_value(claimant_uid)
        self.attribution = QLineEdit(self)
        self.attribution.setPlaceholderText("e.g. “told reporters”, “officials say”")
        self.attribution.setAccessibleName("Attribution")
        self.credibility = ChoiceCombo(CREDIBILITY, self)
        self.credibility.setAccessibleName("Credibility")
        self.credibility.set_value(int(Credibility.POSSIBLY_TRUE))
        self.status = ChoiceCombo(CLAIM_STATUS, self)
        self.status.setAccessibleName("Status")
        self.status.set_value(ClaimStatus.REPORTED.value)
        self.form.addRow("&Statement:", self.statement)
        self.form.addRow("Claima&nt:", self.claimant)
        self.form.addRow("&Attribution:", self.attribution)
        self.form.addRow("&Credibility:", self.credibility)
        self.form.addRow("S&tatus:", self.status)
        self._source_grade = source_grade
        self.credibility.currentIndexChanged.connect(self._update)
        self.statement.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        reliability = Reliability.parse(self._source_grade or Reliability.UNASSESSED)
        credibility = Credibility.parse(self.credibility.value())
        grade = admiralty_grade(reliability, credibility)
        if reliability is Reliability.UNASSESSED:
            # Said where it is seen: an ungraded source is not an F.
            self.note.setText(
                f"Grade: {grade}. The source's reliability is not assessed yet, so the grade "
                "shows “?” for it; set it in File ▸ Source properties (Alt+Enter).")
        else:
            self.note.setText(f"Grade: {grade} (source reliability {reliability.code} – "
                              f"{reliability.label.lower()}, credibility {credibility.code}).")
        self.ok_button().setEnabled(bool(self.statement.toPlainText().strip()))

    def values(self) -> dict[str, object]:
        return {
            "statement": self.statement.toPlainText().strip(),
            "claimant_uid": self.claimant.value() or None,
            "attribution": self.attribution.text().strip(),
            "credibility": int(self.credibility.value()),
            "status": str(self.status.value()),
        }
