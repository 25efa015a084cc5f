"""Small reusable widgets: a combo box over a choice list, and an entity picker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop.ui.choices import Choice


class ChoiceCombo(QComboBox):
    """A combo box whose items carry stored values, with descriptions as tooltips."""

    def __init__(self, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label, description in choices:
            self.addItem(label, value)
            self.setItemData(self.count() - 1, description, Qt.ItemDataRole.ToolTipRole)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return


class EntityPicker(QComboBox):
    """Editable combo with type-ahead over entity names; first item can mean "none"."""

    def __init__(self, entities: list[tuple[str, str]], none_label: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if none_label is not None:
            self.addItem(none_label, "")
        for uid, name in entities:
            self.addItem(name, uid)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def value(self) -> str:
        """The chosen entity uid ("" for none); typed text matching a name picks that entity."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index) or "")
        return ""

    def set_value(self, uid: str) -> None:
        index = self.findData(uid)
        if index >= 0:
            self.setCurrentIndex(index)
