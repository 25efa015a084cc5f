"""The detail panel under the tables: long fields of the current row, and its links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# kind -> [(service field, label, row attribute)]
LONG_FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "entity": [("description", "Description", "description")],
    "claim": [("statement", "Statement", "statement"), ("notes", "Notes", "notes")],
    "implication": [("text", "Text", "text"), ("rationale", "Rationale", "rationale")],
}


class DetailPanel(QWidget):
    save_requested = Signal(str, str, dict)  # kind, uid, changed fields
    mention_step = Signal(int)  # -1 previous, +1 next mention of the current entity
    link_activated = Signal(str, str)  # kind, uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by F6 when empty
        self.setAccessibleName("Details")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.heading = QLabel("Select a row to see its details.", self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.heading)
        self.links = QTextBrowser(self)
        self.links.setOpenLinks(False)
        self.links.setAccessibleName("Linked items")
        self.links.anchorClicked.connect(self._anchor)
        self.links.setMaximumHeight(140)
        layout.addWidget(self.links)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.editor_box = QVBoxLayout()
        layout.addLayout(self.editor_box)
        buttons = QHBoxLayout()
        self.prev_mention = QPushButton("◀ Previous mention", self)
        self.next_mention = QPushButton("Next mention ▶", self)
        self.save_button = QPushButton("Save", self)
        self.save_button.setEnabled(False)
        buttons.addWidget(self.prev_mention)
        buttons.addWidget(self.next_mention)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.prev_mention.clicked.connect(lambda: self.mention_step.emit(-1))
        self.next_mention.clicked.connect(lambda: self.mention_step.emit(1))
        self.save_button.clicked.connect(self._save)
        self.kind = ""
        self.uid = ""
        self._original: dict[str, str] = {}
        self.show_row("", None, "", "")

    def show_row(self, kind: str, row: Any, heading: str, links_html: str) -> None:
        self.kind, self.uid = kind, (row.uid if row is not None else "")
        self.heading.setText(heading or "Select a row to see its details.")
        self.links.setHtml(links_html)
        self.links.setVisible(bool(links_html))
        for editor in self.editors.values():
            editor.deleteLater()
        while self.editor_box.count():
            item = self.editor_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.editors = {}
        self._original = {}
        for field, label, attr in LONG_FIELDS.get(kind, []) if row is not None else []:
            caption = QLabel(label, self)
            editor = QPlainTextEdit(str(getattr(row, attr) or ""), self)
            editor.setAccessibleName(label)
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(self._dirty)
            self.editor_box.addWidget(caption)
            self.editor_box.addWidget(editor)
            caption.show()  # now, not at the next turn of the event loop: F6 may focus it
            editor.show()
            self.editors[field] = editor
            self._original[field] = editor.toPlainText()
        self.prev_mention.setVisible(kind == "entity" and row is not None)
        self.next_mention.setVisible(kind == "entity" and row is not None)
        self.save_button.setVisible(bool(self.editors))
        self.save_button.setEnabled(False)

    def focus_target(self) -> QWidget:
        """Where F6 / Alt+D put the keyboard: the first field, else the links, else here."""
        if self.editors:
            return next(iter(self.editors.values()))
        if self.links.isVisible():
            return self.links
        return self

    def _dirty(self) -> None:
        self.save_button.setEnabled(any(
            e.toPlainText() != self._original[f] for f, e in self.editors.items()))

    def _save(self) -> None:
        changed = {f: e.toPlainText() for f, e in self.editors.items()
                   if e.toPlainText() != self._original[f]}
        if changed and self.uid:
            self.save_requested.emit(self.kind, self.uid, changed)

    def _anchor(self, url: Any) -> None:
        kind, _, uid = url.toString().partition(":")
        self.link_activated.emit(kind, uid)


def link_list(title: str, items: list[tuple[str, str, str]],
              escape: Callable[[str], str]) -> str:
    """HTML list of (kind, uid, text) links under a small heading."""
    if not items:
        return f"<p style='color:gray'>{escape(title)}: none</p>"
    lines = "".join(f"<li><a href='{k}:{u}'>{escape(t)}</a></li>" for k, u, t in items)
    return f"<p><b>{escape(title)}</b></p><ul style='margin-left:-20px'>{lines}</ul>"


