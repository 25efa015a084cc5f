"""The reader: a source's text with highlighted annotations, find, hover and click."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from db.models.vocab import EntityType, Reliability
from db.repository.rows import SpanRow
from desktop.ui.highlights import AnnotationHighlighter, QtSpan
from desktop.ui.selection import snap_to_words
from desktop.ui.textmap import TextMap

FLASH_MS = 900
# What an empty reader says: how to start.
EMPTY_READER_HINT = (
    "No source is open.\n\n"
    "Choose one in Sources (Alt+O), or add one: File ▸ Import sources… (Ctrl+I), drop files "
    "on this window, or paste text as a new source (Ctrl+Shift+V).\n\n"
    "Then select words and press E for an entity, C for a claim or I for an implication.")


class ReaderView(QPlainTextEdit):
    """Read-only text whose positions are converted to code points at this boundary."""

    span_clicked = Signal(str, str)  # kind, uid

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Source text")
        self.apply_font_size()
        self.document().setDocumentMargin(18)
        self.textmap = TextMap("")
        self.highlighter = AnnotationHighlighter(self.document())
        self.analyst_names: dict[str, str] = {}
        self._press_pos: QPoint | None = None
        self.viewport().installEventFilter(self)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(self._clear_flash)

    def apply_font_size(self) -> None:
        from desktop.ui.preferences import reader_point_size

        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(reader_point_size())
        self.setFont(font)

    # ---- content -------------------------------------------------------------------
    def set_text(self, text: str, spans: list[SpanRow] | None = None,
                 paragraphs: bool = True) -> None:
        """Show ``text`` with ``spans`` highlighted, formatting each block once as it is laid out.

        ``paragraphs``: show a paragraph that ends in a single line break apart from the
        next (off for page-wrapped text such as PDF, whose lines are not paragraphs)."""
        self.textmap = TextMap(text, paragraphs=paragraphs)
        self.highlighter.prepare(spans or [], self.textmap)
        self.setPlainText(self.textmap.display_text())
        if not self.highlighter.prepared_for_document():  # a block break we did not foresee
            self.highlighter.set_spans(spans or [], self.textmap, everything=True)

    def set_spans(self, spans: list[SpanRow]) -> None:
        """New highlights on the same text (only blocks whose spans changed are redone)."""
        with self._text_unchanged():
            self.highlighter.set_spans(spans, self.textmap)

    def update_spans(self, removed: Collection[str], added: list[SpanRow]) -> None:
        """Some annotations changed: drop ``removed`` uids, (re)place ``added`` ones."""
        with self._text_unchanged():
            self.highlighter.update_spans(removed, added, self.textmap)

    @contextmanager
    def _text_unchanged(self) -> Iterator[None]:
        # Re-formatting a block makes Qt emit textChanged though the text is the same;
        # listeners of "another text is shown" would redo their work at every highlight.
        was = self.blockSignals(True)
        try:
            yield
        finally:
            self.blockSignals(was)

    # ---- selection in code points ----------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.textmap.span_to_cp(cursor.selectionStart(), cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        qs, qe = self.textmap.span_to_qt(start, end)
        cursor = self.textCursor()
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def snap_selection_to_words(self) -> None:
        """A dragged selection covers whole words (Alt-drag keeps exact characters)."""
        span = self.selection_span()
        if span is None:
            return
        start, end = snap_to_words(self.textmap.text, *span)
        if (start, end) != span and start < end:
            self.select_span(start, end)

    def selected_text(self) -> str:
        span = self.selection_span()
        return self.textmap.text[span[0]:span[1]] if span else ""

    def text_of_span(self, start: int, end: int) -> str:
        """What a highlight at code points start..end shows (used by tests and tooltips)."""
        qs, qe = self.textmap.span_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    # ---- reveal and flash ------------------------------------------------------------
    def reveal(self, start: int, end: int) -> None:
        """Show and flash a span; the text only scrolls when the span is not in view
        already, so choosing what was just made or clicked never moves the page."""
        qs, qe = self.textmap.span_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qs)
        visible = self._in_view(qs) and self._in_view(max(qs, qe - 1))
        scroll = self.verticalScrollBar().value()
        self.setTextCursor(cursor)
        if visible:
            self.verticalScrollBar().setValue(scroll)
        else:
            self.centerCursor()
        flash = QTextEdit.ExtraSelection()
        flash.cursor = QTextCursor(self.document())
        flash.cursor.setPosition(qs)
        flash.cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe066"))
        fmt.setForeground(QColor("#000000"))
        flash.format = fmt
        self.setExtraSelections([flash])
        self._flash_timer.start(FLASH_MS)

    def _in_view(self, position: int) -> bool:
        probe = QTextCursor(self.document())
        probe.setPosition(position)
        rect = self.cursorRect(probe)
        return self.viewport().rect().contains(rect.topLeft()) and \
            self.viewport().rect().contains(rect.bottomLeft())

    def _clear_flash(self) -> None:
        self.setExtraSelections([])

    # ---- hover and click -------------------------------------------------------------
    def spans_at_point(self, point: QPoint) -> list[QtSpan]:
        cursor = self.cursorForPosition(point)
        rect = self.cursorRect(cursor)
        position = cursor.position()
        if point.x() < rect.x() and position > 0:
            position -= 1
        return self.highlighter.spans_at(position)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QEvent.Type.ToolTip:
                spans = self.spans_at_point(event.pos())  # type: ignore[attr-defined]
                if spans:
                    QToolTip.showText(event.globalPos(), self._tooltip(spans), self)  # type: ignore[attr-defined]
                else:
                    QToolTip.hideText()
                return True
            if event.type() == QEvent.Type.MouseButtonPress:
                self._press_pos = event.position().toPoint()  # type: ignore[attr-defined]
            if event.type() == QEvent.Type.MouseButtonRelease and self._press_pos is not None:
                pos = event.position().toPoint()  # type: ignore[attr-defined]
                moved = (pos - self._press_pos).manhattanLength()
                self._press_pos = None
                exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
                if moved >= 4 and not exact and self.textCursor().hasSelection():
                    # Let Qt finish the drag first, then widen it to whole words.
                    QTimer.singleShot(0, self.snap_selection_to_words)
                if moved < 4 and not self.textCursor().hasSelection():
                    spans = self.spans_at_point(pos)
                    if spans:
                        self.span_clicked.emit(spans[0].row.kind, spans[0].row.uid)
        return super().eventFilter(watched, event)

    def _tooltip(self, spans: list[QtSpan]) -> str:
        lines = []
        for span in spans[:6]:
            row = span.row
            who = self.analyst_names.get(row.detail.get("created_by", ""), "")
            by = f" — by {who}" if who else ""
            state = " (suggestion)" if row.review_state == "suggested" else ""
            orphan = " (could not be re-attached)" if row.orphaned else ""
            if row.kind == "mention":
                try:
                    kind = EntityType(row.category).label
                except ValueError:
                    kind = row.category
                lines.append(f"<b>{_esc(row.label)}</b> · {kind}{state}{orphan}{by}")
            elif row.kind == "claim":
                lines.append(f"Claim <b>{_esc(row.category)}</b> by {_esc(row.detail.get('claimant', ''))}"
                             f": {_esc(_short(row.label))}{state}{orphan}{by}")
            else:
                lines.append(f"Implication ({_esc(row.category)}): {_esc(_short(row.label))}"
                             f"{state}{orphan}{by}")
        return "<br>".join(lines)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class FindBar(QWidget):
    def __init__(self, view: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in source")
        self.edit.setAccessibleName("Find in source")
        self.edit.setClearButtonEnabled(True)
        self.status = QLabel(self)
        previous = QPushButton("Previous", self)
        following = QPushButton("Next", self)
        close = QPushButton("Close", self)
        for w in (self.edit, previous, following, self.status, close):
            layout.addWidget(w)
        layout.setStretch(0, 1)
        self.edit.returnPressed.connect(self.find_next)
        self.edit.textChanged.connect(lambda _t: self.find_next(from_start=True))
        following.clicked.connect(self.find_next)
        previous.clicked.connect(self.find_previous)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close_bar)

    def close_bar(self) -> None:
        """Hide, and give the keyboard back to the text with the match still selected."""
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open(self) -> None:
        self.show()
        selected = self.view.selected_text()
        if selected and "\n" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()

    def find_next(self, from_start: bool = False) -> bool:
        return self._find(backward=False, from_start=from_start)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool, from_start: bool = False) -> bool:
        needle = self.edit.text()
        if not needle:
            self.status.clear()
            return False
        doc = self.view.document()
        cursor = self.view.textCursor()
        if from_start:
            cursor.setPosition(cursor.selectionStart())
        flags = doc.FindFlag.FindBackward if backward else doc.FindFlag(0)
        found = doc.find(needle, cursor, flags)
        if found.isNull():
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(needle, start, flags)
        if found.isNull():
            self.status.setText("Not found")
            return False
        self.status.setText("")
        self.view.setTextCursor(found)
        return True


class ReaderPane(QWidget):
    """Title line, the text view and the find bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.title = QLabel("No source open", self)
        self.title.setObjectName("readerTitle")
        self.title.setWordWrap(True)
        self.title.setContentsMargins(12, 8, 12, 8)
        self.title.setStyleSheet("#readerTitle { font-size: 13pt; font-weight: 600; }")
        self.meta = QLabel("", self)
        self.meta.setWordWrap(True)  # a long byline wraps instead of widening the window
        self.meta.setContentsMargins(12, 0, 12, 6)
        self.meta.setStyleSheet("color: palette(mid);")
        self.view = ReaderView(self)
        self.view.setPlaceholderText(EMPTY_READER_HINT)
        self.find_bar = FindBar(self.view, self)
        self.find_bar.hide()
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.find_bar)
        self.source_uid: str | None = None

    def show_source(self, uid: str | None, title: str, meta: str, text: str,
                    spans: list[SpanRow], kind: str = "") -> None:
        self.source_uid = uid
        self.title.setText(title or "No source open")
        self.meta.setText(meta)
        self.view.setPlaceholderText("" if uid else EMPTY_READER_HINT)
        # A PDF's line breaks are where its lines ended on the page, not paragraphs.
        self.view.set_text(text, spans, paragraphs=kind != "pdf")


def source_meta(reliability: str, author: str, publisher: str, date: str) -> str:
    parts = [p for p in (author, publisher, date) if p]
    try:
        grade = Reliability.parse(reliability)
        rel = f"Reliability {grade.code} – {grade.label}"
    except ValueError:
        rel = ""
    return "  ·  ".join([*parts, rel] if rel else parts)
