"""File ▸ Export brief…: title, marking, sections, the analyst's prose sections, what to
include, where to write it — and the pre-flight check of what the brief would say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import Marking
from db.repository.rows import ImplicationRow, SourceRow
from desktop.brief.options import (
    ALL_SECTIONS,
    TEXT_SECTIONS,
    BriefOptions,
    BriefSection,
)
from desktop.ui.dialogs.base import FormDialog

# Returns the pre-flight lines for the options as chosen (text, blocking).
Check = Callable[[BriefOptions], list[Any]]

_PROMPTS = {
    BriefSection.SCOPE: "What this brief covers and what it does not; the question it answers.",
    BriefSection.CHANGES: "What changed since the last assessment, and why.",
    BriefSection.ALTERNATIVES: "Other explanations considered and why they were judged less "
                               "likely.",
    BriefSection.OUTLOOK: "What the judgements mean for the reader: decisions, risks, "
                          "opportunities.",
}


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
                 sources: list[SourceRow], out_path: Path, parent: QWidget | None = None,
                 check: Check | None = None) -> None:
        super().__init__("Export brief", "", parent)
        self.setMinimumWidth(680)
        self.title = QLineEdit(options.title, self)
        self.title.setAccessibleName("Brief title")
        self.subtitle = QLineEdit(options.subtitle, self)
        self.subtitle.setAccessibleName("Subtitle")
        self.analyst = QLineEdit(options.analyst, self)
        self.analyst.setAccessibleName("Prepared by")
        self.analyst.setPlaceholderText("Your name, as printed on the brief")
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
        self.form.addRow("&Prepared by:", self.analyst)
        self.form.addRow("&Marking:", self.marking)
        self.form.addRow("Save to:", path_row)
        self.tabs = QTabWidget(self)
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
        self.texts: dict[BriefSection, QPlainTextEdit] = {}
        self.tabs.addTab(self._preflight_tab(), "Pre-flight check")
        self.tabs.addTab(self._texts_tab(options), "Analyst's sections")
        self.tabs.addTab(self.sections, "Sections")
        self.tabs.addTab(self.implications, "Judgements")
        self.tabs.addTab(self.sources, "Sources")
        self.form.addRow(self.tabs)
        self._all_implications = [r.uid for r in implications]
        self._all_sources = [r.uid for r in sources]
        self._options = options
        self._check = check
        self.note.setText("Options and the analyst's sections are remembered for this "
                          "project. The brief is built in the background and shown in a "
                          "preview.")
        if check is not None:
            QTimer.singleShot(0, self.run_check)

    def _preflight_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.preflight_summary = QLabel("The pre-flight check runs when the dialog opens.", page)
        self.preflight_summary.setWordWrap(True)
        self.preflight = QListWidget(page)
        self.preflight.setAccessibleName("Pre-flight check")
        self.preflight.setWordWrap(True)
        self.check_button = QPushButton("Check &again", page)
        self.check_button.clicked.connect(self.run_check)
        layout.addWidget(self.preflight_summary)
        layout.addWidget(self.preflight, 1)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def _texts_tab(self, options: BriefOptions) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        for section in TEXT_SECTIONS:
            label = QLabel(f"<b>{section.label}</b> (optional)", page)
            edit = QPlainTextEdit(options.text_for(section), page)
            edit.setAccessibleName(section.label)
            edit.setPlaceholderText(_PROMPTS[section])
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(64)
            label.setBuddy(edit)
            layout.addWidget(label)
            layout.addWidget(edit, 1)
            self.texts[section] = edit
        return page

    def run_check(self) -> None:
        """Run the pre-flight check on the options as they stand and list what it finds."""
        if self._check is None:
            return
        try:
            findings = self._check(self.options())
        except Exception as err:  # noqa: BLE001 - the check must never stop an export
            self.preflight_summary.setText(f"The pre-flight check could not run: {err}")
            return
        self.preflight.clear()
        for finding in findings:
            item = QListWidgetItem(("⚠ " if finding.blocking else "ℹ ") + finding.text)
            item.setToolTip(finding.text)
            self.preflight.addItem(item)
        problems = sum(1 for f in findings if f.blocking)
        if not findings:
            self.preflight_summary.setText("Pre-flight: nothing to report.")
        else:
            notes = len(findings) - problems
            counted = [f"{n} {word}{'' if n == 1 else 's'}"
                       for n, word in ((problems, "problem"), (notes, "note")) if n]
            self.preflight_summary.setText(
                f"Pre-flight: {' and '.join(counted)}. You can still build the brief; each "
                "line says what the brief does about it.")
        if problems:
            self.tabs.setCurrentIndex(0)

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
        texts = tuple((section.value, edit.toPlainText()) for section, edit in self.texts.items()
                      if edit.toPlainText().strip())
        return replace(
            self._options,
            title=self.title.text(), subtitle=self.subtitle.text(), analyst=self.analyst.text(),
            marking=self.marking.currentText(),
            sections=tuple(BriefSection(s) for s in _checked(self.sections)),
            implication_uids=None if len(implications) == len(self._all_implications)
            else tuple(implications),
            source_uids=None if len(sources) == len(self._all_sources) else tuple(sources),
            texts=texts,
        )
