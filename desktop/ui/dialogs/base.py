"""Common layout for Dossier's form dialogs: a quote, a form, OK/Cancel.

Keyboard contract, the same in every dialog built on this base: the cursor starts in
the first field; Tab walks the fields in the order they are shown and then the
buttons; Enter accepts from a one-line field, Ctrl+Enter from a text box of several
lines; Esc cancels. The dialogs are modal, so no key reaches the window behind them.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

# Quote marks a selection may already start or end with; the dialog adds none of its own.
QUOTE_MARKS = "\"'“”‘’«»„‚‹›"


class FormDialog(QDialog):
    def __init__(self, title: str, quote: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if quote:
            shown = quote if len(quote) <= 400 else quote[:399] + "…"
            # Shown as a block quote (bar and italics), without added quote marks, so a
            # selection that ends in a closing quote does not show two of them.
            label = QLabel(shown, self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setObjectName("quote")
            label.setStyleSheet(
                "#quote { background: palette(alternate-base); border-left: 3px solid #1c7ed6;"
                " padding: 8px; font-style: italic; }")
            label.setAccessibleName("Selected text")
            layout.addWidget(label)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #495057;")
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._keyboard_ready = False

    def ok_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    # ---- keyboard ----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._keyboard_ready:
            return
        # Subclasses add their fields after this base made the buttons, so the order Qt
        # would use (creation order) puts OK and Cancel first; set it from the layout.
        self._keyboard_ready = True
        chain = self.focus_chain()
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        for editor in self.findChildren(QPlainTextEdit) + self.findChildren(QTextEdit):
            editor.installEventFilter(self)
        fields = [w for w in chain if not self.buttons.isAncestorOf(w)]
        first_field = next((w for w in fields if w.isEnabled() and w.isVisible()), None)
        if first_field is not None:
            first_field.setFocus(Qt.FocusReason.TabFocusReason)

    def done(self, result: int) -> None:
        super().done(result)
        # Hand the keyboard back to the window that opened the dialog, so the next key
        # (E, C, Tab...) works there without a click, whatever the window manager does.
        owner = self.parentWidget()
        if owner is not None:
            owner.window().activateWindow()

    def focus_chain(self) -> list[QWidget]:
        """Every widget Tab can reach, in the order they are shown: fields, then buttons."""
        found: list[QWidget] = []
        layout = self.layout()
        if layout is not None:
            _walk(layout, found)
        return found

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            ok = self.ok_button()
            if ok.isEnabled() and ok.isVisible():
                ok.click()  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)


def _walk(layout: QLayout, found: list[QWidget]) -> None:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.layout() is not None:
            _walk(item.layout(), found)
        widget = item.widget()
        if widget is not None:
            _add_widget(widget, found)


def _add_widget(widget: QWidget, found: list[QWidget]) -> None:
    if isinstance(widget, QDialogButtonBox):
        buttons = [b for b in widget.buttons() if b.isVisibleTo(widget)]
        found.extend(sorted(buttons, key=lambda b: (b.geometry().y(), b.geometry().x())))
        return
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        if not widget.isHidden():
            found.append(widget)
        return
    inner = widget.layout()
    if inner is not None:
        _walk(inner, found)
