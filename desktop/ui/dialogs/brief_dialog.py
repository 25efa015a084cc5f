"""File ▸ Export brief…: title, marking, sections, what to include, and where to write it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QWidget,
)

from db.models.vocab import Marking
from db.repository.rows import ImplicationRow, SourceRow
from desktop.brief.options import ALL_SECTIONS, BriefOptions, BriefSection
from desktop.ui.dialogs.base import FormDialog


def _check_list(items: list[tuple[str, str, bool]], name: str, parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setAccessibleName(name)
    for key, label, checked in items:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [str(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class BriefDialog(FormDialog):
    def __init__(self, options: BriefOptions, implications: list[ImplicationRow],
                 sources: list[SourceRow], out_path: Path, parent: QWidget | None = None) -> None:
        super().__init__("Export brief", "", parent)
        self.setMinimumWidth(640)
        self.title = QLineEdit(options.title, self)
        self.title.setAccessibleName("Brief title")
        self.subtitle = QLineEdit(options.subtitle, self)
        self.subtitle.setAccessibleName("Subtitle")
        self.analyst = QLineEdit(options.analyst, self)
        self.analyst.setAccessibleName("Analyst")
        self.marking = QComboBox(self)
        self.marking.setEditable(True)
        self.marking.setAccessibleName("Handling marking")
        for label in Marking:
            self.marking.addItem(label.value)
            self.marking.setItemData(self.marking.count() - 1, label.description,
                                     Qt.ItemDataRole.ToolTipRole)
        self.marking.setCurrentText(options.marking_text)
        self.marking.setToolTip("A Traffic Light Protocol label, or type your own marking")
        path_row = QHBoxLayout()
        self.path = QLineEdit(str(out_path), self)
        self.path.setAccessibleName("Output file")
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.form.addRow("&Title:", self.title)
        self.form.addRow("S&ubtitle:", self.subtitle)
        self.form.addRow("&Analyst:", self.analyst)
        self.form.addRow("&Marking:", self.marking)
        self.form.addRow("Save to:", path_row)
        tabs = QTabWidget(self)
        self.sections = _check_list([(s.value, s.label, s in options.sections)
                                     for s in ALL_SECTIONS], "Sections", self)
        wanted_i = set(options.implication_uids or [r.uid for r in implications])
        self.implications = _check_list(
            [(r.uid, f"{r.kind}: {r.text[:90]}", r.uid in wanted_i) for r in implications],
            "Judgements to include", self)
        wanted_s = set(options.source_uids or [r.uid for r in sources])
        self.sources = _check_list([(r.uid, f"{r.reliability}  {r.title[:90]}",
                                     r.uid in wanted_s) for r in sources],
                                   "Sources to include", self)
        tabs.addTab(self.sections, "Sections")
        tabs.addTab(self.implications, "Judgements")
        tabs.addTab(self.sources, "Sources")
        self.form.addRow(tabs)
        self._all_implications = [r.uid for r in implications]
        self._all_sources = [r.uid for r in sources]
        self._options = options
        self.note.setText("Options are remembered for this project. The brief is built in the "
                          "background and shown in a preview.")

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save brief as", self.path.text(),
                                              "PDF files (*.pdf)")
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def out_path(self) -> Path:
        text = self.path.text().strip()
        return Path(text if text.lower().endswith(".pdf") else text + ".pdf")

    def options(self) -> BriefOptions:
        implications = _checked(self.implications)
        sources = _checked(self.sources)
        return BriefOptions(
            title=self.title.text(), subtitle=self.subtitle.text(), analyst=self.analyst.text(),
            marking=self.marking.currentText(),
            sections=tuple(BriefSection(s) for s in _checked(self.sections)),
            implication_uids=None if len(implications) == len(self._all_implications)
            else tuple(implications),
            source_uids=None if len(sources) == len(self._all_sources) else tuple(sources),
            invariant=self._options.invariant, date=self._options.date,
        )
