"""Where a reader selection should begin and end, and whose sentence it is (Qt-free).

A drag rarely starts and stops exactly on a word's edges; an entity named
"nt Volodymyr Zelensky" is worse than no entity. Selections snap outwards to whole
words (Alt-drag keeps the exact characters), and the claim dialog proposes as
claimant the entity whose mention opens the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable

# Characters that join two letters into one word ("Zelenskyy's", "F-16", "U.S").
_JOINERS = "'’-‐_."
_SENTENCE_END = ".!?…"
_OPENERS = "\"'“”‘’«»„‚‹›([ \t"


def _wordish(text: str, index: int) -> bool:
    if not 0 <= index < len(text):
        return False
    char = text[index]
    if char.isalnum():
        return True
    return (char in _JOINERS and 0 < index < len(text) - 1
            and text[index - 1].isalnum() and text[index + 1].isalnum())


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``start..end`` (code points) to whole words at both ends; trim spaces."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if start > end:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    if _wordish(text, start):
        while _wordish(text, start - 1):
            start -= 1
    if _wordish(text, end - 1):
        while _wordish(text, end):
            end += 1
    return start, end


def sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` begins (after quotes and brackets)."""
    index = max(0, min(position, len(text)))
    while index > 0:
        before = text[index - 1]
        if before in "\n\u2029":
            break
        if before.isspace() and index >= 2 and text[index - 2] in _SENTENCE_END + "\"”’»)":
            # "... arsenal.” He said" — the end mark may sit inside a closing quote.
            mark = index - 2
            while mark > 0 and text[mark] in "\"”’»)":
                mark -= 1
            if text[mark] in _SENTENCE_END:
                break
        index -= 1
    while index < len(text) and text[index] in _OPENERS:
        index += 1
    return index


def opening_entity(text: str, position: int, mentions: Iterable[tuple[int, int, str]],
                   names: Iterable[tuple[str, str]] = ()) -> str:
    """The entity uid that opens the sentence at ``position``: a marked mention (start,
    end, uid) starting there, else a known name or alias (name, uid) written there."""
    begin = sentence_start(text, position)
    found = [(end, uid) for start, end, uid in mentions if start == begin and uid]
    if found:
        return max(found)[1]
    head = text[begin:begin + 200].casefold()
    written = [(len(name), uid) for name, uid in names
               if name and uid and head.startswith(name.casefold())
               and not _wordish(text, begin + len(name))]
    return max(written)[1] if written else ""


def strip_enclosing_quotes(text: str) -> str:
    """A statement without the quote marks a selection caught at its edges.

    Only double quotes and guillemets: a trailing apostrophe may be a possessive.
    """
    opening, closing = "\"“«„", "\"”»"
    text = text.strip()
    if len(text) >= 2 and text[0] in opening and text[-1] in closing \
            and not any(c in opening + closing for c in text[1:-1]):
        return text[1:-1].strip()
    if text and text[0] in opening and not any(c in closing for c in text[1:]):
        text = text[1:].lstrip()
    if text and text[-1] in closing and not any(c in opening for c in text[:-1]):
        text = text[:-1].rstrip()
    return text
