"""Text anchors: code-point spans with quote and context, and re-attachment after edits."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.errors import InvalidInputError

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class AnchorSpec:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


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


def _common_suffix_len(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def reattach(anchor: AnchorSpec, new_text: str) -> AnchorSpec | None:
    """Find ``anchor`` in ``new_text`` by quote and context; None when it cannot be placed.

    Candidates are the occurrences of the exact quote; the one whose surrounding
    text best matches the stored prefix and suffix wins, ties going to the one
    nearest the old position.
    """
    exact = anchor.exact
    if not exact:
        return None
    if new_text[anchor.start:anchor.end] == exact:
        same = make_anchor(new_text, anchor.start, anchor.end)
        if same.prefix == anchor.prefix and same.suffix == anchor.suffix:
            return same
    best: tuple[int, int, int] | None = None  # (score, -distance, position)
    pos = new_text.find(exact)
    while pos != -1:
        before = new_text[max(0, pos - CONTEXT_CHARS):pos]
        after = new_text[pos + len(exact):pos + len(exact) + CONTEXT_CHARS]
        score = _common_suffix_len(before, anchor.prefix) + _common_prefix_len(after, anchor.suffix)
        key = (score, -abs(pos - anchor.start), pos)
        if best is None or key > best:
            best = key
        pos = new_text.find(exact, pos + 1)
    if best is None:
        return None
    start = best[2]
    return make_anchor(new_text, start, start + len(exact))
