"""Who you are: the name and initials colleagues see on everything you create."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.core.identity import AnalystIdentity, initials_for
from desktop.ui.dialogs.base import FormDialog


class IdentityDialog(FormDialog):
    def __init__(self, current: AnalystIdentity | None, parent: QWidget | None = None) -> None:
        super().__init__("Who are you?", "", parent)
        self.name = QLineEdit(current.display_name if current else "", self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Ada Lovelace")
        self.initials = QLineEdit(current.initials if current else "", self)
        self.initials.setAccessibleName("Initials")
        self.initials.setMaxLength(8)
        self.form.addRow("Your &name:", self.name)
        self.form.addRow("&Initials:", self.initials)
        self.note.setText("Dossier records who created and last changed every entity, claim and "
                          "judgement, so colleagues can see whose work is whose after a merge. "
                          "Nothing leaves this computer.")
        self._auto_initials = not (current and current.initials)
        self.name.textChanged.connect(self._update)
        self.initials.textEdited.connect(lambda _t: setattr(self, "_auto_initials", False))
        self._update()

    def _update(self) -> None:
        if self._auto_initials:
            self.initials.setText(initials_for(self.name.text()) if self.name.text().strip()
                                  else "")
        self.ok_button().setEnabled(bool(self.name.text().strip()))

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.initials.text().strip()
