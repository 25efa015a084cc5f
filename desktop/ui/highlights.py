"""Paints annotation spans in the reader: mentions by entity type, claims, implications."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

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
SUGGESTED_TEXT_COLOUR = "#adb5bd"


@dataclass(frozen=True)
class QtSpan:
    """A span in UTF-16 positions, ready for the document."""

    start: int
    end: int
    row: SpanRow


class AnnotationHighlighter(QSyntaxHighlighter):
    """Formats each text block from the spans that touch it.

    A new text is formatted once, as it is laid out (``prepare`` before
    ``setPlainText``); a change of spans re-formats only the blocks whose spans
    changed, so adding one annotation to a 1 MB source does not repaint it all.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._by_block: dict[int, list[QtSpan]] = {}
        self._by_uid: dict[str, QtSpan] = {}
        self._expected_blocks = -1  # blocks ``prepare`` counted in the text it was given

    @property
    def spans(self) -> list[QtSpan]:
        return list(self._by_uid.values())

    def prepare(self, spans: list[SpanRow], textmap: TextMap) -> None:
        """Spans for a text about to be set on the document; blocks found from the text itself."""
        starts = [0]
        doubled = set(textmap.doubled)
        for match in _BLOCK_BREAK.finditer(textmap.text):
            if match.start() in doubled:  # shown as two breaks: an empty block between
                starts.append(textmap.to_qt(match.start()) + 1)
            starts.append(textmap.to_qt(match.end()))
        self._expected_blocks = len(starts)
        self._assign(spans, textmap, lambda position: bisect_right(starts, position) - 1)

    def prepared_for_document(self) -> bool:
        """Whether the document has the blocks ``prepare`` expected (else call set_spans)."""
        return self._expected_blocks == self.document().blockCount()

    def set_spans(self, spans: list[SpanRow], textmap: TextMap, everything: bool = False) -> None:
        """New spans over the document's current text; re-formats the blocks that changed."""
        doc = self.document()
        before = self._by_block
        self._assign(spans, textmap, lambda position: doc.findBlock(position).blockNumber())
        changed = [n for n in before.keys() | self._by_block.keys()
                   if before.get(n) != self._by_block.get(n)]
        if everything or len(changed) * 2 > doc.blockCount():
            self.rehighlight()
            return
        for number in sorted(changed):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    def update_spans(self, removed: Collection[str], added: list[SpanRow],
                     textmap: TextMap) -> None:
        """Take the spans of ``removed`` uids away and put ``added`` in: one annotation
        created, edited or deleted costs the blocks it touches, not every span again."""
        doc = self.document()
        touched: set[int] = set()
        for uid in {*removed, *(row.uid for row in added)}:
            old = self._by_uid.pop(uid, None)
            if old is None:
                continue
            for number in self._blocks_of(old, doc):
                spans = self._by_block.get(number)
                if spans is not None:
                    spans[:] = [s for s in spans if s is not old]
                    if not spans:
                        del self._by_block[number]
                touched.add(number)
        for row in added:
            start, end = textmap.span_to_qt(row.start, row.end)
            span = QtSpan(start, end, row)
            self._by_uid[row.uid] = span
            for number in self._blocks_of(span, doc):
                self._by_block.setdefault(number, []).append(span)
                touched.add(number)
        for number in sorted(touched):
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)

    @staticmethod
    def _blocks_of(span: QtSpan, doc: QTextDocument) -> range:
        first = doc.findBlock(span.start).blockNumber()
        last = doc.findBlock(max(span.start, span.end - 1)).blockNumber()
        return range(first, max(first, last) + 1)

    def _assign(self, spans: list[SpanRow], textmap: TextMap,
                block_of: Callable[[int], int]) -> None:
        by_uid: dict[str, QtSpan] = {}
        by_block: dict[int, list[QtSpan]] = defaultdict(list)
        for row in spans:
            start, end = textmap.span_to_qt(row.start, row.end)
            span = QtSpan(start, end, row)
            by_uid[row.uid] = span
            for number in range(block_of(start), block_of(max(start, end - 1)) + 1):
                by_block[number].append(span)
        self._by_uid = by_uid
        self._by_block = dict(by_block)

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
        length = len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2
        cuts = {0, length}
        for span in spans:
            cuts.add(min(max(span.start - base, 0), length))
            cuts.add(min(max(span.end - base, 0), length))
        edges = sorted(cuts)
        for a, b in pairwise(edges):
            active = [s for s in spans if s.start - base <= a and s.end - base >= b]
            if active:
                self.setFormat(a, b - a, _format_for(active))


# Where QTextDocument starts a new block in plain text.
_BLOCK_BREAK = re.compile("[\n\u2029]")


def _format_for(active: list[QtSpan]) -> QTextCharFormat:
    """The format for text under ``active`` spans; one shared object per distinct look."""
    mentions = sorted((s for s in active if s.row.kind == "mention"),
                      key=lambda s: s.end - s.start)
    claims = [s for s in active if s.row.kind == "claim"]
    implications = [s for s in active if s.row.kind == "implication"]
    key = (
        (mentions[0].row.category, _suggested(mentions[:1]), len(mentions) > 1)
        if mentions else None,
        _suggested(claims) if claims else None,
        _suggested(implications) if implications else None,
    )
    fmt = _FORMATS.get(key)
    if fmt is None:
        fmt = _FORMATS[key] = _new_format(mentions, claims, implications)
    return fmt


# Building a QTextCharFormat takes a dozen calls into Qt; a document has a few dozen looks.
_FORMATS: dict[tuple[object, ...], QTextCharFormat] = {}


def _suggested(spans: list[QtSpan]) -> bool:
    """A look is a suggestion's only when every span of that kind there is a suggestion."""
    return all(s.row.review_state == "suggested" for s in spans)


# One visual language, at most two channels per kind (see ``LEGEND``):
#   entity mention  background colour = entity type; suggestion = the colour as a hatch
#   claim           underline; accepted solid blue, suggestion dotted grey
#   implication     line above + text colour; accepted purple, suggestion light grey
# Accepted and suggested differ by pattern or line style, so they stay apart in greyscale.
def mention_brush(entity_type: str, suggested: bool, nested: bool = False) -> QBrush:
    colour = QColor(ENTITY_COLOURS.get(entity_type, ENTITY_COLOURS["OTHER"]))
    if nested:
        colour = colour.darker(115)  # nested or overlapping mentions read darker
    if suggested:
        return QBrush(colour.darker(135), Qt.BrushStyle.BDiagPattern)
    return QBrush(colour)


def _new_format(mentions: list[QtSpan], claims: list[QtSpan],
                implications: list[QtSpan]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if mentions:
        inner = mentions[0].row
        fmt.setBackground(mention_brush(inner.category, inner.review_state == "suggested",
                                        len(mentions) > 1))
    if claims:
        suggested = _suggested(claims)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine if suggested
                              else QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(SUGGESTED_COLOUR if suggested else CLAIM_COLOUR))
    if implications:
        fmt.setFontOverline(True)
        fmt.setForeground(QColor(SUGGESTED_TEXT_COLOUR if _suggested(implications)
                                 else IMPLICATION_COLOUR))
    return fmt


@dataclass(frozen=True)
class LegendEntry:
    """One line of View ▸ Legend: what a look means, drawn with the reader's own format."""

    label: str
    meaning: str
    kind: str  # mention | claim | implication
    category: str
    review_state: str


def legend_entries() -> list[LegendEntry]:
    from db.models.vocab import EntityType

    rows = []
    for name in ENTITY_COLOURS:
        try:
            label = EntityType(name).label
        except ValueError:
            label = name.capitalize()
        rows.append(LegendEntry(label, "entity mention (background colour = type)", "mention",
                                name, "accepted"))
    rows += [
        LegendEntry("Person", "suggested mention (hatched: not yet reviewed)", "mention",
                    "PERSON", "suggested"),
        LegendEntry("Claim", "claim (solid blue underline)", "claim", "", "accepted"),
        LegendEntry("Claim", "suggested claim (dotted grey underline)", "claim", "",
                    "suggested"),
        LegendEntry("Implication", "implication (purple text, line above)", "implication", "",
                    "accepted"),
        LegendEntry("Implication", "suggested implication (grey text, line above)",
                    "implication", "", "suggested"),
    ]
    return rows


def legend_format(entry: LegendEntry) -> QTextCharFormat:
    """The exact format the reader gives text under this entry's kind of span."""
    row = SpanRow(kind=entry.kind, uid="", start=0, end=1, label=entry.label,
                  category=entry.category, review_state=entry.review_state)
    return _format_for([QtSpan(0, 1, row)])
