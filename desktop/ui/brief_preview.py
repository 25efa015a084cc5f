"""In-app preview of a built brief, with "Open in system viewer" and "Save a copy…"."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class BriefPreview(QDialog):
    def __init__(self, pdf_path: Path, pages: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Brief preview — {pdf_path.name}")
        self.resize(900, 1000)
        self.pdf_path = pdf_path
        layout = QVBoxLayout(self)
        self.document = QPdfDocument(self)
        self.document.load(str(pdf_path))
        self.view = QPdfView(self)
        self.view.setAccessibleName("Brief preview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.info = QLabel(f"{pages} pages · {pdf_path}", self)
        self.open_button = QPushButton("Open in system viewer", self)
        self.save_button = QPushButton("Save a copy…", self)
        close = QPushButton("Close", self)
        row.addWidget(self.info, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addWidget(close)
        layout.addLayout(row)
        self.open_button.clicked.connect(self.open_external)
        self.save_button.clicked.connect(self.save_copy)
        close.clicked.connect(self.accept)

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def open_external(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))

    def save_copy(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy of the brief",
                                              str(self.pdf_path), "PDF files (*.pdf)")
        if path and Path(path) != self.pdf_path:
            shutil.copyfile(self.pdf_path, path)
            self.info.setText(f"Saved a copy to {path}")
