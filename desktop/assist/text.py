"""Sentences, headings and words with code-point spans, shared by every assist rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations whose full stop does not end a sentence even before a capital
# ("U.S. President Donald Trump", "Dr. Varga").
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "st", "sen",
    "rep", "gov", "pres", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx",
    "fig", "p", "pp", "vol", "ed",
})
_DOTTED_INITIALS = re.compile(r"(?:\b\w\.){2,}$")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    heading: bool = False  # a line without closing punctuation, e.g. a section title
    title_case: bool = False  # a heading whose every content word is capitalised

    def words(self) -> list[str]:
        return _WORD.findall(self.text)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word; internal dots, hyphens and apostrophes stay inside."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


_MINOR_WORDS = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at",
                          "to", "for", "by", "with", "from", "into", "over", "as", "vs"})


def is_title_case(line: str) -> bool:
    """"Pentagon’s Drone Defense Concerns" yes; "Explosion damages Kessel pipeline" no.

    In title case a capital says nothing about names, so entity rules ignore such lines.
    """
    if line.startswith(("By ", "BY ")):
        return False  # a byline: names, not title case
    found = [w for w in _WORD.findall(line) if w[:1].isalpha()]
    return bool(found) and all(w[:1].isupper() or w.casefold() in _MINOR_WORDS for w in found)


def _looks_like_heading(line: str) -> bool:
    stripped = line.rstrip()
    if not stripped or stripped[-1] in _TERMINAL or stripped[-1] in ":;,":
        return False
    return len(stripped.split()) <= 12


def _ends_with_abbreviation(chunk: str) -> bool:
    tail = chunk.rstrip(_CLOSERS)
    if _DOTTED_INITIALS.search(tail):
        return True
    match = re.search(r"(\w+)\.$", tail)
    return bool(match and match.group(1).casefold() in _ABBREVIATIONS)


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans within one line: split after . ! ? (and closing quotes) before a capital."""
    spans: list[tuple[int, int]] = []
    begin = start
    i = start
    while i < end:
        ch = text[i]
        if ch in _TERMINAL:
            j = i + 1
            while j < end and (text[j] in _TERMINAL or text[j] in _CLOSERS):
                j += 1
            k = j
            while k < end and text[k].isspace():
                k += 1
            at_break = k > j and (k >= end or text[k].isupper() or text[k].isdigit()
                                  or text[k] in "\"“«‘'(")
            if k >= end:
                at_break = True
            if at_break and not (ch == "." and _ends_with_abbreviation(text[begin:i + 1])):
                spans.append((begin, j))
                begin = k
                i = k
                continue
            i = j
            continue
        i += 1
    if begin < end:
        spans.append((begin, end))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` (lines are paragraphs), trimmed of surrounding space."""
    found: list[Sentence] = []
    offset = 0
    for line in text.split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        heading = _looks_like_heading(line)
        spans = [(line_start, line_end)] if heading else _split_line(text, line_start, line_end)
        for s, e in spans:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                found.append(Sentence(s, e, text[s:e], heading,
                                      heading and is_title_case(text[s:e])))
    return found
