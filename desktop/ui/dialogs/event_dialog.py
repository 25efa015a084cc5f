"""T on a selection: an event — what happened, when, where, who took part, which claims say so."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from desktop.core.dates import parse_when
from desktop.core.errors import InvalidInputError
from desktop.ui.dialogs.base import FormDialog
from desktop.ui.widgets import EntityPicker


def checklist(items: Sequence[tuple[str, str]], checked: set[str], name: str,
              parent: QWidget) -> QListWidget:
    """A short list of (uid, label) with a check box each; Space toggles the current one."""
    widget = QListWidget(parent)
    widget.setAccessibleName(name)
    for uid, label in items:
        item = QListWidgetItem(label, widget)
        item.setData(Qt.ItemDataRole.UserRole, uid)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if uid in checked else Qt.CheckState.Unchecked)
    widget.setFixedHeight(min(130, 26 + 22 * max(1, len(items))))
    return widget


def checked_uids(widget: QListWidget) -> tuple[str, ...]:
    return tuple(str(widget.item(i).data(Qt.ItemDataRole.UserRole))
                 for i in range(widget.count())
                 if widget.item(i).checkState() == Qt.CheckState.Checked)


class EventDialog(FormDialog):
    """``when`` comes pre-filled from the dates assist reads in the selection (relative to
    the source's publication date), with the source's own words shown beside it."""

    def __init__(self, quote: str, entities: list[tuple[str, str]], claims: list[tuple[str, str]],
                 *, when: str = "", date_text: str = "", participants: set[str] | None = None,
                 linked_claims: set[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("New event", quote, parent)
        self.title = QPlainTextEdit(" ".join(quote.split()), self)
        self.title.setTabChangesFocus(True)
        self.title.setFixedHeight(64)
        self.title.setAccessibleName("What happened")
        self.when = QLineEdit(when, self)
        self.when.setPlaceholderText("2026-03-03, 2026-03, 2026, 2026-03-03..2026-03-05, c. 2026-03")
        self.when.setAccessibleName("When")
        self.date_text = date_text
        self.place = EntityPicker(entities, "(no place)", self)
        self.place.setAccessibleName("Where")
        self.participants = checklist(entities, participants or set(), "Who took part", self)
        self.claims = checklist(claims, linked_claims or set(), "Claims that assert it", self)
        self.form.addRow("&What happened:", self.title)
        self.form.addRow("W&hen:", self.when)
        self.form.addRow("Whe&re:", self.place)
        self.form.addRow("&Who took part:", self.participants)
        self.form.addRow("Asserted by &claims:", self.claims)
        self.title.textChanged.connect(self._update)
        self.when.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.title.toPlainText().strip())
        try:
            parsed = parse_when(self.when.text())
            said = f" (the source says “{self.date_text}”)" if self.date_text else ""
            self.note.setText(f"Date: {parsed.text() or 'undated'}{said}.")
        except InvalidInputError as err:
            self.note.setText(str(err))
            ok = False
        self.ok_button().setEnabled(ok)

    def values(self) -> dict[str, object]:
        return {
            "title": " ".join(self.title.toPlainText().split()),
            "when": self.when.text().strip(),
            "place_uid": self.place.value() or None,
            "participant_uids": checked_uids(self.participants),
            "claim_uids": checked_uids(self.claims),
            "date_text": self.date_text,
        }
