"""Blocks of styled text that lay out fast and split anywhere between lines.

Thousands of claims would otherwise mean thousands of Paragraphs and keep-with-next
wrappers. A block lays its pieces out with the run layout (``runs.py``), splits
across pages between pieces or, for a piece taller than the room left, between its
lines (never leaving a single line behind or alone at the top of a page when it can
help it), and never leaves a heading or group label at the foot of a page without
at least one line of what it introduces. A block may carry a tinted panel (the
bottom line) that continues on the next page when the block does.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from desktop.brief.runs import Line, Run, TextPen, break_lines
from desktop.brief.styles import MARGIN_BOTTOM, MARGIN_TOP, PAGE_SIZE
from desktop.brief.text import plain

ASCENT = 0.93  # DejaVu's ascender, as a fraction of the font size
# Available height that can only mean an empty page (the frame is about 700 pt high).
FULL_PAGE = 0.9 * (PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM)


@dataclass
class Piece:
    """A paragraph-like part of a block: runs laid out from ``indent`` with a hanging bullet."""

    runs: list[Run]
    indent: float
    leading: float
    space_before: float = 0.0
    space_after: float = 0.0
    bullet: Run | None = None
    bullet_indent: float = 0.0
    keep_with_next: bool = False
    right_indent: float = 0.0
    lines: list[Line] = field(default_factory=list)
    laid_out_for: float = -1.0

    def layout(self, width: float) -> float:
        if self.laid_out_for != width:
            self.lines = break_lines(self.runs, max(width - self.indent - self.right_indent,
                                                    20.0))
            self.laid_out_for = width
        return self.height

    @property
    def height(self) -> float:
        return self.space_before + len(self.lines) * self.leading + self.space_after

    @property
    def first_size(self) -> float:
        return self.runs[0].size if self.runs else self.leading / 1.2

    def draw(self, pen: TextPen, top: float) -> None:
        baseline = top - self.space_before - ASCENT * self.first_size
        bullet = (self.bullet, self.bullet_indent) if self.bullet is not None else None
        pen.lines(self.lines, self.indent, baseline, self.leading, bullet)

    def split_lines(self, count: int) -> tuple[Piece, Piece]:
        """The first ``count`` lines and the rest, as two already laid-out pieces."""
        head = replace(self, space_after=0.0, keep_with_next=False,
                       lines=self.lines[:count])
        tail = replace(self, space_before=0.0, bullet=None, lines=self.lines[count:])
        return head, tail


@dataclass(frozen=True)
class Outline:
    """The PDF bookmark a block carries at its top (only on its first part)."""

    key: str
    title: str
    level: int


@dataclass(frozen=True)
class Panel:
    """A tinted background with a coloured rule down its left edge."""

    fill: Color
    rule: Color
    rule_width: float = 3.2
    pad_top: float = 9.0
    pad_bottom: float = 9.0


class Block(Flowable):  # type: ignore[misc]
    def __init__(self, pieces: list[Piece], outline: Outline | None = None,
                 space_before: float = 0.0, panel: Panel | None = None,
                 anchor: str | None = None) -> None:
        super().__init__()
        self.pieces = pieces
        self.outline = outline
        self.panel = panel
        self.anchor = anchor  # a link destination at the block's top
        self.spaceBefore = space_before
        self.width = self.height = 0.0

    @property
    def _padding(self) -> float:
        return self.panel.pad_top + self.panel.pad_bottom if self.panel else 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(piece.layout(availWidth) for piece in self.pieces) + self._padding
        return self.width, self.height

    def _part(self, pieces: list[Piece], first: bool) -> Block:
        return Block(pieces, self.outline if first else None,
                     self.spaceBefore if first else 0.0, self.panel,
                     self.anchor if first else None)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        room = availHeight - self._padding
        used, cut = 0.0, 0
        stop = len(self.pieces)
        for index, piece in enumerate(self.pieces):
            if used + piece.height > room:
                stop = index
                break
            used += piece.height
            if not piece.keep_with_next:
                cut = index + 1
        if stop < len(self.pieces):
            parts = self._split_inside(stop, room - used, availHeight >= FULL_PAGE)
            if parts:
                return parts
        if cut == 0 and availHeight >= FULL_PAGE:
            # A heading chain taller than a page: break it rather than fail the layout.
            cut = max(1, stop)
        if cut == 0 or cut >= len(self.pieces):
            return []  # nothing fits sensibly here: the whole block moves to the next page
        rest = self.pieces[cut:]
        rest[0] = _without_space_before(rest[0])
        return [self._part(self.pieces[:cut], True), self._part(rest, False)]

    def _split_inside(self, index: int, room: float, page_is_empty: bool) -> list[Flowable]:
        """Split piece ``index`` between its lines when two or more lines fit and two or
        more are left for the next page (one and one on an empty page: no choice)."""
        piece = self.pieces[index]
        fit = int((room - piece.space_before) // piece.leading)
        least = 1 if page_is_empty else 2
        if fit < least or len(piece.lines) - fit < least:
            return []
        head, tail = piece.split_lines(fit)
        return [self._part([*self.pieces[:index], head], True),
                self._part([tail, *self.pieces[index + 1:]], False)]

    def draw(self) -> None:
        canv = self.canv
        if self.anchor:
            canv.bookmarkHorizontal(self.anchor, 0, self.height + 4)
        if self.outline is not None:
            canv.bookmarkHorizontal(self.outline.key, 0, self.height + 14)
            canv.addOutlineEntry(plain(self.outline.title, 120), self.outline.key,
                                 level=self.outline.level, closed=True)
        top = self.height
        if self.panel is not None:
            canv.saveState()
            canv.setFillColor(self.panel.fill)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.setStrokeColor(self.panel.rule)
            canv.setLineWidth(self.panel.rule_width)
            canv.line(self.panel.rule_width / 2, 0, self.panel.rule_width / 2, self.height)
            canv.restoreState()
            top -= self.panel.pad_top
        pen = TextPen(canv)
        for piece in self.pieces:
            piece.draw(pen, top)
            top -= piece.height
        pen.finish()


def _without_space_before(piece: Piece) -> Piece:
    """The first piece on a new page starts at the top of the frame."""
    return replace(piece, space_before=0.0) if piece.space_before else piece


def text_block(runs: list[Run], leading: float, *, indent: float = 0.0,
               space_before: float = 0.0, space_after: float = 0.0,
               bullet: Run | None = None, keep_with_next: bool = False,
               anchor: str | None = None) -> Block:
    """One piece of text as a block: for table cells, titles and list items."""
    piece = Piece(runs, indent, leading, space_after=space_after, bullet=bullet,
                  keep_with_next=keep_with_next)
    block = Block([piece], space_before=space_before, anchor=anchor)
    block.keepWithNext = keep_with_next
    return block
