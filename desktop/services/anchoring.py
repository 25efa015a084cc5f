"""Text anchors: code-point spans with quote and context, and re-attachment to a changed text.

Re-attachment follows what Hypothesis does for web annotations (map the old
position as a hint, find the quote, score candidates by prefix and suffix),
but with one rule Hypothesis does not have: a placement is accepted only when
the quote is there and the context agrees with confidence. Anything less is
reported as orphaned, because an annotation on the wrong words looks exactly
like one on the right words, and nobody re-reads a thousand highlights.

The steps, for one anchor:

1. If the anchor's own text version is known (``OffsetMap``), its start is
   carried through a diff-match-patch diff of old → new. A quote that lies
   inside one unchanged stretch of that diff is the same text at the mapped
   place; it is accepted when its context agrees at least partly (an edit next
   to a quote changes its context, not its place).
2. Otherwise every occurrence of the exact quote is scored by how well the text
   around it matches the stored prefix and suffix. The best is accepted only if
   it agrees well on its own and clearly beats the runner-up (a repeated
   word such as "the" must not land on the nearest other "the").
3. Last, the quote is looked for once more allowing typography only to differ
   (case, runs of whitespace, straight/curly quotes, dash kinds), with the same
   context rules; a quote whose words changed is never "found".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Levenshtein

from desktop.core.errors import InvalidInputError

CONTEXT_CHARS = 32

# Context agreement (0..1, 1 = identical) needed to accept a placement.
MAPPED_MIN_CONTEXT = 0.5  # the diff says the quote is unchanged here
SEARCH_MIN_CONTEXT = 0.75  # found by searching: must agree well (one side wholly, when
# the anchor's own text is not known)...
SEARCH_MIN_SIDE = 0.35  # ...on both sides that have context...
SEARCH_MIN_MARGIN = 6  # ...and clearly beat the next-best place (characters of context)
# When the anchor's own text is unknown nothing says which stretches changed, so more:
BLIND_MIN_SIDE = 0.5  # the weaker side agrees this well (the other wholly)...
BLIND_MIN_MARGIN = 10  # ...and the next-best place is this much worse
# Characters of stored context (prefix + suffix) below which a searched quote
# has too little around it to tell its occurrences apart.
MIN_CONTEXT_EVIDENCE = 12
# How far the far end of a context window may float (characters inserted or removed there).
SLACK = 8
# Occurrences kept for scoring must agree on this many characters next to the quote.
_NEAR = 3
# diff-match-patch gives up refining a diff after this many seconds (then it is coarser,
# which only makes fewer quotes take the fast path).
DIFF_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class AnchorSpec:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class How(StrEnum):
    """How a placement was found (for reports and tests)."""

    UNCHANGED = "unchanged"  # same offsets, same quote, same context
    MAPPED = "mapped"  # carried through the diff of its own text version
    SEARCHED = "searched"  # the exact quote, chosen by its context
    NORMALISED = "normalised"  # the quote up to case, spaces, quote marks and dashes
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Placement:
    spec: AnchorSpec | None  # None: orphaned
    how: How
    reason: str = ""  # why it is orphaned


def make_anchor(text: str, start: int, end: int) -> AnchorSpec:
    """Anchor ``text[start:end]`` (code points), with ~32 characters of context each side."""
    if not (0 <= start < end <= len(text)):
        raise InvalidInputError(
            f"The selection {start}–{end} is outside the source text (length {len(text)})."
        )
    return AnchorSpec(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
    )


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a selection so it does not start or end with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class OffsetMap:
    """Carries code-point positions of one text into another through a diff-match-patch diff."""

    def __init__(self, old: str, new: str) -> None:
        dmp = diff_match_patch()
        dmp.Diff_Timeout = DIFF_TIMEOUT_S
        # Line mode first: whole paragraphs that did not change cost nothing.
        diffs = dmp.diff_main(old, new, True)
        self._old_starts: list[int] = []
        self._new_starts: list[int] = []
        self._lengths: list[int] = []
        old_pos = new_pos = 0
        for op, chunk in diffs:
            if op == dmp.DIFF_EQUAL:
                self._old_starts.append(old_pos)
                self._new_starts.append(new_pos)
                self._lengths.append(len(chunk))
            if op != dmp.DIFF_INSERT:
                old_pos += len(chunk)
            if op != dmp.DIFF_DELETE:
                new_pos += len(chunk)
        self.identical = old == new

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Where ``old[start:end]`` is in the new text if the diff kept it whole, else None.

        Also says how many characters around it (up to CONTEXT_CHARS each side)
        the diff kept unchanged with it: a short stretch that diff-match-patch
        found equal inside rewritten text ("the ") proves nothing by itself.
        """
        i = bisect.bisect_right(self._old_starts, start) - 1
        if i < 0:
            return None
        seg_start, seg_end = self._old_starts[i], self._old_starts[i] + self._lengths[i]
        if end > seg_end:
            return None
        kept = min(start - seg_start, CONTEXT_CHARS) + min(seg_end - end, CONTEXT_CHARS)
        return self._new_starts[i] + start - seg_start, kept

    def kept_elsewhere(self, start: int, end: int) -> bool:
        """Whether new-text ``[start, end)`` is old text the diff kept, with context around it.

        Such a span is another occurrence that was already in the old text, so
        it cannot be where a quote from a changed stretch went.
        """
        i = bisect.bisect_right(self._new_starts, start) - 1
        if i < 0:
            return False
        seg_start, seg_end = self._new_starts[i], self._new_starts[i] + self._lengths[i]
        if end > seg_end:
            return False
        kept = min(start - seg_start, CONTEXT_CHARS) + min(seg_end - end, CONTEXT_CHARS)
        return kept >= MIN_CONTEXT_EVIDENCE

    def position(self, pos: int) -> int:
        """The nearest new-text position for old position ``pos`` (a hint, never a placement)."""
        i = bisect.bisect_right(self._old_starts, pos) - 1
        if i < 0:
            return self._new_starts[0] if self._new_starts else pos
        return self._new_starts[i] + min(pos - self._old_starts[i], self._lengths[i])


@dataclass(frozen=True)
class _Scored:
    start: int
    end: int
    context: float  # 0..1: share of the stored context found unchanged around the quote
    prefix: float
    suffix: float
    distance: int  # characters of the stored context that differ (edit distance)


def _distance(stored: str, found: str) -> int:
    return 0 if stored == found else int(Levenshtein.distance(stored, found))


def _side_distance(stored: str, text: str, at: int, before: bool, slack: int) -> int:
    """Edits between ``stored`` context and the text next to the quote at ``at``.

    The end touching the quote is fixed; the far end may float by ``slack``
    characters, so a word inserted or removed in the context costs its own
    length once, not again for every character it pushed along.
    """
    n = len(stored)
    best = n
    for k in range(-min(slack, n), slack + 1):
        window = text[max(0, at - n - k):at] if before else text[at:at + n + k]
        best = min(best, _distance(stored, window))
        if best == 0:
            break
    return best


def _score(anchor: AnchorSpec, text: str, start: int, end: int, slack: int = 0) -> _Scored:
    """How well the text around ``text[start:end]`` matches the anchor's stored context.

    Each side is compared with the same number of characters as was stored
    (give or take ``slack``) and weighed by that length; a side with nothing
    stored (the quote was at the start or end of its text) gives no evidence.
    """
    p_len, s_len = len(anchor.prefix), len(anchor.suffix)
    p_dist = _side_distance(anchor.prefix, text, start, True, slack) if p_len else 0
    s_dist = _side_distance(anchor.suffix, text, end, False, slack) if s_len else 0
    total = p_len + s_len
    context = 1.0 - (p_dist + s_dist) / total if total else 0.0
    return _Scored(start, end, context, 1.0 - p_dist / p_len if p_len else 1.0,
                   1.0 - s_dist / s_len if s_len else 1.0, p_dist + s_dist)


def _refined(anchor: AnchorSpec, text: str, quick: list[_Scored]) -> list[_Scored]:
    """Re-score, with floating windows, every candidate that could end up best or runner-up.

    Floating can lower a distance by at most SLACK per side, so a candidate whose
    fixed-window distance is more than that above the best refined one plus the
    margin cannot matter and is left out.
    """
    ranked = sorted(quick, key=lambda c: c.distance)
    refined: list[_Scored] = []
    bound: int | None = None
    for cand in ranked:
        if bound is not None and cand.distance - 2 * SLACK > bound:
            break
        better = _score(anchor, text, cand.start, cand.end, SLACK) if cand.distance else cand
        refined.append(better)
        top = min(c.distance for c in refined)
        bound = top + max(SEARCH_MIN_MARGIN, BLIND_MIN_MARGIN)
    return refined


def _occurrences(text: str, exact: str) -> Iterator[int]:
    pos = text.find(exact)
    while pos != -1:
        yield pos
        pos = text.find(exact, pos + 1)


def _near_agrees(anchor: AnchorSpec, text: str, start: int, end: int) -> bool:
    """Cheap first filter: the few characters touching the quote match on at least one side."""
    before = anchor.prefix[-_NEAR:]
    after = anchor.suffix[:_NEAR]
    return bool(
        (before and text[max(0, start - len(before)):start] == before)
        or (after and text[end:end + len(after)] == after)
    )


def _choose(anchor: AnchorSpec, text: str, candidates: list[_Scored], hint: int, *,
            strict: bool) -> tuple[_Scored | None, str]:
    """The one candidate that agrees confidently and beats every other, or why there is none.

    ``strict`` when the anchor's own text is not known: nothing then says which
    stretches changed, so one side of the context must be found unchanged (an
    edit next to a quote changes one side; a look-alike elsewhere rarely has
    either side right).
    """
    if len(anchor.prefix) + len(anchor.suffix) < MIN_CONTEXT_EVIDENCE:
        return None, "too little context around the quote to tell where it belongs"
    ranked = sorted(_refined(anchor, text, candidates),
                    key=lambda c: (c.distance, abs(c.start - hint)))
    best = ranked[0]
    sides = [s for s, n in ((best.prefix, anchor.prefix), (best.suffix, anchor.suffix)) if n]
    if (min(sides) < (BLIND_MIN_SIDE if strict else SEARCH_MIN_SIDE)
            or (strict and max(sides) < 1.0)
            or (not strict and best.context < SEARCH_MIN_CONTEXT)):
        return None, "the text around the quote has changed too much to be sure"
    margin = BLIND_MIN_MARGIN if strict else SEARCH_MIN_MARGIN
    if len(ranked) > 1 and ranked[1].distance - best.distance < margin:
        return None, "the quote fits more than one place about equally well"
    return best, ""


def _typography_pattern(exact: str) -> re.Pattern[str]:
    """A pattern matching ``exact`` up to case, whitespace runs, quote marks and dashes."""
    parts: list[str] = []
    for token in re.findall(r"\s+|.", exact, flags=re.S):
        if token.isspace():
            parts.append(r"\s+")
        elif token in _QUOTES:
            parts.append(_QUOTE_CLASS)
        elif token in _DASHES:
            parts.append(_DASH_CLASS)
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts), re.IGNORECASE)


_QUOTES = "'\"‘’‚‛“”„‟′″`´"
_DASHES = "-‐‑‒–—―−"
_QUOTE_CLASS = "[" + re.escape(_QUOTES) + "]"
_DASH_CLASS = "[" + re.escape(_DASHES) + "]"


def place(anchor: AnchorSpec, new_text: str, mapping: OffsetMap | None = None) -> Placement:
    """Where ``anchor`` belongs in ``new_text``, or why it cannot be placed with confidence.

    ``mapping`` carries positions from the text the anchor's offsets count in
    (its own version) to ``new_text``; pass it whenever that text is known,
    and only when ``anchor`` really is on it (the caller checks the quote).
    """
    exact = anchor.exact
    if not exact:
        return Placement(None, How.ORPHANED, "the annotation has no quote")
    length = len(exact)
    hint = anchor.start
    if mapping is not None:
        found = mapping.span(anchor.start, anchor.end)
        if found is not None and (found[1] >= MIN_CONTEXT_EVIDENCE or found[1] == len(
                anchor.prefix) + len(anchor.suffix)):
            mapped = found[0]
            scored = _score(anchor, new_text, mapped, mapped + length, SLACK)
            if scored.context >= MAPPED_MIN_CONTEXT or not (anchor.prefix or anchor.suffix):
                how = How.UNCHANGED if (mapped == anchor.start and scored.context == 1.0) \
                    else How.MAPPED
                return Placement(make_anchor(new_text, mapped, mapped + length), how)
        hint = mapping.position(anchor.start)
    elif new_text[anchor.start:anchor.end] == exact:
        # Same quote at the same offsets is not enough: after a shift it can be
        # another occurrence of a repeated word. Only an identical context is.
        here = _score(anchor, new_text, anchor.start, anchor.end)
        if here.context == 1.0 and (anchor.prefix or anchor.suffix):
            return Placement(make_anchor(new_text, anchor.start, anchor.end), How.UNCHANGED)

    candidates = [
        _score(anchor, new_text, pos, pos + length)
        for pos in _occurrences(new_text, exact)
        if _near_agrees(anchor, new_text, pos, pos + length)
        and not (mapping is not None and mapping.kept_elsewhere(pos, pos + length))
    ]
    if candidates:
        best, reason = _choose(anchor, new_text, candidates, hint, strict=mapping is None)
        if best is not None:
            return Placement(make_anchor(new_text, best.start, best.end), How.SEARCHED)
        return Placement(None, How.ORPHANED, reason)

    pattern = _typography_pattern(exact)
    loose = [
        _score(anchor, new_text, m.start(), m.end())
        for m in pattern.finditer(new_text)
        if m.end() > m.start() and _near_agrees(anchor, new_text, m.start(), m.end())
        and not (mapping is not None and mapping.kept_elsewhere(m.start(), m.end()))
    ]
    if loose:
        best, reason = _choose(anchor, new_text, loose, hint, strict=mapping is None)
        if best is not None:
            return Placement(make_anchor(new_text, best.start, best.end), How.NORMALISED)
        return Placement(None, How.ORPHANED, reason)
    return Placement(None, How.ORPHANED, "the quoted text is no longer in the source")


def reattach(anchor: AnchorSpec, new_text: str, old_text: str | None = None) -> AnchorSpec | None:
    """Find ``anchor`` in ``new_text`` by quote and context; None when it cannot be placed.

    ``old_text`` is the text the anchor was made on, if known: its diff to
    ``new_text`` gives each quote's expected place.
    """
    mapping = None
    if old_text is not None and old_text[anchor.start:anchor.end] == anchor.exact:
        mapping = OffsetMap(old_text, new_text)
    return place(anchor, new_text, mapping).spec
