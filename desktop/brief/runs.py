"""Fast styled text for the parts of the brief that repeat thousands of times.

A ReportLab Paragraph parses markup with an HTML parser and re-measures every
fragment; for a claim line that is most of the cost of a big brief. Here text
arrives already split into styled runs (no markup, so nothing to escape or
inject), is measured word by word with cached glyph widths, broken greedily into
lines and drawn as one text object per line (so copy-and-paste and text
extraction read whole lines).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop.brief.fonts import split_by_font
from desktop.brief.text import plain


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font, size and colour; ``link`` names an in-document target."""

    text: str
    font: str
    size: float
    colour: Color
    link: str | None = None


@dataclass
class Segment:
    run: Run
    text: str
    x: float
    width: float


@dataclass
class Line:
    segments: list[Segment] = field(default_factory=list)
    width: float = 0.0


class _Widths:
    """Glyph advance widths per font, cached per word (briefs repeat their words a lot)."""

    def __init__(self) -> None:
        self._by_font: dict[str, dict[str, float]] = {}

    def measurer(self, font: str) -> Callable[[str], float]:
        """A function giving a string's width in ems of ``font``."""
        cache = self._by_font.get(font)
        if cache is None or len(cache) > 100_000:
            cache = self._by_font[font] = {}
        face = pdfmetrics.getFont(font).face
        get, default = face.charWidths.get, face.defaultWidth

        def measure(text: str) -> float:
            found = cache.get(text)
            if found is None:
                found = cache[text] = sum(get(ord(ch), default) for ch in text) / 1000.0
            return found

        return measure

    def em(self, font: str, text: str) -> float:
        return self.measurer(font)(text)


WIDTHS = _Widths()


def runs_of(*parts: tuple[str, str, float, Color] | tuple[str, str, float, Color, str]
            ) -> list[Run]:
    """Runs from (text, font, size, colour[, link]) tuples; text is cleaned, empty runs dropped."""
    found = []
    for part in parts:
        raw = part[0]
        text = plain(raw)
        # Keep one space at either end: runs are joined as they are, word spacing included.
        if text and raw[:1].isspace():
            text = " " + text
        if text and raw[-1:].isspace():
            text += " "
        if not text and raw[:1].isspace():
            text = " "
        if text:
            link = part[4] if len(part) > 4 else None
            for piece, font in split_by_font(text, part[1]):
                found.append(Run(piece, font, part[2], part[3], link))
    return found


def break_lines(runs: list[Run], width: float) -> list[Line]:
    """Greedy line breaking at spaces; a word wider than the line is cut between characters.

    Run text is already clean (single spaces), so splitting on whitespace loses nothing
    but the information whether the run starts or ends with a space, kept separately.
    """
    lines = [Line()]
    x = 0.0
    spaced = True  # the text so far ends in a space (or nothing has been placed yet)
    for run in runs:
        measure = WIDTHS.measurer(run.font)
        size = run.size
        space_w = measure(" ") * size
        parts: list[str] = []
        start = x
        if run.text[:1].isspace() and not spaced:
            parts.append(" ")
            x += space_w
            spaced = True
        words = run.text.split()
        ends_spaced = run.text[-1:].isspace()
        for index, word in enumerate(words):
            word_w = measure(word) * size
            if x > 0 and x + word_w > width:
                if parts:
                    _place(lines[-1], run, "".join(parts), start, x - start)
                lines.append(Line())
                parts, x, start = [], 0.0, 0.0
            if word_w > width:
                if parts:
                    _place(lines[-1], run, "".join(parts), start, x - start)
                    parts = []
                x = _hard_break(lines, run, word, width, x)
                start = x
                spaced = False
                if index < len(words) - 1 or ends_spaced:
                    parts.append(" ")
                    x += space_w
                    spaced = True
                continue
            parts.append(word)
            x += word_w
            if index < len(words) - 1 or ends_spaced:
                parts.append(" ")
                x += space_w
                spaced = True
            else:
                spaced = False
        if parts:
            _place(lines[-1], run, "".join(parts), start, x - start)
    for line in lines:
        _trim(line)
    return [line for line in lines if line.segments] or [Line()]


def _place(line: Line, run: Run, text: str, x: float, width: float) -> None:
    last = line.segments[-1] if line.segments else None
    if last is not None and _same_style(last.run, run):
        last.text += text
        last.width += width
    else:
        line.segments.append(Segment(run, text, x, width))
    line.width = x + width


def _same_style(a: Run, b: Run) -> bool:
    return a is b or (a.font == b.font and a.size == b.size and a.colour == b.colour
                      and a.link == b.link)


def _hard_break(lines: list[Line], run: Run, word: str, width: float, x: float) -> float:
    chunk = ""
    for ch in word:
        trial = WIDTHS.em(run.font, chunk + ch) * run.size
        if x + trial > width and (chunk or x > 0):
            if chunk:
                _place(lines[-1], run, chunk, x, WIDTHS.em(run.font, chunk) * run.size)
            lines.append(Line())
            x, chunk = 0.0, ch
        else:
            chunk += ch
    if chunk:
        chunk_w = WIDTHS.em(run.font, chunk) * run.size
        _place(lines[-1], run, chunk, x, chunk_w)
        x += chunk_w
    return x


def _trim(line: Line) -> None:
    if not line.segments:
        return
    last = line.segments[-1]
    stripped = last.text.rstrip()
    if stripped != last.text:
        last.width = WIDTHS.em(last.run.font, stripped) * last.run.size
        last.text = stripped
        line.width = last.x + last.width
        if not stripped:
            line.segments.pop()


class TextPen:
    """Draws many pieces of text as one PDF text object.

    Moves are relative to the start of the previous line (two numbers rather than a
    six-number text matrix per piece), and the font and colour are only set when they
    change. Links are collected and added after the text, in flowable coordinates.
    """

    def __init__(self, canv: Canvas) -> None:
        self.canv = canv
        self.text = canv.beginText(0, 0)
        self.x = 0.0
        self.y = 0.0
        self.font: tuple[str, float] | None = None
        self.colour: Color | None = None
        self.links: list[tuple[Segment, float, float]] = []

    def _move(self, x: float, y: float) -> None:
        if (x, y) != (self.x, self.y):
            self.text.moveCursor(x - self.x, self.y - y)  # ReportLab's dy points down
            self.x, self.y = x, y

    def _style(self, run: Run) -> None:
        if self.font != (run.font, run.size):
            self.font = (run.font, run.size)
            self.text.setFont(run.font, run.size)
        if self.colour is not run.colour:
            self.colour = run.colour
            self.text.setFillColor(run.colour)

    def bullet(self, run: Run, x: float, baseline: float) -> None:
        self._move(x, baseline)
        self._style(run)
        self.text._textOut(run.text)

    def lines(self, lines: list[Line], x: float, baseline: float, leading: float) -> None:
        y = baseline
        for line in lines:
            if line.segments:
                self._move(x, y)
            for seg in line.segments:
                self._style(seg.run)
                # ``_textOut`` is what ReportLab's own Paragraph uses: it skips measuring the
                # string again to advance a cursor we never read (the widths are known).
                self.text._textOut(seg.text)
                if seg.run.link:
                    self.links.append((seg, x, y))
            y -= leading

    def finish(self) -> None:
        self.canv.drawText(self.text)
        for seg, x, y in self.links:
            size = seg.run.size
            self.canv.linkRect("", seg.run.link, (x + seg.x, y - 0.25 * size,
                                                  x + seg.x + seg.width, y + size),
                               relative=1, thickness=0)
