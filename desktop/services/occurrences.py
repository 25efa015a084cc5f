"""Every place a search matches in a source's text, not one line per source.

Full-text search finds which rows match; an analyst looking for a name wants each
place it is written. The words are matched as the index matches them: whole-word
prefixes, case- and accent-insensitively (``Zelensk`` finds ``Zelenskyy's``);
a phrase of several words is found as written when it occurs, else each word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_PER_SOURCE = 500
_SPACE = re.compile(r"\s+")
CONTEXT = 60


@dataclass(frozen=True)
class Occurrence:
    start: int  # code points into the source text
    end: int
    snippet: str  # the line around it, the match in [brackets]


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (offsets stay valid)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if not char.isascii() else char
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def occurrences(text: str, query: str, limit: int = MAX_PER_SOURCE) -> list[Occurrence]:
    words = re.findall(r"\w+", query, flags=re.UNICODE)
    if not words or not text:
        return []
    folded = _fold(text)
    phrase = r"\b" + r"\W+".join(re.escape(_fold(w)) for w in words) + r"\w*"
    found = list(re.finditer(phrase, folded))
    if not found and len(words) > 1:
        either = r"\b(?:" + "|".join(re.escape(_fold(w)) for w in words) + r")\w*"
        found = list(re.finditer(either, folded))
    result = []
    for match in found[:limit]:
        start, end = match.span()
        left = max(0, start - CONTEXT)
        right = min(len(text), end + CONTEXT)
        before = _SPACE.sub(" ", text[left:start]).lstrip()
        after = _SPACE.sub(" ", text[end:right]).rstrip()
        lead = "…" if left > 0 else ""
        tail = "…" if right < len(text) else ""
        result.append(Occurrence(start, end, f"{lead}{before}[{text[start:end]}]{after}{tail}"))
    return result
