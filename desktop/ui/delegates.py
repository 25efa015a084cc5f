"""Item delegates: proper editors for enumerated fields and the claimant picker."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.core.kinds import BY_NAME, Editor, FieldSpec
from desktop.ui.choices import BY_FIELD
from desktop.ui.row_model import RowTableModel
from desktop.ui.widgets import ChoiceCombo, EntityPicker

Index = QModelIndex | QPersistentModelIndex


def _field(index: Index) -> str | None:
    model = index.model()
    while hasattr(model, "sourceModel"):
        model = model.sourceModel()
    if isinstance(model, RowTableModel):
        return model.columns[index.column()].edit_field
    return None


def _spec(index: Index) -> FieldSpec | None:
    """The registry's declaration of the edited field (its editor and vocabulary)."""
    model = index.model()
    while hasattr(model, "sourceModel"):
        model = model.sourceModel()
    field = _field(index)
    kind = BY_NAME.get(getattr(model, "kind", ""))
    if kind is None or field is None:
        return None
    return next((f for f in kind.fields if f.name == field), None)


# Entity fields that may be left empty, and what "empty" means there.
_NONE_LABELS = {"claimant_uid": "(the source itself)", "place_uid": "(no place)"}


class FieldDelegate(QStyledItemDelegate):
    """Combo boxes for vocabulary fields, an entity picker for claimants, text otherwise."""

    def __init__(self, entity_choices: Callable[[], list[tuple[str, str]]] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._entity_choices = entity_choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        field = _field(index)
        spec = _spec(index)
        if spec is not None and spec.editor is Editor.CHOICE and spec.vocabulary in BY_FIELD:
            editor = ChoiceCombo(BY_FIELD[spec.vocabulary], parent)
            editor.setAccessibleName(f"{spec.label} editor")
            return editor
        if spec is not None and spec.editor is Editor.ENTITY and self._entity_choices is not None:
            picker = EntityPicker(self._entity_choices(), _NONE_LABELS.get(spec.name), parent)
            picker.setAccessibleName(f"{spec.label.lower()} editor")
            return picker
        if field in BY_FIELD:
            editor = ChoiceCombo(BY_FIELD[field], parent)
            editor.setAccessibleName(f"{field} editor")
            return editor
        if field == "claimant_uid" and self._entity_choices is not None:
            picker = EntityPicker(self._entity_choices(), "(the source itself)", parent)
            picker.setAccessibleName("claimant editor")
            return picker
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, (ChoiceCombo, EntityPicker)):
            editor.set_value(value)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, (ChoiceCombo, EntityPicker)):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
