"""Merge preview (counts per kind, entity suggestions), conflict review, backup picker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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

from desktop.services.backups import BackupInfo
from desktop.sharing.conflicts import ConflictRow
from desktop.sharing.merge import MergePlan
from desktop.ui.dialogs.base import FormDialog

KIND_LABELS = {"source": "Sources", "entity": "Entities", "entity_alias": "Aliases",
               "mention": "Mentions", "claim": "Claims", "implication": "Implications",
               "support": "Links", "anchor": "Anchors", "analyst": "Analysts"}
# One item of each kind, as the conflict list names it.
KIND_NOUNS = {"source": "Source", "entity": "Entity", "entity_alias": "Alias",
              "mention": "Mention", "claim": "Claim", "implication": "Implication",
              "support": "Link", "anchor": "Anchor", "analyst": "Analyst", "project": "Project",
              "setting": "Setting", "tag": "Tag", "tagging": "Tagging", "note": "Note"}


def shown_value(value: object) -> str:
    """A conflict value as the analyst reads it."""
    if isinstance(value, dict) and "deleted_at" in value:
        if not value.get("deleted_at"):
            return "(kept)"
        return "(merged into another)" if value.get("merged_into") else "(deleted)"
    if value is None or value == "":
        return "(empty)"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"


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
            self.counts.setItem(row, 0, _cell(KIND_LABELS.get(kind, kind)))
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
        self.versions = QListWidget(self)
        self.versions.setAccessibleName("New versions of the same source")
        for dup in plan.near_duplicates:
            item = QListWidgetItem(f"New version of the same source? {dup.describe()}")
            item.setData(Qt.ItemDataRole.UserRole, (dup.first_uid, dup.second_uid))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.versions.addItem(item)
        if plan.near_duplicates:
            self.form.addRow(QLabel("Tick the sources that are one document in two versions "
                                    "(annotations move to the newer text):", self))
            self.form.addRow(self.versions)
        else:
            self.versions.hide()
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
                              "the same field of an item, one value is kept and the other goes "
                              "on the conflict list with both values, to review.")
        self._add_details(plan)

    def _add_details(self, plan: MergePlan) -> None:
        """Handling settings, clocks, anchors, and what needs an explicit yes."""
        self.take_settings = QCheckBox("Take the other copy's handling settings", self)
        self.take_settings.setChecked(plan.take_settings)
        if plan.held_back:
            lines = [f"{h.what}: yours {shown_value(_marking(h.mine))}, "
                     f"theirs {shown_value(_marking(h.theirs))}" for h in plan.held_back]
            self.form.addRow(QLabel("Handling settings differ (yours stay unless you tick "
                                    "below):\n" + "\n".join(lines), self))
            self.form.addRow(self.take_settings)
        else:
            self.take_settings.hide()
        notes = []
        if plan.clock_ahead_ms:
            notes.append(f"The other copy's clock runs about "
                         f"{plan.clock_ahead_ms // 3_600_000} h ahead of yours; history, not the "
                         "clock, decides what is newer.")
        if plan.future_stamps:
            notes.append(f"{plan.future_stamps} item(s) are stamped far in the future; they "
                         "never win a conflict on their own.")
        if plan.reattached or plan.orphaned:
            notes.append(f"A changed source text moves {plan.reattached} annotation(s); "
                         f"{len(plan.orphaned)} cannot be placed and will be flagged orphaned.")
        if plan.brought_back:
            notes.append(f"{plan.brought_back} deleted item(s) come back because the other copy "
                         "added to them; each is on the conflict list.")
        if notes:
            self.form.addRow(QLabel("\n".join(notes), self))
        self.confirm = QCheckBox("I have read this and want to go ahead", self)
        if plan.guards and not plan.already_merged:
            warning = QLabel("<b>This merge needs your explicit yes:</b><br>" + "<br>".join(
                g.message for g in plan.guards), self)
            warning.setTextFormat(Qt.TextFormat.RichText)
            warning.setWordWrap(True)
            self.form.addRow(warning)
            self.form.addRow(self.confirm)
            self.ok_button().setEnabled(False)
            self.confirm.toggled.connect(self.ok_button().setEnabled)
        else:
            self.confirm.hide()

    def chosen_take_settings(self) -> bool:
        return self.take_settings.isChecked()

    def confirmed(self) -> bool:
        return self.confirm.isChecked()

    def chosen_source_versions(self) -> list[tuple[str, str]]:
        return [self.versions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.versions.count())
                if self.versions.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_entity_merges(self) -> list[tuple[str, str]]:
        return [self.suggestions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.suggestions.count())
                if self.suggestions.item(i).checkState() == Qt.CheckState.Checked]


def _when(stamp: str) -> str:
    return stamp[:16].replace("T", " ")


def _marking(value: object) -> object:
    return value.get("marking", value) if isinstance(value, dict) else value


class ConflictsDialog(FormDialog):
    """Each field both copies changed: both values side by side, who and when, and a choice.

    Keyboard: the list has focus; ↑/↓ choose a conflict, M (or Alt+M) keeps
    mine, T (or Alt+T) keeps theirs, Enter closes.
    """

    COLUMNS = ("Kind", "Item", "Field", "Mine", "Theirs", "Kept", "Why")

    def __init__(self, rows: list[ConflictRow], parent: QWidget | None = None) -> None:
        super().__init__("Merge conflicts", "", parent)
        self.setMinimumWidth(980)
        self.rows = rows
        self.table = _table(list(self.COLUMNS), self)
        header = self.table.horizontalHeader()
        # The two values side by side get the room; the rest fit their contents.
        modes = [QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Interactive,
                 QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch,
                 QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents,
                 QHeaderView.ResizeMode.Interactive]
        for column, mode in enumerate(modes):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(1, 190)
        header.resizeSection(6, 170)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Conflicts")
        self.table.setMinimumHeight(260)
        self.form.addRow(self.table)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow(self.detail)
        buttons = QHBoxLayout()
        self.keep_button = QPushButton("Keep &mine", self)
        self.take_button = QPushButton("Keep &theirs", self)
        self.keep_button.setAutoDefault(False)
        self.take_button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        self.form.addRow(buttons)
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.ok_button().setText("Close")
        self.table.currentCellChanged.connect(lambda *_: self._show_detail())
        self.table.installEventFilter(self)
        self.set_rows(rows)
        self.table.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # M / T (or Alt+M / Alt+T) on the list decide the current conflict without leaving it.
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_M and self.keep_button.isEnabled():
                self.keep_button.click()
                return True
            if key == Qt.Key.Key_T and self.take_button.isEnabled():
                self.take_button.click()
                return True
        return super().eventFilter(watched, event)

    def set_rows(self, rows: list[ConflictRow]) -> None:
        current = self.table.currentRow()
        self.rows = rows
        self.table.setRowCount(0)
        for row in rows:
            i = self.table.rowCount()
            self.table.insertRow(i)
            kept = f"{row.kept_side}" if not row.resolved else f"{row.resolution} (decided)"
            values = [KIND_NOUNS.get(row.table, row.table), row.label, row.field,
                      f"{shown_value(row.mine)} — {row.mine_by}, {_when(row.mine_at)}",
                      f"{shown_value(row.theirs)} — {row.theirs_by}, {_when(row.theirs_at)}",
                      kept, row.why]
            for col, text in enumerate(values):
                cell = _cell(text)
                cell.setToolTip(text)
                self.table.setItem(i, col, cell)
        open_rows = sum(1 for r in rows if not r.resolved)
        self.note.setText(f"{open_rows} to review, {len(rows) - open_rows} decided."
                          if rows else "No merge conflicts in this project.")
        self.keep_button.setEnabled(bool(rows))
        self.take_button.setEnabled(bool(rows))
        if rows:
            self.table.setCurrentCell(min(max(current, 0), len(rows) - 1), 0)
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.current()
        if row is None:
            self.detail.setText("")
            return
        deleted = {"mine": " You deleted it.", "theirs": " The other copy deleted it."}.get(
            row.deleted_side, "")
        self.detail.setText(
            f"{KIND_NOUNS.get(row.table, row.table)} “{row.label}”, {row.field}: {row.why}."
            f"{deleted} Mine: {shown_value(row.mine)} ({row.mine_by}). Theirs: "
            f"{shown_value(row.theirs)} ({row.theirs_by}). The merge kept {row.kept_side}.")

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
