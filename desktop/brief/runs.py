"""Fast styled text for the brief: runs of one font, size and colour, broken into lines.

A ReportLab Paragraph parses markup with an HTML parser and re-measures every
fragment; for a claim line that is most of the cost of a big brief. Here text
arrives already split into styled runs (no markup, so nothing to escape or
inject), is measured word by word with cached glyph widths, broken greedily into
lines and drawn as one text object per block (so copy-and-paste and text
extraction read whole lines). Lines holding Hebrew or Arabic are reordered and
shaped when drawn (``shaping.py``); Chinese, Japanese and Korean break between
any two characters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color, white
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from desktop.brief.fonts import CJK, READING_MARK, SANS, SHAPED, drawable_pieces
from desktop.brief.shaping import actual_text_operator, has_rtl, shaped, visual_order
from desktop.brief.text import plain

INVISIBLE_INK = white


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font, size and colour.

    ``link`` is an in-document destination name, or a web address (``http…``) that
    opens in the reader's browser; ``anchor`` names a destination placed at the run
    (an endnote links back to the first place it is cited).
    """

    text: str
    font: str
    size: float
    colour: Color
    link: str | None = None
    anchor: str | None = None


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
        self._measurers: dict[str, Callable[[str], float]] = {}

    def measurer(self, font: str) -> Callable[[str], float]:
        """A function giving a string's width in ems of ``font`` (made once per font)."""
        found = self._measurers.get(font)
        cache = self._by_font.get(font)
        if found is not None and cache is not None and len(cache) <= 100_000:
            return found
        cache = self._by_font[font] = {}
        if font in SHAPED:
            def measure_shaped(text: str) -> float:
                width = cache.get(text)
                if width is None:
                    width = cache[text] = shaped(text, font, 1000.0)[1] / 1000.0
                return width

            found = measure_shaped
        else:
            face = pdfmetrics.getFont(font).face
            get, default = face.charWidths.get, face.defaultWidth

            def measure(text: str) -> float:
                width = cache.get(text)
                if width is None:
                    width = cache[text] = sum(get(ord(ch), default) for ch in text) / 1000.0
                return width

            found = measure
        self._measurers[font] = found
        return found

    def em(self, font: str, text: str) -> float:
        return self.measurer(font)(text)


WIDTHS = _Widths()


def runs_of(*parts: tuple[str, str, float, Color] | tuple[str, str, float, Color, str | None]
            ) -> list[Run]:
    """Runs from (text, font, size, colour[, link]) tuples; text is cleaned, empty runs dropped.

    Each run is cut further by font (see ``split_by_font``); a character no bundled
    font has is printed as its code point, e.g. ``[U+1F600]``, never as an empty box.
    """
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
            for piece, font in drawable_pieces(text, part[1]):
                found.append(Run(piece, font, part[2], part[3], link))
    return found


def _tokens(run: Run) -> list[tuple[str, bool]]:
    """(word, space after it) pairs; CJK text may break after any character."""
    words = run.text.split()
    ends_spaced = run.text[-1:].isspace()
    found = []
    for index, word in enumerate(words):
        spaced = index < len(words) - 1 or ends_spaced
        if run.font == CJK and len(word) > 1:
            found += [(ch, False) for ch in word[:-1]] + [(word[-1], spaced)]
        else:
            found.append((word, spaced))
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
        for word, space_after in _tokens(run):
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
            else:
                parts.append(word)
                x += word_w
                spaced = False
            if space_after:
                parts.append(" ")
                x += space_w
                spaced = True
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
                      and a.link == b.link and a.anchor == b.anchor)


def _hard_break(lines: list[Line], run: Run, word: str, width: float, x: float) -> float:
    """Cut a word wider than the line (a long URL, a run of CJK) between characters."""
    measure = WIDTHS.measurer(run.font)
    chunk = ""
    chunk_w = 0.0
    for ch in word:
        ch_w = measure(ch) * run.size
        if x + chunk_w + ch_w > width and (chunk or x > 0):
            if chunk:
                _place(lines[-1], run, chunk, x, measure(chunk) * run.size)
            lines.append(Line())
            x, chunk, chunk_w = 0.0, ch, ch_w
        else:
            chunk += ch
            chunk_w += ch_w
    if chunk:
        chunk_w = measure(chunk) * run.size
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


def is_web_address(link: str) -> bool:
    return link.startswith(("http://", "https://", "mailto:"))


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
        self.links: list[tuple[str, tuple[float, float, float, float]]] = []
        self.anchors: list[tuple[str, float, float]] = []

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

    def _link(self, run: Run, x: float, y: float, width: float) -> None:
        if run.anchor:
            self.anchors.append((run.anchor, x, y + run.size * 1.2))
        if run.link:
            self.links.append((run.link, (x, y - 0.25 * run.size, x + width, y + run.size)))

    def lines(self, lines: list[Line], x: float, baseline: float, leading: float,
              bullet: tuple[Run, float] | None = None) -> None:
        y = baseline
        for index, line in enumerate(lines):
            mark = bullet if index == 0 else None
            if any(has_rtl(seg.text) for seg in line.segments):
                self._mixed_line(line, x, y, mark)
            else:
                if mark is not None:
                    self._bullet(*mark, y)
                if line.segments:
                    self._move(x, y)
                for seg in line.segments:
                    self._style(seg.run)
                    # ``_textOut`` is what ReportLab's own Paragraph uses: it skips measuring
                    # the string again to advance a cursor we never read (widths are known).
                    self.text._textOut(seg.text)
                    self._link(seg.run, x + seg.x, y, seg.width)
            y -= leading

    def _bullet(self, run: Run, x: float, y: float) -> None:
        self._move(x, y)
        self._style(run)
        self.text._textOut(run.text)

    def _mixed_line(self, line: Line, x: float, y: float, bullet: tuple[Run, float] | None
                    ) -> None:
        """A line with right-to-left text: visual order, shaped, with its logical text."""
        logical = "".join(seg.text for seg in line.segments)
        pieces = visual_order((seg.text, seg.run, seg.run.font, seg.run.size)
                              for seg in line.segments)
        if bullet is not None:
            logical = f"{bullet[0].text} {logical}"
        self.text._code.append(actual_text_operator(logical))
        # PDFium carries the direction of the text object it read last into the next
        # span; an invisible left-to-right mark drawn first, left of the line, resets it.
        start = min(x, bullet[1]) if bullet is not None else x
        self._move(start - 3.0, y)
        self._style(Run(READING_MARK, SANS, 4.0, self.colour or INVISIBLE_INK))
        self.text._code.append("3 Tr")
        self.text._textOut(READING_MARK)
        self.text._code.append("0 Tr")
        if bullet is not None:
            self._bullet(*bullet, y)
        at = x
        for glyphs in pieces:
            run = glyphs.source
            self._move(at, y)
            self._style(run)
            self.text._textOut(glyphs.text)
            self._link(run, at, y, glyphs.width)
            at += glyphs.width
        self.text._code.append("EMC")

    def finish(self) -> None:
        self.canv.drawText(self.text)
        for name, x, y in self.anchors:
            self.canv.bookmarkHorizontal(name, x, y)
        for link, rect in self.links:
            if is_web_address(link):
                self.canv.linkURL(link, rect, relative=1, thickness=0)
            else:
                self.canv.linkRect("", link, rect, relative=1, thickness=0)
