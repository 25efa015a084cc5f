"""Claim candidates: sentences where someone is reported as saying something.

"X said/announced/warned…", "…, X said", "according to X", "officials say", and
participles after a comma ("…, suggesting that…") attach the claim to the speaker:
an entity hit when there is one, otherwise only the attribution phrase is kept
(claimant left blank for the analyst). Sentences that state a quantity without
anyone to attribute it to become claims made by the source itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from db.models.vocab import EntityType
from desktop.assist.hits import EntityHit
from desktop.assist.lexicon import ANONYMOUS_SPEAKERS, SPEECH_VERBS
from desktop.assist.quantities import find_quantities
from desktop.assist.text import Sentence

_SPEAKER_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GPE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# What may stand between a subject and its verb: "Zelenskyy has also said".
_AUXILIARY_GAP = re.compile(
    r"^(?:[’']s)?\s*(?:(?:has|have|had|also|then|later|publicly|repeatedly|reportedly|"
    r"previously|again|recently|is|was|were|are|been|not|never|once|had|would|will|"
    r"separately|earlier|himself|herself|itself|themselves)\s+)*$")
_INVERTED_VERBS = frozenset({"said", "says", "added", "wrote", "warned", "noted", "explained",
                             "claimed", "stated", "insisted", "argued", "told", "announced"})
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+")
# Between an owner and the anonymous speaker: "U.S. officials", "Norland's foreign ministry".
_OWNER_GAP = re.compile(r"(?:[’']s)?(?:\s+[^\W\d_]+){0,2}\s+", re.UNICODE)


@dataclass(frozen=True)
class ClaimProposal:
    start: int  # the anchor: the whole sentence
    end: int
    statement: str
    claimant: EntityHit | None
    attribution: str
    cue: str  # the reporting verb, "according to", or "quantity"
    quantities: tuple[str, ...] = ()


def _hits_in(hits: Sequence[EntityHit], sentence: Sentence) -> list[EntityHit]:
    return [h for h in hits if sentence.start <= h.start and h.end <= sentence.end]


def _with_role(text: str, hit: EntityHit) -> int:
    """Where the speaker's phrase starts: before "Ukrainian President" if the title is there."""
    if hit.role and text[:hit.start].rstrip().endswith(hit.role):
        return text.rfind(hit.role, 0, hit.start)
    return hit.start


def _statement(text: str, sentence: Sentence, phrase_start: int, cue_end: int) -> str:
    after = text[cue_end:sentence.end]
    that = re.match(r"\s+that\s+", after)
    if that:
        rest = after[that.end():].strip()
        return rest[:1].upper() + rest[1:] if rest else sentence.text
    if after.strip(" .!?”\"") == "" and phrase_start > sentence.start:
        before = text[sentence.start:phrase_start].rstrip()
        for comma, stop in ((",”", ".”"), (',"', '."'), (",", ".")):
            if before.endswith(comma):
                return before[: -len(comma)] + stop
        return before
    return sentence.text


def _speaker_before(text: str, hits: list[EntityHit], verb_start: int) -> EntityHit | None:
    before = [h for h in hits if h.end <= verb_start and h.type in _SPEAKER_TYPES]
    if before and _AUXILIARY_GAP.match(text[before[-1].end:verb_start]):
        return before[-1]
    return None


def _speaker_after(text: str, hits: list[EntityHit], verb_end: int) -> EntityHit | None:
    after = [h for h in hits if h.start >= verb_end and h.type in _SPEAKER_TYPES]
    if not after:
        return None
    gap = text[verb_end:after[0].start]
    if re.match(r"^\s*(?:the\s+)?$", gap) or (after[0].role and gap.strip() == after[0].role):
        return after[0]
    return None


def _anonymous_phrase(text: str, sentence: Sentence, hits: list[EntityHit], verb_start: int
                      ) -> tuple[int, EntityHit | None] | None:
    """"officials say", "a district official claimed", "U.S. officials said" (speaker: U.S.)."""
    words = list(_WORD.finditer(text, sentence.start, verb_start))
    if not words:
        return None
    noun = next((w for w in reversed(words[-3:]) if w.group().casefold() in ANONYMOUS_SPEAKERS),
                None)
    if noun is None or not _AUXILIARY_GAP.match(text[noun.end():verb_start]):
        return None
    start = noun.start()
    owner = next((h for h in hits if h.type in _SPEAKER_TYPES and h.end <= noun.start()
                  and _OWNER_GAP.fullmatch(text[h.end:noun.start()])), None)
    if owner is not None:
        return _with_role(text, owner), owner
    # Take up to two modifiers before the noun, stopping at punctuation.
    for word in reversed(words[max(0, words.index(noun) - 2):words.index(noun)]):
        if text[word.end():start].strip():
            break
        start = word.start()
    possessive = re.search(r"([^\W\d_][\w.]*)[’']$", text[sentence.start:start].rstrip("s"))
    if text[start:start + 1] == "s" and possessive:  # "Norland's ministry", not "s ministry"
        start = sentence.start + possessive.start(1)
    return start, None


def _attributed(text: str, sentence: Sentence, hits: list[EntityHit]) -> ClaimProposal | None:
    according = _ACCORDING_TO.search(text, sentence.start, sentence.end)
    for word in _WORD.finditer(text, sentence.start, sentence.end):
        verb = word.group()
        if according and according.start() < word.start():
            break
        if verb.casefold() not in SPEECH_VERBS or not verb[:1].islower():
            continue
        start, end = word.span()
        speaker = _speaker_before(text, hits, start)
        phrase_start = _with_role(text, speaker) if speaker else None
        if speaker is None and verb in _INVERTED_VERBS:
            speaker = _speaker_after(text, hits, end)
            if speaker is not None:
                phrase = text[start:speaker.end]
                return ClaimProposal(sentence.start, sentence.end,
                                     _statement(text, sentence, start, speaker.end),
                                     speaker, phrase, verb)
        if speaker is None and verb.endswith("ing") \
                and text[sentence.start:start].rstrip(" “\"").endswith(","):
            speaker = next((h for h in hits if h.end <= start and h.type == EntityType.PERSON),
                           None) or next((h for h in hits if h.end <= start
                                          and h.type in _SPEAKER_TYPES), None)
            phrase_start = _with_role(text, speaker) if speaker else None
        if speaker is None:
            anonymous = _anonymous_phrase(text, sentence, hits, start)
            if anonymous is None:
                continue
            phrase_start, speaker = anonymous
        assert phrase_start is not None
        return ClaimProposal(sentence.start, sentence.end,
                             _statement(text, sentence, phrase_start, end), speaker,
                             text[phrase_start:end], verb)
    if according:
        speaker = next((h for h in hits if h.start >= according.end()
                        and re.match(r"^(?:the\s+)?$", text[according.end():h.start])), None)
        if speaker is not None:
            phrase = text[according.start():speaker.end]
        else:
            tail = re.match(r"[^,.;:!?]{1,60}", text[according.end():sentence.end])
            phrase = text[according.start():according.end()] + (tail.group() if tail else "")
        return ClaimProposal(sentence.start, sentence.end, sentence.text, speaker,
                             phrase.strip(), "according to")
    return None


def find_claims(text: str, sentences: Sequence[Sentence], hits: Sequence[EntityHit]
                ) -> list[ClaimProposal]:
    proposals: list[ClaimProposal] = []
    for sentence in sentences:
        if sentence.heading:
            continue
        own = _hits_in(hits, sentence)
        quantities = tuple(q.text for q in find_quantities(text, sentence.start, sentence.end))
        claim = _attributed(text, sentence, own)
        if claim is not None:
            proposals.append(ClaimProposal(claim.start, claim.end, claim.statement,
                                           claim.claimant, claim.attribution, claim.cue,
                                           quantities))
        elif quantities:
            proposals.append(ClaimProposal(sentence.start, sentence.end, sentence.text, None,
                                           "", "quantity", quantities))
    return proposals
