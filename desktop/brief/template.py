"""Pages of the brief: handling banners, "Page X of Y", bookmarks and the contents list.

The layout runs once. Numbers only known at the end (the page count, the page of each
contents entry) are PDF form XObjects: pages refer to them while they are laid out and
the canvas defines them just before it writes the file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from db.models.vocab import Marking
from desktop.brief.fonts import READING_MARK, SANS, SANS_BOLD, drawable_pieces
from desktop.brief.shaping import actual_text_operator, has_rtl, visual_order
from desktop.brief.styles import (
    ACCENT,
    INK,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE,
)
from desktop.brief.text import plain

BANNER_SIZE = 12.0  # FIRST: "in 12-point type or greater"
FOOTER_SIZE = 7.6
TOC_SIZE = 8.8
HEADER_Y = PAGE_SIZE[1] - 14 * mm
FOOTER_Y = 11 * mm
# The footer's left part ("Page 3 of 12 · 5 March 2026") is at most this wide; the
# handling marking may use the rest of the line.
FOOTER_TEXT_ROOM = 160


@dataclass
class PageBook:
    """What the layout learns as it goes, for the forms written at the end."""

    pages: int = 0
    footer_text: str = ""
    toc_pages: dict[str, int] = field(default_factory=dict)
    # Where each contents entry's page number goes, in page coordinates.
    toc_spots: dict[str, tuple[float, float]] = field(default_factory=dict)


def page_form_name(page: int) -> str:
    return f"dossierPage{page}"


def toc_form_name(key: str) -> str:
    return f"dossierToc{key.replace('-', '')}"


@dataclass(frozen=True)
class PageDecor:
    """The text every page carries."""

    header_text: str
    marking: Marking | str


class BriefCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes the page count and contents page numbers as it saves."""

    def __init__(self, *args: Any, book: PageBook, stamp: tuple[int, ...] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._book = book
        # Accessibility as far as an untagged PDF goes: the outline opens with the
        # document, and viewers show the title (not the file name) in their title bar.
        self.showOutline()
        self.setViewerPreference("DisplayDocTitle", "true")
        if stamp is not None:
            # The document date comes from the project, not the clock (repeatable output).
            ts = self._doc._timeStamp
            ts.YMDhms = tuple(stamp)
            ts.dhh = ts.dmm = 0

    def save(self) -> None:
        # Forms draw at page coordinates (no translation): text extraction then reads
        # "Page 3 of 12" as one line instead of breaking before the number.
        # One small form per page holds its whole "Page N of M" line, so the line is drawn
        # (and copied) as one piece however many digits the numbers have.
        total = self._book.pages
        extra = f"  ·  {self._book.footer_text}" if self._book.footer_text else ""
        for page in range(1, total + 1):
            self._number_form(page_form_name(page), f"Page {page} of {total}{extra}",
                              MARGIN_LEFT, FOOTER_Y + 1, FOOTER_SIZE, MUTED, right=False)
        for key, (x, y) in self._book.toc_spots.items():
            found = self._book.toc_pages.get(key)
            self._number_form(toc_form_name(key), str(found) if found else "–", x, y, TOC_SIZE,
                              INK, right=True)
        super().save()

    def _number_form(self, name: str, text: str, x: float, y: float, size: float,
                     colour: colors.Color, *, right: bool) -> None:
        self.beginForm(name)
        self.setFont(SANS, size)
        self.setFillColor(colour)
        if right:
            self.drawRightString(x, y, text)
        else:
            self.drawString(x, y, text)
        self.endForm()


class SectionMark(Flowable):  # type: ignore[misc]
    """An invisible flowable before a heading: PDF bookmark, outline entry, contents page."""

    def __init__(self, key: str, title: str, level: int, in_contents: bool) -> None:
        super().__init__()
        self.key = key
        self.title = plain(title, 120)
        self.level = level
        self.in_contents = in_contents
        self.keepWithNext = True  # never stranded at a page foot away from its heading
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 18)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level,
                                  closed=self.level > 0)


class ContentsList(Flowable):  # type: ignore[misc]
    """The table of contents: entry titles, dot leaders, page numbers from forms, links."""

    def __init__(self, entries: Sequence[tuple[str, str]], book: PageBook,
                 leading: float = 15.5) -> None:
        super().__init__()
        self.entries = [(key, plain(title, 90)) for key, title in entries]
        self.leading = leading
        self.book = book

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.leading * len(self.entries) + 4
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.leading + 3
        right = self.width
        for key, title in self.entries:
            canv.setFont(SANS, TOC_SIZE)
            canv.setFillColor(INK)
            canv.drawString(0, y, title)
            start = stringWidth(title, SANS, TOC_SIZE) + 6
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.6)
            canv.setDash(0.6, 2.4)
            canv.line(start, y + 1, right - 22, y + 1)
            canv.setDash()
            self.book.toc_spots[key] = canv.absolutePosition(right, y)
            # The form draws in page coordinates; undo the frame's translation around it.
            origin_x, origin_y = canv.absolutePosition(0, 0)
            canv.saveState()
            canv.translate(-origin_x, -origin_y)
            canv.doForm(toc_form_name(key))
            canv.restoreState()
            canv.linkRect("", key, (0, y - 3, right, y + 10), relative=1, thickness=0)
            y -= self.leading


def banner_layout(marking: Marking | str) -> tuple[str, float]:
    """The marking's text and the font size that keeps it clear of the footer's page line.

    TLP labels are short and always print at the full size FIRST asks for; only a long
    custom marking is set smaller, down to 7 pt, and shortened if it still does not fit.
    """
    text = marking.value if isinstance(marking, Marking) else marking
    room = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT - FOOTER_TEXT_ROOM - 16
    size = BANNER_SIZE
    while size > 7 and _width(text, SANS_BOLD, size) > room:
        size -= 0.5
    return _fit(text, SANS_BOLD, size, room), size


def _glyphs(text: str, font: str, size: float) -> list[tuple[str, str, float]]:
    """(glyphs, font, width) left to right: fallback faces for glyphs ``font`` lacks, and
    right-to-left text shaped and ordered (page headers repeat the brief's title)."""
    pieces = drawable_pieces(text, font)
    if not has_rtl(text):
        return [(piece, used, stringWidth(piece, used, size)) for piece, used in pieces]
    return [(g.text, g.source, g.width)
            for g in visual_order((piece, used, used, size) for piece, used in pieces)]


def _width(text: str, font: str, size: float) -> float:
    return float(sum(width for _, _, width in _glyphs(text, font, size)))


def _draw(canv: Canvas, text: str, font: str, size: float, x: float, y: float) -> None:
    """Draw ``text`` from ``x`` (see :func:`_glyphs`); right-to-left text copies in
    reading order (see ``shaping.actual_text_operator``)."""
    mixed = has_rtl(text)
    if mixed:
        canv._code.append(actual_text_operator(text))
        mark = canv.beginText(x - 3, y)
        mark.setTextRenderMode(3)
        mark.setFont(SANS, 4)
        mark.textOut(READING_MARK)
        mark.setTextRenderMode(0)  # the render mode outlives the text object
        canv.drawText(mark)
    for glyphs, used, width in _glyphs(text, font, size):
        canv.setFont(used, size)
        canv.drawString(x, y, glyphs)
        x += width
    if mixed:
        canv._code.append("EMC")


def _banner(canv: Canvas, marking: Marking | str, right: float, y: float) -> None:
    """The handling marking, right-aligned; TLP labels in their colour on black (TLP 2.0)."""
    text, size = banner_layout(marking)
    if not text:
        return
    width = _width(text, SANS_BOLD, size)
    pad_x, pad_y = 5, 3.4
    canv.saveState()
    if isinstance(marking, Marking):
        canv.setFillColor(colors.black)
        canv.rect(right - width - 2 * pad_x, y - pad_y, width + 2 * pad_x,
                  size + 2 * pad_y - 2, stroke=0, fill=1)
        canv.setFillColor(colors.HexColor(marking.colour))
    else:
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.8)
        canv.rect(right - width - 2 * pad_x, y - pad_y, width + 2 * pad_x,
                  size + 2 * pad_y - 2, stroke=1, fill=0)
        canv.setFillColor(INK)
    _draw(canv, text, SANS_BOLD, size, right - pad_x - width, y)
    canv.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if _width(text, font, size) <= width:
        return text
    while text and _width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def decorate_page(canv: Canvas, page: int, decor: PageDecor) -> None:
    width, _ = PAGE_SIZE
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    marking, size = banner_layout(decor.marking)
    room = right - left - _width(marking, SANS_BOLD, size) - 24
    canv.saveState()
    _banner(canv, decor.marking, right, HEADER_Y)
    _banner(canv, decor.marking, right, FOOTER_Y)
    canv.setFont(SANS_BOLD, 7.6)
    canv.setFillColor(ACCENT)
    _draw(canv, _fit(decor.header_text, SANS_BOLD, 7.6, room), SANS_BOLD, 7.6, left, HEADER_Y + 1)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.6)
    canv.line(left, HEADER_Y - 8, right, HEADER_Y - 8)
    canv.line(left, FOOTER_Y + 15, right, FOOTER_Y + 15)
    canv.setFont(SANS, FOOTER_SIZE)
    canv.setFillColor(MUTED)
    canv.doForm(page_form_name(page))
    canv.restoreState()


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """One frame per page; decorations on every page; outline and contents bookkeeping."""

    def __init__(self, target: Any, *, book: PageBook, decor: PageDecor,
                 on_flowable: Callable[[int], None] | None = None, **kwargs: Any) -> None:
        super().__init__(target, pagesize=PAGE_SIZE, leftMargin=MARGIN_LEFT,
                         rightMargin=MARGIN_RIGHT, topMargin=MARGIN_TOP,
                         bottomMargin=MARGIN_BOTTOM, **kwargs)
        self.book = book
        self.decor = decor
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._on_page)])
        if on_flowable is not None:
            self.setProgressCallBack(
                lambda kind, value: on_flowable(int(value)) if kind == "PROGRESS" else None)

    def _on_page(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self.book.pages = max(self.book.pages, self.page)
        decorate_page(canv, self.page, self.decor)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionMark) and flowable.in_contents:
            self.book.toc_pages.setdefault(flowable.key, self.page)
