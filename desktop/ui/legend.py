"""View ▸ Legend: what each highlight in the reader means, drawn with the reader's own formats."""

from __future__ import annotations

from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextEdit, QVBoxLayout, QWidget

from desktop.ui.highlights import legend_entries, legend_format


class LegendDialog(QDialog):
    """Non-modal, so it can stay open beside the reader while one reads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Legend")
        self.setObjectName("legendDialog")
        layout = QVBoxLayout(self)
        self.text = QTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Legend")
        self.text.document().setDocumentMargin(10)
        cursor = QTextCursor(self.text.document())
        plain = QTextCharFormat()
        for index, entry in enumerate(legend_entries()):
            if index:
                cursor.insertBlock()
            cursor.insertText(entry.label, legend_format(entry))
            cursor.insertText(f"   {entry.meaning}", plain)
        cursor.insertBlock()
        cursor.insertBlock()
        cursor.insertText("Hover over a highlight to see what it is and who made it; click it to "
                          "select its row.", plain)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(560, 440)
