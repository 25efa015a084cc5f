"""From raw hits to clean mention candidates: gazetteer first, then repairs, then propagation.

Whatever produced the raw hits (spaCy or the rules), the same steps follow:
1. the project's gazetteer wins over anything overlapping it;
2. spans are trimmed ("the United States" -> "United States", "Ukraine’s" -> "Ukraine");
   generic acronyms and bare titles are dropped;
3. titles before a person ("Defense Secretary") are recorded as the person's role and
   whatever a model saw inside them ("Defense" as an organisation) is dropped, except places;
4. types are corrected from context ("Patriot missile system" is equipment) and kept
   consistent across the text (a lone "Zelenskyy" is the person "Volodymyr Zelenskyy");
5. a name found once is found everywhere else it occurs (title-case headings included),
   since models miss repeats and title case misleads them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from db.models.vocab import EntityType
from desktop.assist.gazetteer import Gazetteer
from desktop.assist.hits import EntityHit, Origin, SpanSet
from desktop.assist.lexicon import (
    DEMONYMS,
    FACILITY_HEADS,
    GENERIC_ACRONYMS,
    NEVER_NAME_START,
    STOP_CAPITALISED,
    TITLE_WORDS,
)
from desktop.assist.text import Sentence
from desktop.assist.typemap import context_type

_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:[’']s?|[\s,.;:!?”\"’)\]]+)$")
_ROLE_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_][\w-]*\.?", re.UNICODE)
_NAME_TYPES = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GPE)


_FACILITY_TAIL = re.compile(r"\s+(?:(?:gas|oil|power|water|rail|road)\s+)?(?:"
                            + "|".join(FACILITY_HEADS) + r")\b")


def _with_facility_head(text: str, hit: EntityHit) -> EntityHit:
    """"Kessel" before "gas pipeline" names the pipeline: the span takes the head noun."""
    if hit.origin == Origin.GAZETTEER or hit.type not in (
            EntityType.PERSON, EntityType.OTHER, EntityType.ORGANIZATION, EntityType.FACILITY):
        return hit
    tail = _FACILITY_TAIL.match(text, hit.end)
    if tail is None:
        return hit
    end = tail.end()
    return replace(hit, end=end, text=text[hit.start:end], type=EntityType.FACILITY, cued=True)


def _trim(text: str, hit: EntityHit) -> EntityHit | None:
    start, end = hit.start, hit.end
    span = text[start:end]
    lead = _LEADING.match(span)
    if lead:
        start += lead.end()
    while True:
        span = text[start:end]
        trail = _TRAILING.search(span)
        if not trail or trail.start() == 0:
            break
        # Keep the dot of an abbreviation ("U.S."): only trim it after a lowercase letter.
        if span[trail.start():] == "." and re.search(r"(?:[^\W\d_]\.){2,}$", span):
            break
        end = start + trail.start()
    if end <= start:
        return None
    return replace(hit, start=start, end=end, text=text[start:end])


def _noise(hit: EntityHit) -> bool:
    words = hit.text.split()
    if hit.origin == Origin.GAZETTEER:
        return False
    if hit.text in GENERIC_ACRONYMS or hit.text in DEMONYMS:
        return True
    if len(words) == 1 and (hit.text in NEVER_NAME_START or hit.text in STOP_CAPITALISED
                            or hit.text.rstrip(".").casefold() in TITLE_WORDS):
        return True
    return not any(ch.isalpha() for ch in hit.text)


def role_before(text: str, sentence_start: int, start: int) -> tuple[int, str] | None:
    """The title right before a name: "Ukrainian President", "U.S. President", "Defense Secretary"."""
    window_start = max(sentence_start, start - 80)
    tokens = list(_ROLE_TOKEN.finditer(text, window_start, start))
    # Keep only the run of capitalised words that ends right before the name.
    run: list[re.Match[str]] = []
    expected_end = start
    for token in reversed(tokens):
        gap = text[token.end():expected_end]
        if gap.strip() or "\n" in gap or not token.group()[:1].isupper():
            break
        run.insert(0, token)
        expected_end = token.start()
    if not run or run[-1].group().rstrip(".").casefold() not in TITLE_WORDS:
        return None
    while run and run[0].group() in STOP_CAPITALISED and run[0].group() not in DEMONYMS:
        run.pop(0)
    if not run:
        return None
    return run[0].start(), text[run[0].start():run[-1].end()]


def _sentence_of(sentences: Sequence[Sentence], position: int) -> Sentence | None:
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].end <= position:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sentences) and sentences[lo].start <= position:
        return sentences[lo]
    return None


def _resolve_overlaps(hits: Sequence[EntityHit]) -> list[EntityHit]:
    """Non-overlapping hits: gazetteer first, then longer, then earlier."""
    rank = {Origin.GAZETTEER: 0, Origin.MODEL: 1, Origin.RULES: 1, Origin.PROPAGATED: 2}
    chosen: list[EntityHit] = []
    occupied = SpanSet()
    for hit in sorted(hits, key=lambda h: (rank.get(h.origin, 3), -(h.end - h.start), h.start)):
        if not occupied.overlaps(hit.start, hit.end):
            chosen.append(hit)
            occupied.add(hit.start, hit.end)
    return sorted(chosen, key=lambda h: (h.start, h.end))


def _consistent_types(hits: list[EntityHit]) -> list[EntityHit]:
    """One type per name across the text; a surname alone takes its person's type."""
    surnames: dict[str, EntityHit] = {}
    for hit in hits:
        words = hit.text.split()
        if hit.type == EntityType.PERSON and len(words) >= 2 and hit.known_uid is None:
            surnames.setdefault(words[-1], hit)
    # A type backed by evidence in the text outvotes any number of guesses.
    votes: dict[str, Counter[EntityType]] = {}
    for hit in hits:
        votes.setdefault(hit.text, Counter())[hit.type] += 100 if hit.cued else 1
    fixed: list[EntityHit] = []
    for hit in hits:
        if hit.origin == Origin.GAZETTEER:
            fixed.append(hit)
            continue
        if hit.text in surnames and hit.type in (*_NAME_TYPES, EntityType.OTHER) \
                and not hit.cued:
            fixed.append(hit.with_type(EntityType.PERSON))
            continue
        counts = votes[hit.text]
        best = max(counts.items(), key=lambda kv: (kv[1], kv[0] == hit.type))[0]
        fixed.append(hit.with_type(best))
    return fixed


def _propagate(text: str, hits: list[EntityHit], sentences: Sequence[Sentence],
               role_spans: Sequence[tuple[int, int]]) -> list[EntityHit]:
    """Every other occurrence of a found name (and of a person's role) becomes a hit too.

    A role stands for its person only when it is two words or more ("Ukrainian
    President", not "President") and does not sit right before the name already.
    """
    forms: dict[str, EntityHit] = {}
    for hit in hits:
        if hit.origin != Origin.GAZETTEER and (len(hit.text) >= 3 or hit.text.isupper()):
            forms.setdefault(hit.text, hit)
        words = hit.text.split()
        if hit.type == EntityType.PERSON and len(words) >= 2 and len(words[-1]) >= 3 \
                and hit.known_uid is None:
            # The surname alone, wherever it stands ("Zelenskyy added…" opening a sentence).
            forms.setdefault(words[-1], hit.with_type(EntityType.PERSON))
        if hit.role and len(hit.role.split()) >= 2:
            forms.setdefault(hit.role, EntityHit(0, 0, hit.role, EntityType.PERSON,
                                                 Origin.PROPAGATED, hit.known_uid, hit.role))
    if not forms:
        return hits
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?!\w)")
    taken = SpanSet([(h.start, h.end) for h in hits] + list(role_spans))
    extra: list[EntityHit] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if taken.overlaps(start, end):
            continue
        if _sentence_of(sentences, start) is None:
            continue
        model = forms[match.group()]
        extra.append(EntityHit(start, end, match.group(), model.type, Origin.PROPAGATED,
                               model.known_uid if model.role else None, model.role,
                               model.label))
    return hits + extra


def clean_hits(text: str, sentences: Sequence[Sentence], gazetteer: Gazetteer,
               raw: Iterable[EntityHit], blocked: Iterable[str] = ()) -> list[EntityHit]:
    """The mention candidates for ``text``; see the module docstring for the steps."""
    blocked_names = {b.casefold() for b in blocked}
    known = [EntityHit(g.start, g.end, text[g.start:g.end], g.entity.type, Origin.GAZETTEER,
                       g.entity.uid) for g in gazetteer.find(text)]
    candidates: list[EntityHit] = []
    headings = SpanSet((s.start, s.end) for s in sentences if s.title_case)
    for hit in raw:
        trimmed = _trim(text, hit)
        if trimmed is not None:
            trimmed = _with_facility_head(text, trimmed)
        if trimmed is None or _noise(trimmed) or trimmed.text.casefold() in blocked_names:
            continue
        if headings.overlaps(trimmed.start, trimmed.start + 1):
            continue  # names in title-case headings are found by propagation only
        candidates.append(trimmed)
    # Roles before persons; model hits inside a role (other than places) go.
    roles: list[tuple[int, int]] = []
    with_roles: list[EntityHit] = []
    for hit in [*known, *candidates]:
        if hit.type == EntityType.PERSON:
            sentence = _sentence_of(sentences, hit.start)
            found = role_before(text, sentence.start if sentence else 0, hit.start)
            if found:
                role_start, role = found
                roles.append((role_start, hit.start))
                hit = replace(hit, role=role)
        with_roles.append(hit)
    role_set = SpanSet(roles)
    # An organisation in a role stays ("NATO Secretary General…"); a word of the title
    # a model took for one does not ("Defense" in "Defense Secretary").
    kept = [h for h in with_roles if h.origin == Origin.GAZETTEER or h.type == EntityType.GPE
            or not role_set.overlaps(h.start, h.end)
            or (h.type == EntityType.ORGANIZATION and (h.cued or h.text.isupper()))]
    contextual = [
        h if h.origin == Origin.GAZETTEER or h.cued else
        h.with_type(*context_type(h.type, h.text, text[max(0, h.start - 40):h.start],
                                  text[h.end:h.end + 40]))
        for h in kept
    ]
    resolved = _resolve_overlaps(contextual)
    resolved = _consistent_types(resolved)
    resolved = _propagate(text, resolved, sentences, roles)
    return _without_leading_titles(text, _resolve_overlaps(resolved))


def _without_leading_titles(text: str, hits: list[EntityHit]) -> list[EntityHit]:
    """Drop a known title right before its own person's name ("Ukrainian President
    Volodymyr Zelenskyy" is one mention, not two)."""
    kept: list[EntityHit] = []
    for index, hit in enumerate(hits):
        following = hits[index + 1] if index + 1 < len(hits) else None
        if (following is not None and hit.known_uid is not None
                and following.known_uid == hit.known_uid
                and text[hit.end:following.start].strip() == ""):
            continue
        kept.append(hit)
    return kept
