"""R on a selection: a typed, directed relation between two entities, resting on a claim."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import EntityPicker


class RelationDialog(FormDialog):
    def __init__(self, quote: str, entities: list[tuple[str, str]], types: list[str],
                 claims: list[tuple[str, str]], *, subject: str = "", obj: str = "",
                 claim: str = "", parent: QWidget | None = None) -> None:
        super().__init__("New relation", quote, parent)
        self.subject = EntityPicker(entities, None, self)
        self.subject.setAccessibleName("From")
        self.type = QComboBox(self)
        self.type.addItems(types)
        # A type not in the list is typed in and added to this project's vocabulary.
        self.type.setEditable(True)
        self.type.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.type.setAccessibleName("Relation")
        self.known_types = list(types)
        self.object = EntityPicker(entities, None, self)
        self.object.setAccessibleName("To")
        self.claim = EntityPicker(claims, "(no claim: ungraded)", self)
        self.claim.setAccessibleName("Rests on claim")
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName("Notes")
        self.form.addRow("&From:", self.subject)
        self.form.addRow("&Relation:", self.type)
        self.form.addRow("&To:", self.object)
        self.form.addRow("Rests on &claim:", self.claim)
        self.form.addRow("&Notes:", self.notes)
        if subject:
            self.subject.set_value(subject)
        if obj:
            self.object.set_value(obj)
        if claim:
            self.claim.set_value(claim)
        for picker in (self.subject, self.object):
            picker.currentTextChanged.connect(self._update)
        self.type.currentTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        a, b = self.subject.value(), self.object.value()
        if not a or not b:
            self.note.setText("Choose the two entities the relation joins.")
        elif a == b:
            self.note.setText("A relation joins two different entities.")
        else:
            new = self.is_new_type()
            self.note.setText(f"{self.subject.currentText()} {self.relation_type()} "
                              f"{self.object.currentText()}."
                              + (f" “{self.relation_type()}” becomes one of this project's "
                                 "relation types." if new else ""))
        self.ok_button().setEnabled(bool(a and b and a != b and self.relation_type()))

    def relation_type(self) -> str:
        return " ".join(self.type.currentText().split()).lower()

    def is_new_type(self) -> bool:
        return bool(self.relation_type()) and self.relation_type() not in self.known_types

    def values(self) -> dict[str, object]:
        return {"subject_uid": self.subject.value(), "type": self.relation_type(),
                "object_uid": self.object.value(), "claim_uid": self.claim.value() or None,
                "notes": self.notes.text().strip()}
