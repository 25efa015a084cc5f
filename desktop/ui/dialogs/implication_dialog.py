"""I: an implication — kind, wording, ICD 203 likelihood, confidence, rationale."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QWidget

from db.models.vocab import ImplicationKind
from desktop.ui.choices import CONFIDENCE, IMPLICATION_KINDS, LIKELIHOOD
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import ChoiceCombo


class ImplicationDialog(FormDialog):
    def __init__(self, quote: str = "", parent: QWidget | None = None) -> None:
        super().__init__("New implication", quote, parent)
        self.kind = ChoiceCombo(IMPLICATION_KINDS, self)
        self.kind.setAccessibleName("Kind")
        self.kind.set_value(ImplicationKind.JUDGEMENT.value)
        self.text = QPlainTextEdit(" ".join(quote.split()), self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(80)
        self.text.setAccessibleName("Judgement text")
        self.likelihood = ChoiceCombo(LIKELIHOOD, self)
        self.likelihood.setAccessibleName("Likelihood")
        self.confidence = ChoiceCombo(CONFIDENCE, self)
        self.confidence.setAccessibleName("Confidence")
        self.rationale = QPlainTextEdit(self)
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(60)
        self.rationale.setAccessibleName("Rationale")
        self.anchor_box = QCheckBox("Anchor to the selected text", self)
        self.anchor_box.setChecked(bool(quote))
        self.anchor_box.setVisible(bool(quote))
        self.form.addRow("&Kind:", self.kind)
        self.form.addRow("&Text:", self.text)
        self.form.addRow("&Likelihood:", self.likelihood)
        self.form.addRow("&Confidence:", self.confidence)
        self.form.addRow("&Rationale:", self.rationale)
        self.form.addRow("", self.anchor_box)
        self.note.setText("Likelihood says how probable the judgement is; confidence says how "
                          "good the evidence and reasoning behind it are.")
        self.text.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok_button().setEnabled(bool(self.text.toPlainText().strip()))

    def values(self) -> dict[str, object]:
        return {
            "kind": str(self.kind.value()),
            "text": self.text.toPlainText().strip(),
            "likelihood": self.likelihood.value() or None,
            "confidence": self.confidence.value() or None,
            "rationale": self.rationale.toPlainText().strip(),
        }
