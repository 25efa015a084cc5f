"""A thin QAbstractTableModel over a list of frozen row values, loaded lazily.

Subclasses declare their columns; edits go to the controller as one undoable
service call, and fresh rows arrive through ``set_rows`` without resetting the
view when rows were only added, removed or changed in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex
UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
BATCH = 2000


@dataclass(frozen=True)
class Column:
    title: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    edit_field: str | None = None  # service field name when the column is editable
    edit_value: Callable[[Any], Any] | None = None  # value handed to the editor
    tooltip: str = ""
    align_right: bool = False
    foreground: Callable[[Any], str | None] | None = None


class RowTableModel(QAbstractTableModel):
    columns: Sequence[Column] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._loaded = 0
        self.read_only = False

    # ---- data in -----------------------------------------------------------------
    def set_rows(self, rows: list[Any]) -> None:
        old = self._rows[: self._loaded]
        old_uids = [r.uid for r in old]
        new_uids = [r.uid for r in rows]
        if old_uids == new_uids[: len(old_uids)] and self._loaded:
            was_complete = self._loaded == len(self._rows)
            self._rows = list(rows)
            changed = [i for i, (a, b) in enumerate(zip(old, rows, strict=False)) if a != b]
            for i in changed:
                self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
            if was_complete and len(rows) > self._loaded:
                self.beginInsertRows(QModelIndex(), self._loaded, len(rows) - 1)
                self._loaded = len(rows)
                self.endInsertRows()
            return
        keep = set(new_uids)
        if self._loaded and [u for u in old_uids if u in keep] == [u for u in new_uids if u in set(old_uids)]:
            # Removals then insertions keep the view's selection and scroll position.
            for i in range(len(old_uids) - 1, -1, -1):
                if old_uids[i] not in keep:
                    self.beginRemoveRows(QModelIndex(), i, i)
                    del self._rows[i]
                    del old_uids[i]
                    self._loaded -= 1
                    self.endRemoveRows()
            present = set(old_uids)
            by_uid = {r.uid: r for r in rows}
            pos = 0
            for uid in new_uids:
                if pos >= self._loaded and uid not in present:
                    break
                if uid not in present:
                    self.beginInsertRows(QModelIndex(), pos, pos)
                    self._rows.insert(pos, by_uid[uid])
                    self._loaded += 1
                    self.endInsertRows()
                elif self._rows[pos] != by_uid[uid]:
                    self._rows[pos] = by_uid[uid]
                    self.dataChanged.emit(self.index(pos, 0),
                                          self.index(pos, self.columnCount() - 1))
                pos += 1
            self._rows = self._rows[: self._loaded] + rows[self._loaded:]
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._loaded = min(len(rows), BATCH)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_by_uid(self, uid: str) -> int:
        for i in range(len(self._rows)):
            if self._rows[i].uid == uid:
                self.fetch_all() if i >= self._loaded else None
                return i
        return -1

    def all_rows(self) -> list[Any]:
        return list(self._rows)

    def fetch_all(self) -> None:
        if self._loaded < len(self._rows):
            self.beginInsertRows(QModelIndex(), self._loaded, len(self._rows) - 1)
            self._loaded = len(self._rows)
            self.endInsertRows()

    # ---- Qt model API -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._loaded < len(self._rows)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        more = min(BATCH, len(self._rows) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = column.display(row)
            return text if len(text) < 300 else text[:297] + "…"
        if role == Qt.ItemDataRole.EditRole:
            return column.edit_value(row) if column.edit_value else column.display(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = column.display(row)
            return text if len(text) > 40 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.foreground:
            colour = column.foreground(row)
            return QColor(colour) if colour else None
        if role == UID_ROLE:
            return row.uid
        if role == SORT_ROLE:
            return column.sort_key(row) if column.sort_key else column.display(row).casefold()
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].edit_field and not self.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.columns[index.column()]
        if not column.edit_field:
            return False
        row = self._rows[index.row()]
        current = column.edit_value(row) if column.edit_value else column.display(row)
        if value == current:
            return False
        return self.commit_edit(row, column.edit_field, value)

    def commit_edit(self, row: Any, field: str, value: Any) -> bool:
        """Send the edit to a service through the controller; subclasses implement."""
        return False


class RowFilterProxy(QSortFilterProxyModel):
    """Case-insensitive filter over every column; sorting by each column's sort key."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, RowTableModel) and column >= 0:
            source.fetch_all()
        super().sort(column, order)

    def set_filter_text(self, text: str) -> None:
        source = self.sourceModel()
        if text and isinstance(source, RowTableModel):
            source.fetch_all()
        self.setFilterFixedString(text)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
