"""Merge preview (counts per kind, entity suggestions), conflict review, backup picker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.kinds import table_label
from desktop.services.backups import BackupInfo
from desktop.sharing.conflicts import ConflictRow
from desktop.sharing.merge import MergePlan
from desktop.ui.dialogs.base import FormDialog


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def _cell(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class MergePreviewDialog(FormDialog):
    """What a merge would do, before the user confirms it."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__("Merge from " + plan.peer_filename, "", parent)
        self.setMinimumWidth(620)
        self.plan = plan
        who = plan.peer_project_name or "another project"
        intro = QLabel(f"<b>{plan.peer_filename}</b> — {who}<br>SHA-256 "
                       f"<code>{plan.peer_sha256[:16]}…</code>", self)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.form.addRow(intro)
        self.counts = _table(["Kind", "New", "Updated", "Deleted", "Conflicts"], self)
        self.counts.setAccessibleName("Merge preview")
        for kind, counts in plan.counts.items():
            if not counts:
                continue
            row = self.counts.rowCount()
            self.counts.insertRow(row)
            self.counts.setItem(row, 0, _cell(table_label(kind).capitalize()))
            for col, value in enumerate((counts.new, counts.updated, counts.deleted,
                                         counts.conflicts), start=1):
                self.counts.setItem(row, col, _cell(str(value), right=True))
        self.counts.setMinimumHeight(180)
        self.form.addRow(self.counts)
        self.suggestions = QListWidget(self)
        self.suggestions.setAccessibleName("Entity merge suggestions")
        for s in plan.suggestions:
            item = QListWidgetItem(f"“{s.other_name}” looks like “{s.keep_name}” ({s.reason})")
            item.setData(Qt.ItemDataRole.UserRole, (s.keep_uid, s.other_uid))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.suggestions.addItem(item)
        if plan.suggestions:
            self.form.addRow(QLabel("Tick the entities to fold together after the merge:", self))
            self.form.addRow(self.suggestions)
        else:
            self.suggestions.hide()
        if plan.already_merged:
            self.note.setText("This exact file was merged before"
                              f"{' on ' + plan.merged_before_at[:10] if plan.merged_before_at else ''}"
                              "; merging it again changes nothing.")
            self.ok_button().setEnabled(False)
        elif not plan.has_changes:
            self.note.setText("Nothing to bring in: your project already has everything in it.")
            self.ok_button().setEnabled(False)
        else:
            self.note.setText("A backup of your project is taken first. Where you both changed "
                              "the same item, the later change wins and the other version is "
                              "kept for review.")

    def chosen_entity_merges(self) -> list[tuple[str, str]]:
        return [self.suggestions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.suggestions.count())
                if self.suggestions.item(i).checkState() == Qt.CheckState.Checked]


class ConflictsDialog(FormDialog):
    """Conflicting versions a merge set aside: keep the merge's choice, or take the other."""

    def __init__(self, rows: list[ConflictRow], parent: QWidget | None = None) -> None:
        super().__init__("Merge conflicts", "", parent)
        self.setMinimumWidth(760)
        self.rows = rows
        self.table = _table(["Item", "What differs", "Kept (later)", "Set aside", "Decision"],
                            self)
        self.table.setAccessibleName("Conflicts")
        self.table.setMinimumHeight(240)
        self.form.addRow(self.table)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton("Keep the merged version", self)
        self.take_button = QPushButton("Take the set-aside version", self)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        self.form.addRow(buttons)
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.ok_button().setText("Close")
        self.set_rows(rows)

    def set_rows(self, rows: list[ConflictRow]) -> None:
        self.rows = rows
        self.table.setRowCount(0)
        for row in rows:
            i = self.table.rowCount()
            self.table.insertRow(i)
            self.table.setItem(i, 0, _cell(row.label))
            self.table.setItem(i, 1, _cell(", ".join(row.fields)))
            self.table.setItem(i, 2, _cell(f"{row.kept_by}, {row.kept_at[:16]}"))
            self.table.setItem(i, 3, _cell(f"{row.other_by}, {row.other_at[:16]}"))
            decision = {"kept": "kept merged", "other": "took set-aside"}.get(row.resolution,
                                                                              "to review")
            self.table.setItem(i, 4, _cell(decision))
        self.note.setText(f"{len(rows)} conflict{'s' if len(rows) != 1 else ''}."
                          if rows else "No merge conflicts in this project.")
        self.keep_button.setEnabled(bool(rows))
        self.take_button.setEnabled(bool(rows))

    def current(self) -> ConflictRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None


class BackupsDialog(FormDialog):
    def __init__(self, backups: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__("Restore from backup", "", parent)
        self.setMinimumWidth(620)
        self.backups = backups
        self.table = _table(["Taken", "Why", "Project", "Size"], self)
        self.table.setAccessibleName("Backups")
        for info in backups:
            i = self.table.rowCount()
            self.table.insertRow(i)
            self.table.setItem(i, 0, _cell(info.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")))
            self.table.setItem(i, 1, _cell(info.reason.replace("-", " ")))
            self.table.setItem(i, 2, _cell(info.project_name or "(unreadable)"))
            self.table.setItem(i, 3, _cell(f"{info.size / 1024:.0f} KB", right=True))
        if backups:
            self.table.selectRow(0)
        self.form.addRow(self.table)
        self.note.setText("The backup is restored as a new file next to your project; your "
                          "current file is not touched." if backups else
                          "There are no backups of this project yet.")
        self.ok_button().setText("Restore as new file…")
        self.ok_button().setEnabled(bool(backups))

    def chosen(self) -> Path | None:
        index = self.table.currentRow()
        return self.backups[index].path if 0 <= index < len(self.backups) else None
