"""Implication candidates: hedged or forward-looking sentences for the analyst to word.

Modal and probability words ("could", "may", "likely") suggest a judgement;
plans and expectations ("plans to", "is expected to", "will") suggest an indicator,
something to watch for. The sentence is only a starting point: the analyst writes
the implication in their own words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from db.models.vocab import ImplicationKind
from desktop.assist.lexicon import INDICATOR_CUES, JUDGEMENT_CUES
from desktop.assist.text import Sentence

_MIN_WORDS = 6


def _cue_pattern(cues: Sequence[str]) -> re.Pattern[str]:
    # Lower case only (so "May 2025" is not a hedge), or capitalised at the start.
    alternatives = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


_JUDGEMENT = _cue_pattern(JUDGEMENT_CUES)
_INDICATOR = _cue_pattern(INDICATOR_CUES)
_CONDITIONAL = re.compile(r"^(?:If|Unless|Should)\b")


@dataclass(frozen=True)
class ImplicationProposal:
    start: int
    end: int
    text: str
    kind: ImplicationKind
    cue: str


# "could not verify", "would not comment": what did not happen, not a hedge.
_NEGATED = re.compile(r"\s+not\b|n[’']t\b")


def _first_cue(pattern: re.Pattern[str], sentence: str) -> str | None:
    for match in pattern.finditer(sentence):
        if match.group() in ("could", "would") and _NEGATED.match(sentence, match.end()):
            continue
        return match.group()
    head = sentence[:1].lower() + sentence[1:]
    start = pattern.match(head)
    return start.group() if start else None


def find_implications(sentences: Sequence[Sentence]) -> list[ImplicationProposal]:
    found: list[ImplicationProposal] = []
    for sentence in sentences:
        if sentence.heading or len(sentence.text.split()) < _MIN_WORDS:
            continue
        cue = _first_cue(_JUDGEMENT, sentence.text)
        kind = ImplicationKind.JUDGEMENT
        if cue is None:
            conditional = _CONDITIONAL.match(sentence.text)
            cue = conditional.group().lower() if conditional else None
        if cue is None:
            cue = _first_cue(_INDICATOR, sentence.text)
            kind = ImplicationKind.INDICATOR
        if cue is not None:
            found.append(ImplicationProposal(sentence.start, sentence.end, sentence.text, kind,
                                             cue))
    return found


def cue_of(text: str) -> str | None:
    """The hedge or plan word that makes ``text`` an implication candidate, if any."""
    return (_first_cue(_JUDGEMENT, text) or _first_cue(_INDICATOR, text)
            or (m.group().lower() if (m := _CONDITIONAL.match(text)) else None))
