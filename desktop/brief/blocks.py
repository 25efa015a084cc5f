"""One flowable per key judgement: heading, estimate, basis and every line of evidence.

Thousands of claims would otherwise mean thousands of Paragraphs and keep-with-next
wrappers. A block lays its pieces out with the fast run layout, splits across pages
only between pieces, and never leaves a heading or group label at the foot of a page
without at least one line of what it introduces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    lines: list[Line] = field(default_factory=list)
    laid_out_for: float = -1.0

    def layout(self, width: float) -> float:
        if self.laid_out_for != width:
            self.lines = break_lines(self.runs, max(width - self.indent, 20.0))
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
        if self.bullet is not None:
            pen.bullet(self.bullet, self.bullet_indent, baseline)
        pen.lines(self.lines, self.indent, baseline, self.leading)


@dataclass(frozen=True)
class Outline:
    """The PDF bookmark a block carries at its top (only on its first part)."""

    key: str
    title: str
    level: int


class Block(Flowable):  # type: ignore[misc]
    def __init__(self, pieces: list[Piece], outline: Outline | None = None,
                 space_before: float = 0.0) -> None:
        super().__init__()
        self.pieces = pieces
        self.outline = outline
        self.spaceBefore = space_before
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = sum(piece.layout(availWidth) for piece in self.pieces)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        if self.height <= availHeight:
            return [self]
        used, cut = 0.0, 0
        for index, piece in enumerate(self.pieces):
            used += piece.height
            if used > availHeight:
                break
            if not piece.keep_with_next:
                cut = index + 1
        if cut == 0 and availHeight >= FULL_PAGE:
            # A heading chain taller than a page: break it rather than fail the layout.
            cut = max(1, _fitting(self.pieces, availHeight))
        if cut == 0 or cut >= len(self.pieces):
            return []  # nothing fits sensibly here: the whole block moves to the next page
        rest = self.pieces[cut:]
        rest[0] = _without_space_before(rest[0])
        return [Block(self.pieces[:cut], self.outline, self.spaceBefore), Block(rest)]

    def draw(self) -> None:
        canv = self.canv
        if self.outline is not None:
            canv.bookmarkHorizontal(self.outline.key, 0, self.height + 14)
            canv.addOutlineEntry(plain(self.outline.title, 120), self.outline.key,
                                 level=self.outline.level, closed=True)
        pen = TextPen(canv)
        top = self.height
        for piece in self.pieces:
            piece.draw(pen, top)
            top -= piece.height
        pen.finish()


def _fitting(pieces: list[Piece], height: float) -> int:
    used = 0.0
    for index, piece in enumerate(pieces):
        used += piece.height
        if used > height:
            return index
    return len(pieces)


def _without_space_before(piece: Piece) -> Piece:
    """The first piece on a new page starts at the top of the frame."""
    if not piece.space_before:
        return piece
    copy = Piece(piece.runs, piece.indent, piece.leading, 0.0, piece.space_after,
                 piece.bullet, piece.bullet_indent, piece.keep_with_next)
    return copy
