"""Claims × judgements (analysis of competing hypotheses): which judgement does the
evidence favour, and which claims would tell the judgements apart?

Rows are claims, columns are judgements; a cell says supports / contradicts / context
or nothing, with the claim's grade, and is edited with a combo box. Each judgement's
header carries its counts and weighted balance, refreshed after every edit.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import ImplicationKind, SupportRelation
from desktop.assist.ach import ClaimsMatrix, MatrixJudgement
from desktop.ui.choices import RELATIONS
from desktop.ui.widgets import ChoiceCombo

Index = QModelIndex | QPersistentModelIndex
Commit = Callable[[str, str, str | None], bool]  # claim uid, judgement uid, relation or None
UID_ROLE = Qt.ItemDataRole.UserRole + 1
NO_LINK = "—"
CELL_COLOURS: dict[str, tuple[str, str]] = {  # relation: (background, text)
    SupportRelation.SUPPORTS.value: ("#d3f9d8", "#2b8a3e"),
    SupportRelation.CONTRADICTS.value: ("#ffe3e3", "#c92a2a"),
    SupportRelation.CONTEXT.value: ("#f1f3f5", "#495057"),
}
_MARKS = {SupportRelation.SUPPORTS: "▲", SupportRelation.CONTRADICTS: "▼",
          SupportRelation.CONTEXT: "○"}
RELATION_CHOICES = [("", f"{NO_LINK} (no link)", "The claim says nothing about this judgement"),
                    *RELATIONS]


def judgement_labels(matrix: ClaimsMatrix) -> list[str]:
    """Short column names: BLUF, KJ1, KJ2… in the matrix's order."""
    labels, number = [], 0
    for judgement in matrix.judgements:
        if judgement.kind == ImplicationKind.BLUF.value:
            labels.append("BLUF")
        else:
            number += 1
            labels.append(f"KJ{number}")
    return labels


def header_text(label: str, judgement: MatrixJudgement) -> str:
    estimate = ", ".join(p for p in (judgement.likelihood, judgement.confidence and
                                     f"{judgement.confidence} conf.") if p)
    lines = textwrap.wrap(judgement.text, 34, max_lines=3, placeholder=" …")
    counts = (f"▲ {judgement.supports}   ▼ {judgement.contradicts}   ○ {judgement.context}"
              f"    balance {judgement.balance:+.2f}")
    return "\n".join([f"{label}" + (f" · {estimate}" if estimate else ""), *lines, counts])


class ClaimsMatrixModel(QAbstractTableModel):
    """Column 0 is the claim; columns 1… are the judgements."""

    def __init__(self, commit: Commit, parent: Any = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self.matrix = ClaimsMatrix((), (), ())
        self._labels: list[str] = []
        self.read_only = False

    def set_matrix(self, matrix: ClaimsMatrix) -> None:
        same_shape = ([c.uid for c in matrix.claims] == [c.uid for c in self.matrix.claims]
                      and [j.uid for j in matrix.judgements]
                      == [j.uid for j in self.matrix.judgements])
        if not same_shape:
            self.beginResetModel()
            self.matrix, self._labels = matrix, judgement_labels(matrix)
            self.endResetModel()
            return
        # Same rows and columns: update in place so an open editor or selection survives.
        old = self.matrix
        self.matrix, self._labels = matrix, judgement_labels(matrix)
        for r, (before, after) in enumerate(zip(old.cells, matrix.cells, strict=True)):
            if before != after or old.claims[r] != matrix.claims[r]:
                self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1))
        changed = [c for c, (a, b) in enumerate(zip(old.judgements, matrix.judgements,
                                                    strict=True)) if a != b]
        if changed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, min(changed) + 1,
                                        max(changed) + 1)

    def judgement_at(self, column: int) -> MatrixJudgement | None:
        if 1 <= column <= len(self.matrix.judgements):
            return self.matrix.judgements[column - 1]
        return None

    # ---- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.matrix.claims)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self.matrix.judgements)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.matrix.claims):
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        judgement = self.judgement_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if judgement is None:
                return "Claim (the evidence)\nclaimant · grade"
            return header_text(self._labels[section - 1], judgement)
        if role == Qt.ItemDataRole.ToolTipRole and judgement is not None:
            return (f"{judgement.text}\n\n{judgement.supports} supporting, "
                    f"{judgement.contradicts} contradicting, {judgement.context} context.\n"
                    "Balance: supporting minus contradicting evidence, each weighted by its "
                    "grade. Contradictions are what tell judgements apart.")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == UID_ROLE and judgement is not None:
            return judgement.uid
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < self.rowCount()
                                       and 0 <= index.column() < self.columnCount()):
            return None
        claim = self.matrix.claims[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{claim.statement}\n{claim.claimant} · {claim.grade}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return (f"{claim.statement}\nClaimant: {claim.claimant}\nGrade: {claim.grade}"
                        f"\nSource: {claim.source_title}")
            if role == UID_ROLE:
                return claim.uid
            return None
        cell = self.matrix.cells[index.row()][index.column() - 1]
        relation = cell.relation.value if cell.relation is not None else ""
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.relation is None:
                return NO_LINK
            return f"{_MARKS[cell.relation]} {cell.relation.label} · {cell.grade}"
        if role == Qt.ItemDataRole.EditRole:
            return relation
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and relation:
            return QColor(CELL_COLOURS[relation][0])
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(CELL_COLOURS[relation][1] if relation else "#adb5bd")
        if role == Qt.ItemDataRole.FontRole and relation:
            font = QFont()
            font.setBold(relation != SupportRelation.CONTEXT.value)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            judgement = self.matrix.judgements[index.column() - 1]
            if cell.relation is None:
                return "No link. Double-click or press F2 to say how this claim bears on it."
            return (f"Claim ({cell.grade}) {cell.relation.value} “{judgement.text}”; "
                    f"weight {cell.weight:.2f} from its grade.")
        if role == UID_ROLE:
            return claim.uid
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and not self.read_only:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        if self.read_only:
            return False
        wanted = str(value or "")
        if wanted == self.data(index, Qt.ItemDataRole.EditRole):
            return False
        claim = self.matrix.claims[index.row()]
        judgement = self.matrix.judgements[index.column() - 1]
        # The fresh matrix comes back through set_matrix once the change is broadcast.
        return self._commit(claim.uid, judgement.uid, wanted or None)


class RelationDelegate(QStyledItemDelegate):
    """A combo box: no link, supports, contradicts, context."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == 0:
            return super().createEditor(parent, option, index)
        editor = ChoiceCombo(RELATION_CHOICES, parent)
        editor.setAccessibleName("Relation")
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, ChoiceCombo):
            editor.set_value(index.data(Qt.ItemDataRole.EditRole) or "")
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, ChoiceCombo):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class MatrixWindow(QWidget):
    """Its own top-level window: the matrix is wide and worth a whole screen."""

    claim_activated = Signal(str)
    judgement_activated = Signal(str)

    def __init__(self, commit: Commit, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("claimsMatrixWindow")
        self.setWindowTitle("Claims × judgements")
        self.resize(1180, 640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model = ClaimsMatrixModel(commit, self)
        self.view = QTableView(self)
        self.view.setObjectName("claimsMatrix")
        self.view.setAccessibleName("Claims by judgements")
        self.view.setModel(self.model)
        self.view.setItemDelegate(RelationDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setStyleSheet("QTableView::item { padding: 2px 6px; }")
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        line = self.fontMetrics().lineSpacing()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(line * 3 + 10)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(250)
        header.setMinimumSectionSize(120)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.view, 1)
        legend = QLabel(
            "<span style='color:#2b8a3e'>▲ supports</span> &nbsp; "
            "<span style='color:#c92a2a'>▼ contradicts</span> &nbsp; "
            "<span style='color:#495057'>○ context</span> &nbsp; — no link. &nbsp; "
            "Balance weighs each claim by its grade (source reliability × credibility). "
            "Double-click a cell or press F2 to change it; Ctrl+Z undoes.", self)
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(legend)
        self.view.doubleClicked.connect(self._double_clicked)
        header.sectionDoubleClicked.connect(self._header_double_clicked)
        self.model.modelReset.connect(self._fit_columns)

    def set_matrix(self, matrix: ClaimsMatrix, read_only: bool = False) -> None:
        self.model.read_only = read_only
        self.model.set_matrix(matrix)
        claims, judgements = len(matrix.claims), len(matrix.judgements)
        if not claims or not judgements:
            self.intro.setText("The matrix needs accepted claims and at least one key judgement "
                               "or bottom line; add them with C and I.")
        else:
            self.intro.setText(
                f"<b>{claims}</b> claims against <b>{judgements}</b> judgements. Read down a "
                "column to see what a judgement rests on; claims that support one judgement "
                "and contradict another are the ones that tell them apart.")

    def _fit_columns(self) -> None:
        header = self.view.horizontalHeader()
        if self.model.columnCount():
            header.resizeSection(0, 380)
        for column in range(1, self.model.columnCount()):
            header.resizeSection(column, 250)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == 0:
            self.claim_activated.emit(str(index.data(UID_ROLE) or ""))

    def _header_double_clicked(self, section: int) -> None:
        judgement = self.model.judgement_at(section)
        if judgement is not None:
            self.judgement_activated.emit(judgement.uid)
