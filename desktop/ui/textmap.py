"""The one place where code-point offsets (database) meet UTF-16 offsets (Qt).

Python strings and the database count Unicode code points; QTextDocument counts
UTF-16 code units, so every character outside the Basic Multilingual Plane
(emoji, some CJK) takes two Qt positions but one Python index.

The reader also shows a paragraph that ends in a single line break apart from the
next one (the plain-text reader cannot add paragraph spacing): such a ``\n`` is
shown as two. It is the same kind of thing as an astral character — one stored
character, two positions on screen — so it is mapped the same way, here, and the
stored text and every offset stay exactly as they are.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class TextMap:
    """Converts offsets for one text in O(log n) using the positions of astral characters."""

    def __init__(self, text: str, paragraphs: bool = False) -> None:
        self.text = text
        # Code-point indexes of characters that need a surrogate pair in UTF-16 (found by the
        # regex engine: a Python loop over a 1 MB Cyrillic text took 80 ms, this takes 6).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # Line breaks shown doubled (see the module docstring).
        self.doubled = paragraph_breaks(text) if paragraphs else []
        if self.doubled:
            self._astral = sorted(self._astral + self.doubled)
        # Their UTF-16 positions, for the reverse direction.
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

    def display_text(self) -> str:
        """The text as the reader shows it (doubled paragraph breaks)."""
        if not self.doubled:
            return self.text
        parts, last = [], 0
        for index in self.doubled:
            parts.append(self.text[last:index + 1])
            parts.append("\n")
            last = index + 1
        parts.append(self.text[last:])
        return "".join(parts)

    @property
    def utf16_length(self) -> int:
        return len(self.text) + len(self._astral)

    def to_qt(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        return cp + bisect_left(self._astral, cp)

    def to_cp(self, qt: int) -> int:
        """Code-point offset of UTF-16 offset ``qt`` (a position inside a pair maps to its start)."""
        n = bisect_left(self._astral_utf16, qt)
        if n and self._astral_utf16[n - 1] + 1 == qt:
            return self._astral[n - 1]
        return qt - n

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_cp(self, start: int, end: int) -> tuple[int, int]:
        return self.to_cp(start), self.to_cp(end)

    def astral_before(self, cp: int) -> int:
        return bisect_right(self._astral, cp - 1)


# A line that ends a paragraph: it ends a sentence, or it is short (a heading, a dateline).
_ENDS_SENTENCE = re.compile(r"[.!?:;…\"”’»)\]]\s*$")
_SINGLE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\n])")
_SHORT_LINE = 60


def paragraph_breaks(text: str) -> list[int]:
    """Indexes of the single line breaks that end a paragraph (not a hard wrap)."""
    found = []
    for match in _SINGLE_BREAK.finditer(text):
        index = match.start()
        line_start = text.rfind("\n", 0, index) + 1
        line = text[line_start:index]
        if not line.strip():
            continue
        if _ENDS_SENTENCE.search(line) or len(line.strip()) < _SHORT_LINE:
            found.append(index)
    return found
