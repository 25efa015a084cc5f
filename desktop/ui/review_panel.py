"""The review queue: pending assist suggestions for the open source, accepted or rejected
one keystroke at a time (Enter accepts, Delete rejects, double-click edits).

The panel only shows rows and asks for actions through its signals; the window's
AssistActions runs the services, so every decision is one undoable step.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import EntityType, ImplicationKind
from desktop.core.kinds import BY_NAME
from desktop.services.suggestions import KINDS, SuggestionRow
from desktop.ui.highlights import CLAIM_COLOUR, ENTITY_COLOURS, IMPLICATION_COLOUR, LINE_KINDS

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PLURAL = {name: BY_NAME[name].plural for name in KINDS}
_BADGE_TEXT = {"entity": "NEW ENTITY", "mention": "MENTION", "claim": "CLAIM", "event": "EVENT",
               "implication": "IMPLICATION"}
_ACTION_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Backspace}


def _type_label(value: str) -> str:
    try:
        return EntityType(value).label
    except ValueError:
        return value


def badge_colour(row: SuggestionRow) -> QColor:
    if row.kind == "claim":
        return QColor(CLAIM_COLOUR)
    if row.kind == "implication":
        return QColor(IMPLICATION_COLOUR)
    if row.kind in LINE_KINDS:  # events: the colour of their underline in the reader
        return QColor(LINE_KINDS[row.kind][1])
    # Entities and mentions take the reader's colour for their type, darkened so white
    # lettering stays readable.
    return QColor(ENTITY_COLOURS.get(row.label, ENTITY_COLOURS["OTHER"])).darker(190)


def secondary_line(row: SuggestionRow) -> str:
    """The grey second line: what the suggestion is about, in words."""
    if row.kind == "entity":
        return " · ".join(p for p in (_type_label(row.label), row.detail) if p)
    if row.kind == "mention":
        return f"→ {row.detail} · {_type_label(row.label)}"
    if row.kind == "claim":
        said = f" · “{row.detail}”" if row.detail else ""
        return f"by {row.label}{said}"
    if row.kind == "event":
        said = f" · the text says “{row.detail}”" if row.detail else ""
        return f"{row.label}{said}"
    try:
        kind = ImplicationKind(row.label).label
    except ValueError:
        kind = row.label
    return f"{kind} · hedge “{row.detail}”" if row.detail else kind


class SuggestionsModel(QAbstractListModel):
    """The pending suggestions of one source, in text order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SuggestionRow] = []

    def set_rows(self, rows: list[SuggestionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[SuggestionRow]:
        return list(self._rows)

    def row_at(self, row: int) -> SuggestionRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.kind.capitalize()}: {row.text}\n{secondary_line(row)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.kind} suggestion: {row.text}; {secondary_line(row)}"
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class SuggestionDelegate(QStyledItemDelegate):
    """Paints a kind badge, the suggested text (two lines at most) and a grey detail line."""

    PAD = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        return option.font, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        body, small = self._fonts(option)
        height = QFontMetrics(body).lineSpacing() * 2 + QFontMetrics(small).lineSpacing()
        return QSize(260, height + 2 * self.PAD + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, SuggestionRow):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        body, small = self._fonts(option)
        rect: QRect = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        painter.save()
        # Badge
        badge_font = QFont(small)
        badge_font.setBold(True)
        badge_font.setPointSizeF(max(6.5, small.pointSizeF() - 0.5))
        metrics = QFontMetrics(badge_font)
        text = _BADGE_TEXT.get(row.kind, row.kind.upper())
        badge = QRect(rect.left(), rect.top(), metrics.horizontalAdvance(text) + 10,
                      metrics.height() + 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(badge_colour(row))
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(QColor("white"))
        painter.setFont(badge_font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        # Main text, up to two lines beside and under the badge
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Text)
        painter.setPen(text_colour)
        painter.setFont(body)
        body_metrics = QFontMetrics(body)
        first_width = rect.width() - badge.width() - 6
        words = row.text.split()
        first, rest = _fit(words, body_metrics, first_width)
        painter.drawText(QRect(badge.right() + 6, rect.top(), first_width,
                               body_metrics.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, first)
        lines = 1
        if rest:
            second = body_metrics.elidedText(" ".join(rest), Qt.TextElideMode.ElideRight,
                                             rect.width())
            painter.drawText(QRect(rect.left(), rect.top() + body_metrics.lineSpacing(),
                                   rect.width(), body_metrics.lineSpacing()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, second)
            lines = 2
        # Detail line
        detail_colour = QColor(text_colour)
        if not selected:
            detail_colour = palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(detail_colour)
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        top = rect.top() + body_metrics.lineSpacing() * lines + 2
        detail = small_metrics.elidedText(secondary_line(row), Qt.TextElideMode.ElideRight,
                                          rect.width())
        painter.drawText(QRect(rect.left(), top, rect.width(), small_metrics.lineSpacing()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, detail)
        painter.restore()


def _fit(words: list[str], metrics: QFontMetrics, width: int) -> tuple[str, list[str]]:
    """The words that fit on the first line, and the rest."""
    line: list[str] = []
    for i, word in enumerate(words):
        candidate = " ".join([*line, word])
        if line and metrics.horizontalAdvance(candidate) > width:
            return " ".join(line), words[i:]
        line.append(word)
    text = " ".join(line)
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width), []


class SuggestionList(QListView):
    """Enter accepts and Delete rejects here, even though the window owns a Delete action."""

    accept_pressed = Signal()
    reject_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        # Like QLineEdit: claim the keys before the window's shortcuts see them.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.key() in _ACTION_KEYS \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_pressed.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.reject_pressed.emit()
        else:
            super().keyPressEvent(event)


class ReviewPanel(QWidget):
    """Lists suggestions and asks for decisions; it never touches the project itself."""

    accept_requested = Signal(list)  # uids
    reject_requested = Signal(list)  # uids
    edit_requested = Signal(object)  # SuggestionRow
    accept_all_requested = Signal(str)  # kind
    reveal_requested = Signal(int, int)  # start, end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        self.model = SuggestionsModel(self)
        self.view = SuggestionList(self)
        self.view.setObjectName("suggestionList")
        self.view.setAccessibleName("Suggestions")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SuggestionDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setUniformItemSizes(True)
        self.view.setAlternatingRowColors(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("&Accept", self)
        self.accept_button.setToolTip("Make the selected suggestions your own (Enter)")
        self.reject_button = QPushButton("Re&ject", self)
        self.reject_button.setToolTip("Reject the selected suggestions; they will not come "
                                      "back (Delete)")
        self.edit_button = QPushButton("&Edit…", self)
        self.edit_button.setToolTip("Correct the suggestion before accepting it "
                                    "(double-click)")
        for button in (self.accept_button, self.reject_button, self.edit_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        all_label = QLabel("Accept all:", self)
        all_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(all_label)
        grid = QGridLayout()
        grid.setSpacing(4)
        self.accept_all_buttons: dict[str, QPushButton] = {}
        for i, kind in enumerate(KINDS):
            button = QPushButton(PLURAL[kind].capitalize(), self)
            button.setObjectName(f"acceptAll_{kind}")
            button.setToolTip(f"Accept every suggested {kind} in this source")
            button.clicked.connect(lambda _c=False, k=kind: self.accept_all_requested.emit(k))
            grid.addWidget(button, i // 2, i % 2)
            self.accept_all_buttons[kind] = button
        layout.addLayout(grid)
        self.view.accept_pressed.connect(self._accept)
        self.view.reject_pressed.connect(self._reject)
        self.view.doubleClicked.connect(lambda _i: self._edit())
        self.accept_button.clicked.connect(self._accept)
        self.reject_button.clicked.connect(self._reject)
        self.edit_button.clicked.connect(self._edit)
        self.view.selectionModel().currentChanged.connect(self._current)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.source_title = ""
        self.writable = True
        self._refreshing = False
        self.set_rows([], "")

    # ---- content ---------------------------------------------------------------------
    def set_rows(self, rows: list[SuggestionRow], source_title: str,
                 writable: bool = True) -> None:
        """Show ``rows``, keeping the cursor near where it was so Enter/Delete can repeat."""
        previous = self.view.currentIndex().row()
        had_focus = self.view.hasFocus()
        self.source_title, self.writable = source_title, writable
        self.model.set_rows(rows)
        counts = Counter(r.kind for r in rows)
        for kind, button in self.accept_all_buttons.items():
            button.setText(f"{PLURAL[kind].capitalize()} ({counts[kind]})")
            button.setEnabled(writable and counts[kind] > 0)
        self._update_heading()
        if rows and previous >= 0:
            index = self.model.index(min(previous, len(rows) - 1), 0)
            # A refresh moves the cursor without revealing: the reader keeps its place.
            self._refreshing = True
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self._refreshing = False
            if had_focus:
                self.view.setFocus()
        self._update_buttons()

    def _update_heading(self) -> None:
        count = self.model.rowCount()
        hint = "<br><span style='color: gray; font-size: small'>{}</span>"
        if not self.source_title:
            self.heading.setText("<i>No source is open.</i>")
        elif count == 0:
            self.heading.setText("No suggestions waiting for this source." + hint.format(
                "Assist ▸ Suggest annotations (Ctrl+Shift+S) proposes entities, claims and "
                "implications."))
        else:
            noun = "suggestion" if count == 1 else "suggestions"
            self.heading.setText(f"<b>{count}</b> {noun} to review" + hint.format(
                "Enter accepts · Delete rejects · double-click edits"))

    def _update_buttons(self) -> None:
        has = bool(self.selected_rows())
        self.accept_button.setEnabled(self.writable and has)
        self.reject_button.setEnabled(self.writable and has)
        self.edit_button.setEnabled(self.writable and len(self.selected_rows()) == 1)

    # ---- selection -------------------------------------------------------------------
    def selected_rows(self) -> list[SuggestionRow]:
        indexes = sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: i.row())
        if not indexes and self.view.currentIndex().isValid():
            indexes = [self.view.currentIndex()]
        return [self.model.row_at(i.row()) for i in indexes]

    def select_uid(self, uid: str) -> bool:
        for i, row in enumerate(self.model.rows()):
            if row.uid == uid:
                self.view.setCurrentIndex(self.model.index(i, 0))
                return True
        return False

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._refreshing:
            row = self.model.row_at(current.row())
            self.reveal_requested.emit(row.start, row.end)

    # ---- requests --------------------------------------------------------------------
    def _accept(self) -> None:
        rows = self.selected_rows()
        if rows and self.writable:
            self.accept_requested.emit(_uids_in_order(rows))

    def _reject(self) -> None:
        rows = self.selected_rows()
        if rows and self.writable:
            self.reject_requested.emit(_uids_in_order(rows))

    def _edit(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self.writable:
            self.edit_requested.emit(rows[0])


def _uids_in_order(rows: list[SuggestionRow]) -> list[str]:
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(row.uid, None)
    return list(seen)
