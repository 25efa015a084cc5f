"""Right-to-left text: bidi order (python-bidi), shaping (HarfBuzz through ReportLab),
and the text a PDF reader copies.

Lines are broken in logical order; each finished line that holds Hebrew or Arabic is
put in visual order with the Unicode bidi algorithm (paragraph direction left to
right: the brief is written in English and quotes other scripts), and its Arabic and
Hebrew pieces are shaped by HarfBuzz, which joins letters and places marks.

A PDF holds glyphs in drawing order; readers rebuild the reading order by guessing.
So each such line carries an ``/ActualText`` span that makes PDFium (Chrome, the
app's own reader, pypdfium2) return the logical text: PDFium reverses every
right-to-left run of the line, and the span holds the line pre-arranged so that its
reversal is the line as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bidi.algorithm import (
    MIRRORED,
    explicit_embed_and_overrides,
    get_embedding_levels,
    get_empty_storage,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

from desktop.brief.fonts import SHAPED

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                  "\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def levels(text: str) -> list[int]:
    """Resolved bidi embedding level of each character, paragraph direction left to right."""
    storage: dict[str, Any] = get_empty_storage()
    storage["base_level"] = 0
    storage["base_dir"] = "L"
    get_embedding_levels(text, storage)
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    found = [int(ch["level"]) for ch in storage["chars"]]
    if len(found) != len(text):  # astral characters count once there too, but be safe
        return [1 if has_rtl(ch) else 0 for ch in text]
    return found


@dataclass(frozen=True)
class Glyphs:
    """A piece of a line ready to draw: text (or HarfBuzz output) and its width in points."""

    text: str
    width: float
    source: Any  # the run it came from
    logical: str = ""  # the characters it draws, in reading order


def shaped(text: str, font: str, size: float) -> tuple[str, float]:
    """HarfBuzz's glyph string for ``text`` in ``font`` (visual order for RTL) and its width."""
    result = shapeStr(text, font, size)
    if isinstance(result, ShapedStr):
        data = result.__shapeData__
        return result, sum(d.x_advance for d in data) * size / 1000.0
    return str(result), pdfmetrics.stringWidth(str(result), font, size)


def mirrored(text: str) -> str:
    return "".join(MIRRORED.get(ch, ch) for ch in reversed(text))


def visual_order(pieces: Iterable[tuple[str, Any, str, float]]) -> list[Glyphs]:
    """Logical (text, run, font, size) pieces of one line as glyph pieces, left to right."""
    items = list(pieces)
    text = "".join(t for t, _, _, _ in items)
    lv = levels(text)
    split: list[tuple[str, Any, str, float, int]] = []
    at = 0
    for piece, run, font, size in items:
        start = 0
        for i in range(1, len(piece) + 1):
            if i == len(piece) or lv[at + i] != lv[at + start]:
                split.append((piece[start:i], run, font, size, lv[at + start]))
                start = i
        at += len(piece)
    # Rule L2: from the highest level down to the lowest odd one, reverse every run of
    # pieces at that level or higher.
    top = max((p[4] for p in split), default=0)
    for level in range(top, 0, -1):
        index = 0
        while index < len(split):
            if split[index][4] >= level:
                end = index
                while end < len(split) and split[end][4] >= level:
                    end += 1
                split[index:end] = split[index:end][::-1]
                index = end
            else:
                index += 1
    out = []
    for piece, run, font, size, level in split:
        if font in SHAPED:
            glyphs, width = shaped(piece, font, size)  # HarfBuzz orders RTL scripts itself
            if level % 2 and not has_rtl(piece):
                glyphs, width = shaped(mirrored(piece), font, size)
        else:
            glyphs = mirrored(piece) if level % 2 else piece
            width = pdfmetrics.stringWidth(glyphs, font, size)
        out.append(Glyphs(glyphs, width, run, piece))
    return out


def _direction(ch: str) -> str:
    kind = unicodedata.bidirectional(ch)
    if kind == "L":
        return "L"
    if kind in ("R", "AL"):
        return "R"
    if kind in ("EN", "AN", "CS", "ES", "ET"):
        return "W"
    return "N"


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in text:
        kind = _direction(ch)
        if runs and runs[-1][1] == kind:
            runs[-1] = (runs[-1][0] + ch, kind)
        else:
            runs.append((ch, kind))
    return runs


def _right_to_left(runs: list[tuple[str, str]]) -> bool:
    return sum(k == "R" for _, k in runs) > sum(k == "L" for _, k in runs)


def reads_right_to_left(text: str) -> bool:
    """Whether PDFium takes a text object holding ``text`` for right-to-left text."""
    return _right_to_left(_runs(text))


def reader_text(line: str) -> str:
    """What to put in ``/ActualText`` so PDFium's reading-order pass yields ``line``.

    PDFium cuts a line into runs of left-to-right letters, right-to-left letters,
    numbers and separators, and other neutral characters. When right-to-left runs
    outnumber left-to-right ones it takes the runs last to first, and it mirrors the
    brackets of a neutral run met while the direction is right-to-left; the characters
    of an ``/ActualText`` span keep their order within a run. The pre-image mirrors
    those runs of ``line`` and reverses the run order (checked against pypdfium2 in
    tests/brief/test_brief_scripts.py).
    """
    line = re.sub(" {2,}", " ", line)
    runs = _runs(line)
    right = _right_to_left(runs)
    current = "R" if right else "L"
    out = []
    for text, kind in runs:
        if kind in ("L", "R"):
            current = kind
        elif kind == "N" and current == "R":
            text = "".join(MIRRORED.get(ch, ch) for ch in text)
        out.append(text)
    if right:
        out.reverse()
    return "".join(out)


def actual_text_operator(line: str) -> str:
    """The marked-content operator opening a span whose copied text is ``line``.

    The line's leftmost text object must read left to right (the caller draws an
    invisible mark there): PDFium reverses a whole span that starts with right-to-left
    text. The tag is not ``/Span``: Poppler (pdftotext) honours ``/ActualText`` only
    there, and reads the visually ordered glyphs correctly by itself.
    """
    text = reader_text(line)
    hexed = text.encode("utf-16-be").hex().upper()
    return f"/ReadingOrder <</ActualText <FEFF{hexed}>>> BDC"
