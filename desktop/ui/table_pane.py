"""A filterable, sortable table over one row model, with a count and multi-select."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.delegates import FieldDelegate
from desktop.ui.row_model import UID_ROLE, RowFilterProxy, RowTableModel


class TablePane(QWidget):
    current_changed = Signal(str)  # uid of the current row ("" when none)
    activated = Signal(str)  # double-click / Enter on a non-editable cell

    def __init__(self, name: str, model: RowTableModel, delegate: FieldDelegate,
                 widths: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.model = model
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(f"Filter {name.lower()}…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(f"Filter {name.lower()}")
        self.count = QLabel(self)
        self.count.setStyleSheet("color: palette(mid);")
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        layout.addLayout(top)
        self.view = QTableView(self)
        self.view.setObjectName(f"{name.lower()}Table")
        self.view.setAccessibleName(f"{name} table")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(delegate)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # Tab leaves the table for the next pane; Ctrl+Tab walks its cells (see eventFilter).
        self.view.setTabKeyNavigation(False)
        self.view.installEventFilter(self)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        layout.addWidget(self.view, 1)
        self.filter.textChanged.connect(self._filter)
        self.view.selectionModel().currentRowChanged.connect(self._current)
        # Clicking the current row again shows it again (the details may show another tab's).
        self.view.clicked.connect(lambda _index: self.current_changed.emit(self.current_uid()))
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._update_count)
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            back = (event.key() == Qt.Key.Key_Backtab
                    or bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            self._step_cell(-1 if back else 1)
            return True
        return super().eventFilter(watched, event)

    def _step_cell(self, step: int) -> None:
        """Ctrl+Tab: the next cell of the row, then the first of the next row."""
        index = self.view.currentIndex()
        columns, rows = self.proxy.columnCount(), self.proxy.rowCount()
        if not rows or not columns:
            return
        row, column = (index.row(), index.column()) if index.isValid() else (0, -step)
        column += step
        if column >= columns:
            row, column = min(row + 1, rows - 1), 0
        elif column < 0:
            row, column = max(row - 1, 0), columns - 1
        target = self.proxy.index(row, column)
        self.view.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(target)

    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_count()

    def _update_count(self, *args: object) -> None:
        shown, total = self.proxy.rowCount(), len(self.model.all_rows())
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total}")

    def _current(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.current_changed.emit(str(current.data(UID_ROLE) or "") if current.isValid() else "")

    def current_uid(self) -> str:
        index = self.view.currentIndex()
        return str(index.data(UID_ROLE) or "") if index.isValid() else ""

    def selected_uids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows()
        uids = [str(i.data(UID_ROLE)) for i in rows]
        return uids or ([self.current_uid()] if self.current_uid() else [])

    def select_uid(self, uid: str) -> bool:
        row = self.model.row_by_uid(uid)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: clear the filter so the row can be shown
            self.filter.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True
