"""Paints annotation spans in the reader: mentions by entity type, claims, implications."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from db.repository.rows import SpanRow
from desktop.ui.textmap import TextMap

ENTITY_COLOURS = {
    "PERSON": "#ffd8a8",
    "ORGANIZATION": "#b2f2bb",
    "GPE": "#a5d8ff",
    "LOCATION": "#99e9f2",
    "FACILITY": "#d0bfff",
    "EQUIPMENT": "#ffc9c9",
    "EVENT": "#fcc2d7",
    "AGREEMENT": "#ffec99",
    "OTHER": "#dee2e6",
}
CLAIM_COLOUR = "#1c7ed6"
IMPLICATION_COLOUR = "#9c36b5"
SUGGESTED_COLOUR = "#868e96"


@dataclass(frozen=True)
class QtSpan:
    """A span in UTF-16 positions, ready for the document."""

    start: int
    end: int
    row: SpanRow


class AnnotationHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._by_block: dict[int, list[QtSpan]] = {}
        self.spans: list[QtSpan] = []

    def set_spans(self, spans: list[SpanRow], textmap: TextMap) -> None:
        doc = self.document()
        self.spans = []
        by_block: dict[int, list[QtSpan]] = defaultdict(list)
        for row in spans:
            start, end = textmap.span_to_qt(row.start, row.end)
            span = QtSpan(start, end, row)
            self.spans.append(span)
            first = doc.findBlock(start).blockNumber()
            last = doc.findBlock(max(start, end - 1)).blockNumber()
            for number in range(first, last + 1):
                by_block[number].append(span)
        self._by_block = dict(by_block)
        self.rehighlight()

    def spans_at(self, position: int) -> list[QtSpan]:
        """Spans covering a UTF-16 position, innermost (shortest) first."""
        block = self.document().findBlock(position).blockNumber()
        found = [s for s in self._by_block.get(block, ()) if s.start <= position < s.end]
        return sorted(found, key=lambda s: s.end - s.start)

    def highlightBlock(self, text: str) -> None:
        spans = self._by_block.get(self.currentBlock().blockNumber())
        if not spans:
            return
        base = self.currentBlock().position()
        length = len(text.encode("utf-16-le")) // 2
        cuts = {0, length}
        for span in spans:
            cuts.add(min(max(span.start - base, 0), length))
            cuts.add(min(max(span.end - base, 0), length))
        edges = sorted(cuts)
        for a, b in pairwise(edges):
            active = [s for s in spans if s.start - base <= a and s.end - base >= b]
            if active:
                self.setFormat(a, b - a, _format_for(active))


def _format_for(active: list[QtSpan]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    mentions = sorted((s for s in active if s.row.kind == "mention"),
                      key=lambda s: s.end - s.start)
    if mentions:
        inner = mentions[0].row
        colour = QColor(ENTITY_COLOURS.get(inner.category, ENTITY_COLOURS["OTHER"]))
        if inner.review_state == "suggested":
            colour.setAlpha(90)
        if len(mentions) > 1:
            colour = colour.darker(115)  # nested or overlapping mentions read darker
        fmt.setBackground(colour)
    claims = [s for s in active if s.row.kind == "claim"]
    if claims:
        suggested = all(s.row.review_state == "suggested" for s in claims)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline if suggested
                              else QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(SUGGESTED_COLOUR if suggested else CLAIM_COLOUR))
    implications = [s for s in active if s.row.kind == "implication"]
    if implications:
        fmt.setFontOverline(True)
        fmt.setForeground(QColor(IMPLICATION_COLOUR))
    if any(s.row.review_state == "suggested" for s in active):
        fmt.setFontItalic(True)
    if any(s.row.orphaned for s in active):
        fmt.setFontStrikeOut(True)
    if len(active) > 1 and not mentions:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    return fmt


def legend_entries() -> list[tuple[str, str]]:
    return [(name.capitalize(), colour) for name, colour in ENTITY_COLOURS.items()]


