"""The filter-as-you-type and sort layer between a RowTableModel and its view.

QSortFilterProxyModel asks the Python model for every cell when it filters and
for two cells per comparison when it sorts: seconds on 100,000 rows. Here the
visible order is a list of source rows, built with Python's own sort and
substring tests over cached texts and keys, and a view hears of a new order
through at most one insertion, one layout change and one removal, so its
selection and current row survive.

The caches hold, per column, the case-folded display text (or sort key) of every
row the source has, loaded or not. Big tables fill them in idle moments after
loading, so the first letter typed into the filter does not wait for them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

if TYPE_CHECKING:
    from desktop.ui.row_model import RowTableModel

Index = QModelIndex | QPersistentModelIndex
_UNSET = object()  # a cache slot not computed yet
_BULK = 32  # more new rows than this are placed by one re-layout rather than one by one
WARM_MIN_ROWS = 5_000  # smaller tables compute their texts on the first keystroke, quickly
_WARM_CHUNK = 2_000  # rows per idle step: a few milliseconds, never a noticeable pause
_INTERN_LIMIT = 2_000  # distinct texts per column shared between rows (labels, names)


class RowFilterProxy(QAbstractProxyModel):
    """Case-insensitive filter over every column; sorting by each column's sort key."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._map: list[int] = []  # proxy row -> source row
        self._inverse: list[int] | None = None  # source row -> proxy row (-1: hidden)
        self._needle = ""
        self._sort_column = -1
        self._descending = False
        self._texts: dict[int, list[Any]] = {}  # column -> folded display text, per source row
        self._keys: dict[int, list[Any]] = {}  # column -> sort key (columns with a sort_key)
        self._complete: set[tuple[bool, int]] = set()  # (text?, column) caches with no gaps
        # Every column's text of a row in one string: one test per row and keystroke. Built in
        # idle time; until it is whole, filtering goes column by column.
        self._hay: list[Any] = []
        self._hay_whole = False
        self._source: RowTableModel | None = None
        self._busy = False  # inside a change: no fetching more (a listener may ask mid-change)
        self._warm_at = (0, 0)  # next (column, row) to fill in idle time
        self._warm_timer = QTimer(self)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_step)

    # ---- what the table pane calls --------------------------------------------------------
    def setSourceModel(self, model: QAbstractItemModel) -> None:  # type: ignore[override]
        if not hasattr(model, "row_values"):
            raise TypeError("RowFilterProxy shows a RowTableModel")
        if self._source is not None:
            for signal, slot in self._wiring(self._source):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        self._source = model  # type: ignore[assignment]
        for signal, slot in self._wiring(model):  # type: ignore[arg-type]
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
                (model.rows_replaced, self._source_tail_replaced),
                (model.headerDataChanged, self.headerDataChanged)]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        if (column, descending) == (self._sort_column, self._descending):
            return  # the order is kept up to date through every change: nothing to do
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
        self._apply(self._ordered(list(self._map) if narrowing else range(self._count())))

    def filter_text(self) -> str:
        return self._needle

    def warming(self) -> bool:
        """Whether texts are still being cached in idle time (for tests and benchmarks)."""
        return self._warm_timer.isActive()

    # ---- computing the visible order ------------------------------------------------------------
    def _count(self) -> int:
        return self._source.rowCount() if self._source is not None else 0

    def _filled(self, column: int, rows: Sequence[int], text: bool) -> list[Any]:
        """A column's folded texts (or sort keys), computed for at least ``rows``."""
        assert self._source is not None
        spec, values = self._source.columns[column], self._source.row_values()
        caches = self._texts if text else self._keys
        cache = caches.get(column)
        if cache is not None and (text, column) in self._complete:
            return cache
        compute = spec.display if text else spec.sort_key
        assert compute is not None
        if cache is None and len(rows) * 4 >= len(values):  # most rows wanted: one pass
            cache = caches[column] = ([compute(v).casefold() for v in values] if text
                                      else [compute(v) for v in values])
            self._complete.add((text, column))
            return cache
        if cache is None:
            cache = caches[column] = [_UNSET] * len(values)
        for r in rows:
            if cache[r] is _UNSET:
                cache[r] = compute(values[r]).casefold() if text else compute(values[r])
        return cache

    def _keys_of(self, column: int, rows: Sequence[int]) -> list[Any]:
        assert self._source is not None
        # A column without its own sort key sorts by its folded text: one cache for both.
        return self._filled(column, rows, text=self._source.columns[column].sort_key is None)

    def _matching(self, candidates: Iterable[int]) -> list[int]:
        """Candidates (in their order) showing the filter text in any column."""
        assert self._source is not None
        needle, hay = self._needle, self._hay
        if self._hay_whole:
            return [r for r in candidates if needle in hay[r]]
        left = list(candidates)
        # Column by column, and only for rows not matched yet: most rows match early.
        for column in range(len(self._source.columns)):
            texts = self._filled(column, left, text=True)
            left = [r for r in left if needle not in texts[r]]
            if not left:
                break
        missed = set(left)
        return [r for r in candidates if r not in missed]

    def _sorting(self) -> bool:
        return self._source is not None and 0 <= self._sort_column < len(self._source.columns)

    def _ordered(self, candidates: Iterable[int]) -> list[int]:
        rows = self._matching(candidates) if self._needle else list(candidates)
        if not self._sorting():
            rows.sort()
            return rows
        keys = self._keys_of(self._sort_column, rows)
        try:
            rows.sort(key=keys.__getitem__, reverse=self._descending)
        except TypeError:  # keys of mixed types: compare them as text
            rows.sort(key=lambda r: str(keys[r]), reverse=self._descending)
        return rows

    def _rebuild(self) -> None:
        self._texts.clear()
        self._keys.clear()
        self._complete.clear()
        self._hay, self._hay_whole = [], False
        self._map = self._ordered(range(self._count()))
        self._inverse = None
        self._warm_later()

    def _apply(self, final: list[int], same_rows: bool = False) -> None:
        """Show ``final``: new rows appended, then one re-order, then the hidden ones removed."""
        if final == self._map:
            return
        with self._changing():
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
                self._reorder(staged)
            if removed:
                self.beginRemoveRows(QModelIndex(), len(final), len(staged) - 1)
                self._set_map(final)
                self.endRemoveRows()

    def _reorder(self, staged: list[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()  # the current cell and the selection: a handful
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

    @contextmanager
    def _changing(self) -> Iterator[None]:
        busy, self._busy = self._busy, True
        try:
            yield
        finally:
            self._busy = busy

    def _set_map(self, rows: list[int]) -> None:
        self._map = rows
        self._inverse = None

    def _insert_position(self, row: int) -> int:
        if not self._sorting():
            return bisect_left(self._map, row)
        keys = self._keys_of(self._sort_column, [row, *self._map])
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

    def _source_to_proxy(self) -> list[int]:
        if self._inverse is None:
            inverse = [-1] * self._count()
            for i, r in enumerate(self._map):
                inverse[r] = i
            self._inverse = inverse
        return self._inverse

    # ---- following the source model -------------------------------------------------------------
    def _caches(self) -> list[list[Any]]:
        """Every per-row cache, for changes to the source's rows; they now have gaps."""
        self._complete.clear()
        self._hay_whole = False
        self._warm_later()
        return [*self._texts.values(), *self._keys.values(), *([self._hay] if self._hay else [])]

    def _source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()
        if (self._needle or self._sorting()) and self._source is not None:
            self._source.fetch_all()  # filtering and sorting work on every row

    def _source_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        assert self._source is not None
        count = last - first + 1
        total = len(self._source.row_values())
        for cache in self._caches():
            # Rows spliced into the list need slots; rows only newly loaded have theirs.
            if len(cache) < total:
                cache[first:first] = [_UNSET] * (total - len(cache))
        if self._map and max(self._map) >= first:  # not simply appended (as fetchMore does)
            self._map = [r + count if r >= first else r for r in self._map]
        self._inverse = None  # the source has more rows now
        with self._changing():
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
        doomed = [i for i, r in enumerate(self._map) if first <= r <= last]
        with self._changing():
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

    def _source_tail_replaced(self, start: int) -> None:
        """The rows after ``start`` (not loaded yet) were replaced: forget their texts."""
        assert self._source is not None
        total = len(self._source.row_values())
        for cache in self._caches():
            del cache[start:]
            cache.extend([_UNSET] * (total - start))
        self._warm_later()

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
        keys = self._keys_of(self._sort_column, [*changed, *self._map])
        for r in changed:
            at = inverse[r]
            try:
                if at > 0 and _out_of_order(keys[self._map[at - 1]], keys[r], self._descending):
                    return True
                if 0 <= at < len(self._map) - 1 and _out_of_order(
                        keys[r], keys[self._map[at + 1]], self._descending):
                    return True
            except TypeError:
                return True
        return False

    # ---- idle-time caching ------------------------------------------------------------------------
    def _warm_later(self) -> None:
        # Any change starts the pass again: a cache counts as whole only after a full pass.
        self._warm_at = (0, 0)
        if self._source is not None and len(self._source.row_values()) >= WARM_MIN_ROWS:
            self._warm_timer.start()
        else:
            self._warm_timer.stop()

    def _warm_step(self) -> None:
        """Cache one slice of one column's texts (or of the joined texts), then yield."""
        if self._source is None:
            return
        column, start = self._warm_at
        columns, values = self._source.columns, self._source.row_values()
        end = min(start + _WARM_CHUNK, len(values))
        if column < len(columns):
            cache = self._texts.get(column)
            if cache is None:
                cache = self._texts[column] = [_UNSET] * len(values)
            display = columns[column].display
            shared: dict[str, str] = {}  # one string for the many rows showing the same label
            for r in range(start, end):
                if cache[r] is _UNSET:
                    text = display(values[r]).casefold()
                    cache[r] = shared.setdefault(text, text) if len(shared) < _INTERN_LIMIT else text
            if end >= len(values):
                self._complete.add((True, column))
        else:
            if len(self._hay) != len(values):
                self._hay = [_UNSET] * len(values)
            chunk = range(start, end)
            texts = [self._filled(c, chunk, text=True) for c in range(len(columns))]
            hay = self._hay
            for r in chunk:
                if hay[r] is _UNSET:
                    hay[r] = "\x00".join(t[r] for t in texts)  # NUL: no match across columns
            if end >= len(values):
                self._hay_whole = True
                return
        self._warm_at = (column, end) if end < len(values) else (column + 1, 0)
        self._warm_timer.start()

    # ---- Qt proxy API -----------------------------------------------------------------------------
    def canFetchMore(self, parent: Index) -> bool:
        return not self._busy and self._source is not None and self._source.canFetchMore(
            self.mapToSource(parent))

    def fetchMore(self, parent: Index) -> None:
        if not self._busy and self._source is not None:
            self._source.fetchMore(self.mapToSource(parent))

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
        # Straight to the row: painting asks this for every visible cell and role.
        if self._source is None or not index.isValid() or index.row() >= len(self._map):
            return None
        return self._source.cell(self._map[index.row()], index.column(), role)

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
