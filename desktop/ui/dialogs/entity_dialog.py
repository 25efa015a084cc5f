"""E on a selection: mention an existing entity (by name or alias) or create a new one."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from db.repository.rows import EntityRow
from desktop.ui.choices import ENTITY_TYPES
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import ChoiceCombo


@dataclass(frozen=True)
class EntityChoice:
    existing_uid: str | None
    name: str
    type: str
    aliases: tuple[str, ...]


class EntityDialog(FormDialog):
    def __init__(self, quote: str, entities: list[EntityRow],
                 parent: QWidget | None = None) -> None:
        super().__init__("Entity mention", quote, parent)
        self._lookup: dict[str, EntityRow] = {}
        for entity in entities:
            self._lookup.setdefault(entity.name.casefold(), entity)
            for alias in entity.aliases:
                self._lookup.setdefault(alias.casefold(), entity)
        self.name_edit = QLineEdit(" ".join(quote.split()), self)
        self.name_edit.setAccessibleName("Entity name")
        names = sorted({e.name for e in entities} | {a for e in entities for a in e.aliases})
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_edit.setCompleter(completer)
        self.type_combo = ChoiceCombo(ENTITY_TYPES, self)
        self.type_combo.setAccessibleName("Entity type")
        self.aliases_edit = QLineEdit(self)
        self.aliases_edit.setPlaceholderText("Other names, separated by commas")
        self.aliases_edit.setAccessibleName("Aliases")
        self.form.addRow("&Entity:", self.name_edit)
        self.form.addRow("&Type:", self.type_combo)
        self.form.addRow("&Aliases:", self.aliases_edit)
        self.name_edit.textChanged.connect(self._update)
        self._update()

    def matched(self) -> EntityRow | None:
        return self._lookup.get(" ".join(self.name_edit.text().split()).casefold())

    def _update(self) -> None:
        found = self.matched()
        self.type_combo.setEnabled(found is None)
        self.aliases_edit.setEnabled(found is None)
        if found is not None:
            self.type_combo.set_value(found.type)
            self.note.setText(f"Adds a mention of the existing entity “{found.name}”.")
        else:
            self.note.setText("Creates a new entity with this name." if self.name_edit.text().strip()
                              else "Type a name.")
        self.ok_button().setEnabled(bool(self.name_edit.text().strip()))

    def choice(self) -> EntityChoice:
        found = self.matched()
        if found is not None:
            return EntityChoice(found.uid, found.name, found.type, ())
        aliases = tuple(a.strip() for a in self.aliases_edit.text().split(",") if a.strip())
        return EntityChoice(None, " ".join(self.name_edit.text().split()),
                            str(self.type_combo.value()), aliases)
