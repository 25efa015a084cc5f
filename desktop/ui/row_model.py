"""A thin QAbstractTableModel over a list of frozen row values, loaded lazily.

Subclasses declare their columns; edits go to the controller as one undoable
service call, and fresh rows arrive through ``set_rows`` without resetting the
view when rows were only added, removed or changed in place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.ui.row_filter import RowFilterProxy  # the tables' sort/filter layer, kept here too

Index = QModelIndex | QPersistentModelIndex
UID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
BATCH = 2000

__all__ = ["ROW_ROLE", "SORT_ROLE", "UID_ROLE", "Column", "RowFilterProxy", "RowTableModel"]


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
    # The rows after this position (not loaded yet) were replaced; for the filter's caches.
    rows_replaced = Signal(int)

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
        if self._loaded and old_uids == new_uids[: len(old_uids)]:
            was_complete = self._loaded == len(self._rows)
            self._rows = list(rows)
            self.rows_replaced.emit(self._loaded)
            self._rows_changed([i for i, (a, b) in enumerate(zip(old, rows, strict=False))
                                if a is not b and a != b])
            if was_complete and len(rows) > self._loaded:
                self.beginInsertRows(QModelIndex(), self._loaded, len(rows) - 1)
                self._loaded = len(rows)
                self.endInsertRows()
            return
        keep = set(new_uids)
        present = set(old_uids)
        if self._loaded and [u for u in old_uids if u in keep] == [u for u in new_uids
                                                                    if u in present]:
            # Removals then insertions keep the view's selection and scroll position.
            # Neighbouring rows go in one signal: a big undo must not cost a signal per row.
            end = len(old_uids)
            while end > 0:
                if old_uids[end - 1] in keep:
                    end -= 1
                    continue
                start = end - 1
                while start > 0 and old_uids[start - 1] not in keep:
                    start -= 1
                self.beginRemoveRows(QModelIndex(), start, end - 1)
                del self._rows[start:end]
                del old_uids[start:end]
                self._loaded -= end - start
                self.endRemoveRows()
                end = start
            by_uid = {r.uid: r for r in rows}
            changed: list[int] = []
            pos = index = 0
            while index < len(new_uids):
                uid = new_uids[index]
                if uid in present:
                    if self._rows[pos] != by_uid[uid]:
                        self._rows[pos] = by_uid[uid]
                        changed.append(pos)
                    pos += 1
                    index += 1
                    continue
                if pos >= self._loaded:
                    break  # new rows after every loaded one stay for fetchMore
                run = index
                while run < len(new_uids) and new_uids[run] not in present:
                    run += 1
                self.beginInsertRows(QModelIndex(), pos, pos + run - index - 1)
                self._rows[pos:pos] = [by_uid[u] for u in new_uids[index:run]]
                self._loaded += run - index
                self.endInsertRows()
                pos += run - index
                index = run
            self._rows = self._rows[: self._loaded] + rows[self._loaded:]
            self.rows_replaced.emit(self._loaded)
            self._rows_changed(changed)
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._loaded = min(len(rows), BATCH)
        self.endResetModel()

    def _rows_changed(self, changed: list[int]) -> None:
        # One signal over the span: a view repaints it at once and a proxy checks it once.
        if changed:
            self.dataChanged.emit(self.index(min(changed), 0),
                                  self.index(max(changed), self.columnCount() - 1))

    def patch_rows(self, fresh: list[Any]) -> None:
        """Replace the rows with these uids in place (an edit that moved nothing)."""
        by_uid = {r.uid: r for r in fresh}
        if by_uid:
            self.set_rows([by_uid.get(r.uid, r) for r in self._rows])

    def upsert_rows(self, fresh: list[Any], gone: set[str] | frozenset[str] = frozenset()) -> None:
        """Replace rows by uid, drop the ``gone`` ones, and add new ones at the end.

        For one action's few rows (a new annotation, a count that moved): the model
        changes only there, without reading the whole table again. New rows come last,
        as they do in creation order; a sorted view places them by its own order.
        """
        by_uid = {r.uid: r for r in fresh}
        rows = [by_uid.pop(r.uid, r) for r in self._rows if r.uid not in gone]
        rows.extend(r for r in fresh if r.uid in by_uid and r.uid not in gone)
        self.set_rows(rows)

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

    def row_values(self) -> list[Any]:
        """Every row, loaded or not, without a copy: for the filter proxy, read only."""
        return self._rows

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
        # Batches grow with what is loaded, so the end of 100,000 rows is three steps away.
        more = min(max(BATCH, 4 * self._loaded), len(self._rows) - self._loaded)
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
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row_number: int, column_number: int, role: int) -> Any:
        """``data()`` without a QModelIndex (the proxy asks this for every painted cell)."""
        if not 0 <= row_number < self._loaded:
            return None
        row = self._rows[row_number]
        column = self.columns[column_number]
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
