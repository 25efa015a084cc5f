"""A thin QAbstractTableModel over a list of frozen row values, loaded lazily.

Subclasses declare their columns; edits go to the controller as one undoable
service call, and fresh rows arrive through ``set_rows`` without resetting the
view when rows were only added, removed or changed in place.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
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
        if self._loaded and old_uids == new_uids[: len(old_uids)]:
            was_complete = self._loaded == len(self._rows)
            self._rows = list(rows)
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


_UNSET = object()  # a cache slot not computed yet
_BULK = 32  # more new rows than this are placed by one re-layout rather than one by one


class RowFilterProxy(QAbstractProxyModel):
    """Case-insensitive filter over every column and sorting by each column's sort key.

    QSortFilterProxyModel asks the Python model for every cell when it filters and
    for two cells per comparison when it sorts: seconds on 100,000 rows. Here the
    visible order is a list of source rows built with Python's own sort and
    substring tests over cached texts and keys, and a view hears of a new order
    through at most one insertion, one layout change and one removal.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._map: list[int] = []  # proxy row -> source row
        self._inverse: list[int] | None = None  # source row -> proxy row (-1: hidden)
        self._needle = ""
        self._sort_column = -1
        self._descending = False
        self._texts: dict[int, list[Any]] = {}  # column -> casefolded display, per source row
        self._keys: dict[int, list[Any]] = {}  # column -> sort key, per source row
        self._source: RowTableModel | None = None
        self._busy = False  # inside a change: no fetching more (a listener may ask mid-change)

    # ---- what the table pane calls --------------------------------------------------------
    def setSourceModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        if not isinstance(model, RowTableModel):
            raise TypeError("RowFilterProxy shows a RowTableModel")
        old = self._source
        if old is not None:
            for signal, slot in self._wiring(old):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._source = model
        for signal, slot in self._wiring(model):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _wiring(self, model: RowTableModel) -> list[tuple[Any, Any]]:
        return [(model.modelAboutToBeReset, self.beginResetModel),
                (model.modelReset, self._source_reset),
                (model.layoutAboutToBeChanged, self.beginResetModel),
                (model.layoutChanged, self._source_reset),
                (model.rowsInserted, self._source_inserted),
                (model.rowsAboutToBeRemoved, self._source_about_to_remove),
                (model.rowsRemoved, self._source_removed),
                (model.dataChanged, self._source_changed),
                (model.headerDataChanged, self.headerDataChanged)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return  # the order is kept up to date through every change, so nothing to do
        if self._source is not None and column >= 0:
            self._source.fetch_all()
        self._sort_column, self._descending = column, descending
        self._apply(self._ordered(list(self._map)), same_rows=True)

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def set_filter_text(self, text: str) -> None:
        needle = text.casefold()
        if needle == self._needle:
            return
        if needle and self._source is not None:
            self._source.fetch_all()
        # Typing one more letter can only narrow what is shown: test just those rows.
        narrowing = bool(self._needle) and self._needle in needle
        self._needle = needle
        candidates = list(self._map) if narrowing else range(self._count())
        self._apply(self._ordered(candidates))

    def filter_text(self) -> str:
        return self._needle

    # ---- computing the visible order ------------------------------------------------------------
    def _count(self) -> int:
        return self._source.rowCount() if self._source is not None else 0

    def _filled(self, caches: dict[int, list[Any]], column: int, rows: list[int],
                text: bool) -> list[Any]:
        """A column's cached folded texts (or sort keys), computed for at least ``rows``."""
        assert self._source is not None
        spec, values, count = self._source.columns[column], self._source._rows, self._count()
        display, key = spec.display, spec.sort_key
        cache = caches.get(column)
        if cache is None and len(rows) * 4 >= count:  # most rows wanted: one pass over all
            cache = caches[column] = (
                [display(v).casefold() for v in values[:count]] if text or key is None
                else [key(v) for v in values[:count]])
            return cache
        if cache is None:
            cache = caches[column] = [_UNSET] * count
        for r in rows:
            if cache[r] is _UNSET:
                v = values[r]
                cache[r] = display(v).casefold() if text or key is None else key(v)
        return cache

    def _matching(self, candidates: Iterable[int]) -> list[int]:
        """Candidates (in their order) showing the filter text in any column."""
        assert self._source is not None
        needle, left = self._needle, list(candidates)
        # Column by column, and only for rows not matched yet: most rows match early.
        for column in range(len(self._source.columns)):
            texts = self._filled(self._texts, column, left, text=True)
            left = [r for r in left if needle not in texts[r]]
            if not left:
                break
        missed = set(left)
        return [r for r in candidates if r not in missed]

    def _sort_keys(self, column: int, rows: list[int]) -> list[Any]:
        return self._filled(self._keys, column, rows, text=False)

    def _sorting(self) -> bool:
        return self._source is not None and 0 <= self._sort_column < len(self._source.columns)

    def _ordered(self, candidates: Iterable[int]) -> list[int]:
        rows = self._matching(candidates) if self._needle else list(candidates)
        if not self._sorting():
            rows.sort()
            return rows
        keys = self._sort_keys(self._sort_column, rows)
        try:
            rows.sort(key=keys.__getitem__, reverse=self._descending)
        except TypeError:  # keys of mixed types: compare them as text
            rows.sort(key=lambda r: str(keys[r]), reverse=self._descending)
        return rows

    def _rebuild(self) -> None:
        self._texts.clear()
        self._keys.clear()
        self._map = self._ordered(range(self._count()))
        self._inverse = None

    def _apply(self, final: list[int], same_rows: bool = False) -> None:
        """Show ``final``: new rows appended, then one re-order, then the hidden ones removed."""
        if final == self._map:
            return
        with self._changing():
            self._show(final, same_rows)

    def _show(self, final: list[int], same_rows: bool) -> None:
        removed: list[int] = []
        if not same_rows:
            shown = set(self._map)
            added = [r for r in final if r not in shown]
            if added:
                first = len(self._map)
                self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
                self._set_map(self._map + added)
                self.endInsertRows()
            keep = set(final)
            removed = [r for r in self._map if r not in keep]
        staged = final + removed  # rows about to go wait at the end
        if staged != self._map:
            self.layoutAboutToBeChanged.emit()
            before = self.persistentIndexList()  # the current cell and selection: a handful
            moved = [self._map[i.row()] for i in before]
            if len(moved) > 64:
                where = {r: i for i, r in enumerate(staged)}
                places = [where[r] for r in moved]
            else:
                places = [staged.index(r) for r in moved]
            after = [self.createIndex(at, i.column()) for at, i in zip(places, before, strict=True)]
            self._set_map(staged)
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        if removed:
            self.beginRemoveRows(QModelIndex(), len(final), len(staged) - 1)
            self._set_map(final)
            self.endRemoveRows()

    @contextmanager
    def _changing(self) -> Iterator[None]:
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    def canFetchMore(self, parent: Index) -> bool:
        return not self._busy and self._source is not None and self._source.canFetchMore(
            self.mapToSource(parent))

    def fetchMore(self, parent: Index) -> None:
        if not self._busy and self._source is not None:
            self._source.fetchMore(self.mapToSource(parent))

    def _set_map(self, rows: list[int]) -> None:
        self._map = rows
        self._inverse = None

    def _insert_position(self, row: int) -> int:
        if not self._sorting():
            return bisect_left(self._map, row)
        keys = self._sort_keys(self._sort_column, [row, *self._map])
        key, lo, hi = keys[row], 0, len(self._map)
        while lo < hi:  # after every row that sorts before it or ties with it
            mid = (lo + hi) // 2
            other = keys[self._map[mid]]
            try:
                after = other >= key if self._descending else other <= key
            except TypeError:
                after = str(other) >= str(key) if self._descending else str(other) <= str(key)
            lo, hi = (mid + 1, hi) if after else (lo, mid)
        return lo

    # ---- following the source model -------------------------------------------------------------
    def _caches(self) -> list[list[Any]]:
        return [*self._texts.values(), *self._keys.values()]

    def _source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()
        if (self._needle or self._sorting()) and self._source is not None:
            self._source.fetch_all()  # filtering and sorting work on every row

    def _source_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        with self._changing():
            self._place_inserted(first, last)

    def _place_inserted(self, first: int, last: int) -> None:
        count = last - first + 1
        if self._map and max(self._map) >= first:  # not simply appended (as fetchMore does)
            self._map = [r + count if r >= first else r for r in self._map]
        self._inverse = None  # the source has more rows now
        for cache in self._caches():
            cache[first:first] = [_UNSET] * count
        new = range(first, last + 1)
        if not self._needle and not self._sorting():
            at = bisect_left(self._map, first)
            self.beginInsertRows(QModelIndex(), at, at + count - 1)
            self._set_map([*self._map[:at], *new, *self._map[at:]])
            self.endInsertRows()
        elif count > _BULK:
            self._apply(self._ordered([*self._map, *new]))
        else:
            for row in self._ordered(new):
                at = self._insert_position(row)
                self.beginInsertRows(QModelIndex(), at, at)
                self._set_map([*self._map[:at], row, *self._map[at:]])
                self.endInsertRows()

    def _source_about_to_remove(self, parent: QModelIndex, first: int, last: int) -> None:
        with self._changing():
            self._remove_shown(first, last)

    def _remove_shown(self, first: int, last: int) -> None:
        doomed = [i for i, r in enumerate(self._map) if first <= r <= last]
        while doomed:  # contiguous runs, from the bottom up
            end = doomed.pop()
            start = end
            while doomed and doomed[-1] == start - 1:
                start = doomed.pop()
            self.beginRemoveRows(QModelIndex(), start, end)
            self._set_map(self._map[:start] + self._map[end + 1:])
            self.endRemoveRows()

    def _source_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._set_map([r - count if r > last else r for r in self._map])
        for cache in self._caches():
            del cache[first:last + 1]

    def _source_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                        roles: Sequence[int] = ()) -> None:
        first, last = top_left.row(), bottom_right.row()
        for cache in self._caches():
            cache[first:last + 1] = [_UNSET] * (last - first + 1)
        if (self._needle or self._sorting()) and self._misplaced(first, last):
            self._apply(self._ordered(range(self._count())))
        inverse = self._source_to_proxy()
        shown = [inverse[r] for r in range(first, last + 1) if inverse[r] >= 0]
        if shown:
            self.dataChanged.emit(self.index(min(shown), 0),
                                  self.index(max(shown), self.columnCount() - 1), roles)

    def _misplaced(self, first: int, last: int) -> bool:
        """Whether a changed row now fails or passes the filter, or sorts elsewhere."""
        inverse = self._source_to_proxy()
        changed = range(first, last + 1)
        if self._needle:
            passing = set(self._matching(changed))
            if any((r in passing) != (inverse[r] >= 0) for r in changed):
                return True
        if not self._sorting():
            return False
        keys = self._sort_keys(self._sort_column, self._map)
        for r in changed:
            at = inverse[r]
            if at < 0:
                continue
            neighbours = [keys[self._map[i]] for i in (at - 1, at + 1) if 0 <= i < len(self._map)]
            try:
                if at > 0 and _out_of_order(neighbours[0], keys[r], self._descending):
                    return True
                if at + 1 < len(self._map) and _out_of_order(keys[r], neighbours[-1],
                                                               self._descending):
                    return True
            except TypeError:
                return True
        return False

    def _source_to_proxy(self) -> list[int]:
        if self._inverse is None:
            inverse = [-1] * self._count()
            for i, r in enumerate(self._map):
                inverse[r] = i
            self._inverse = inverse
        return self._inverse

    # ---- Qt proxy API -----------------------------------------------------------------------------
    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        if self._source is None or not proxy_index.isValid() or proxy_index.row() >= len(self._map):
            return QModelIndex()
        return self._source.index(self._map[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        inverse = self._source_to_proxy()
        row = source_index.row()
        if row >= len(inverse) or inverse[row] < 0:
            return QModelIndex()
        return self.createIndex(inverse[row], source_index.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._map) or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._map)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._source is None:
            return 0
        return self._source.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._map)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Direct, not through mapToSource: painting calls this for every visible cell and role.
        if self._source is None or not index.isValid() or index.row() >= len(self._map):
            return None
        return self._source.data(self._source.index(self._map[index.row()], index.column()), role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._source is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._source.headerData(section, orientation, role)
        if 0 <= section < len(self._map):
            return self._source.headerData(self._map[section], orientation, role)
        return None


def _out_of_order(a: Any, b: Any, descending: bool) -> bool:
    return bool(a < b) if descending else bool(b < a)
