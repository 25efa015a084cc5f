"""Shown when no project is open: New, Open, Open sample, and recent projects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        title = QLabel("Dossier", self)
        title.setStyleSheet("font-size: 28pt; font-weight: 700;")
        subtitle = QLabel("Read sources, mark up what matters, and publish a brief.", self)
        subtitle.setStyleSheet("font-size: 12pt; color: palette(mid);")
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(18)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("New project…", self)
        self.open_button = QPushButton("Open project…", self)
        self.sample_button = QPushButton("Open the sample project", self)
        for button in (self.new_button, self.open_button, self.sample_button):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        column.addLayout(buttons)
        column.addSpacing(18)
        recent_label = QLabel("Recent projects", self)
        recent_label.setStyleSheet("font-weight: 600;")
        column.addWidget(recent_label)
        self.recent = QListWidget(self)
        self.recent.setAccessibleName("Recent projects")
        self.recent.setMinimumWidth(520)
        self.recent.setMaximumHeight(220)
        column.addWidget(self.recent)
        column.addStretch(2)
        outer.addLayout(column)
        outer.addStretch(1)
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        self.recent.itemActivated.connect(
            lambda item: self.recent_requested.emit(item.data(Qt.ItemDataRole.UserRole)))

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).stem}    —    {path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            if not Path(path).exists():
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setText(item.text() + "  (missing)")
            self.recent.addItem(item)
        if not paths:
            self.recent.addItem(QListWidgetItem("No recent projects yet."))
