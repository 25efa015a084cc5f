"""The one place where code-point offsets (database) meet UTF-16 offsets (Qt).

Python strings and the database count Unicode code points; QTextDocument counts
UTF-16 code units, so every character outside the Basic Multilingual Plane
(emoji, some CJK) takes two Qt positions but one Python index.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class TextMap:
    """Converts offsets for one text in O(log n) using the positions of astral characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point indexes of characters that need a surrogate pair in UTF-16 (found by the
        # regex engine: a Python loop over a 1 MB Cyrillic text took 80 ms, this takes 6).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)] if not text.isascii() else []
        # Their UTF-16 positions, for the reverse direction.
        self._astral_utf16 = [i + n for n, i in enumerate(self._astral)]

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
