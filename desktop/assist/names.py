"""Names an analyst would keep: whole, without titles, one organisation per name.

A statistical model cuts names in odd places. Before anything else looks at them, the
raw hits are repaired:

- titles, honorifics and ranks come off a person's name ("Admiral Pieter de Vries" ->
  "Pieter de Vries", "Sir Rob Fry" -> "Rob Fry"); a hit that is only a title ("Lt Gen")
  is dropped — the title before a name is kept as the person's role elsewhere;
- a name is whole: "Ursula von der" + "Leyen" become one person; a trailing "&" or
  "and", an unclosed bracket or a lone comma do not belong to it;
- one organisation per name: "Department of the Treasury's Office of Foreign Assets
  Control (OFAC" is the Department, the Office and the acronym; "KYIV/MOSCOW" two places;
  a comma list of capitalised words ("Land, Air, Sea, Space") is no name at all;
- a one-word person or organisation the parser reads as a common noun ("Gunfire") is dropped;
- the curated list of countries, cities, places and international bodies (world.py)
  gives the type when the whole name is on it ("Odesa" is a city, not an organisation)
  and finds listed names the model missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from db.models.vocab import EntityType
from desktop.assist.hits import EntityHit, Origin, SpanSet
from desktop.assist.lexicon import STOP_CAPITALISED, TITLE_WORDS
from desktop.assist.text import Sentence
from desktop.assist.world import world_types

# Ranks and honorifics beyond TITLE_WORDS, including abbreviations ("Lt Gen", "Rear Adm").
_RANKS = frozenset({
    "lt", "lt.", "gen", "gen.", "col", "col.", "maj", "maj.", "capt", "capt.", "cdr", "cmdr",
    "adm", "adm.", "brig", "brig.", "sgt", "sgt.", "cpl", "pte", "rear", "vice", "field",
    "marshal", "air", "chief", "staff", "lieutenant-general", "major-general",
    "brigadier", "brigadier-general", "lieutenant", "commodore", "dame", "hon", "rt",
    "honourable", "honorable", "excellency", "his", "her", "sheikh", "emir", "ayatollah",
    "rabbi", "reverend", "rev", "father", "cardinal", "archbishop", "bishop", "saint",
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "secretary-general", "foreign", "defence",
    "defense", "prime", "deputy", "acting", "former", "state", "interior", "finance",
    "general", "senior", "junior", "first", "vice-admiral", "rear-admiral", "admiral",
    "professor", "doctor", "sir", "lord", "lady", "baroness", "baron", "count", "countess",
    "duke", "duchess", "ambassador", "president", "minister", "senator", "governor",
})
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "di", "da", "du",
                        "la", "le", "bin", "ibn", "al", "el", "ter", "zu", "dos", "das"})
_CORPORATE = re.compile(r"^,?\s*(?:Co\.|Ltd\.?|Inc\.?|LLC|L\.L\.C\.|PLC|plc|S\.A\.|AG|GmbH|"
                        r"JSC|PJSC|OJSC|LLP|N\.V\.|B\.V\.|S\.p\.A\.)")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")
_NAMES = (EntityType.PERSON, EntityType.ORGANIZATION)
_ORG_WORD = re.compile(r"\b(?:Ministry|Department|Office|Council|Committee|Commission|Court|"
                       r"Agency|Bank|Institute|Service|Directorate|Bureau|Authority|Staff|"
                       r"Command|Centre|Center|Foundation|Union|Organi[sz]ation|Party|"
                       r"Corporation|Company|Group|University|School|Academy|Guild)\b")


def _extend_of(text: str, hit: EntityHit) -> EntityHit:
    """"U.S. Department" + "of the Treasury": an organisation's head word followed by
    "of (the) Name" continues the name the model cut short."""
    if hit.type not in (EntityType.ORGANIZATION, EntityType.GPE) or not re.search(
            _ORG_WORD.pattern + r"$", hit.text):
        return hit
    more = re.match(r" of (?:the )?[A-Z][\w.-]*(?:(?: and| of| for| the)* [A-Z][\w.-]*)*",
                    text[hit.end:hit.end + 120])
    if more is None:
        return hit
    return _replace(hit, text, hit.start, hit.end + more.end(), EntityType.ORGANIZATION)
# Listed names too ambiguous to add where the model found nothing (people are called
# Jordan and Chad; "Gulf" and "Council" are parts of many names).
_NOT_SEARCHED = frozenset({"Georgia", "Jordan", "Chad", "Niger", "Don", "Guinea", "Gulf",
                           "Pacific", "Atlantic", "Baltic", "Commission", "Council",
                           "General Staff", "Security Council", "General Assembly", "Reich",
                           "Guardian", "Wagner", "America", "Caribbean", "Arctic", "Sahel",
                           "Treasury", "Congo", "Dominica", "Mali", "Gambia", "Turkey"})


def _replace(hit: EntityHit, text: str, start: int, end: int,
             type_: EntityType | None = None, cued: bool | None = None) -> EntityHit:
    return replace(hit, start=start, end=end, text=text[start:end], type=type_ or hit.type,
                   cued=hit.cued if cued is None else cued)


def _is_title(word: str) -> bool:
    lower = word.casefold()
    return lower in TITLE_WORDS or lower in _RANKS or lower.rstrip(".") in TITLE_WORDS


def _strip_titles(text: str, hit: EntityHit) -> EntityHit | None:
    """A person's name without the titles in front; None when nothing else is left."""
    words = list(re.finditer(r"\S+", hit.text))
    keep = 0
    while keep < len(words) and _is_title(words[keep].group()):
        keep += 1
    if keep == len(words):
        return None
    if keep == 0:
        return hit
    start = hit.start + words[keep].start()
    return _replace(hit, text, start, hit.end)


def _tidy_ends(text: str, hit: EntityHit) -> EntityHit | None:
    """No trailing "&"/"and"/comma, no unclosed bracket, no leading bracket."""
    start, end = hit.start, hit.end
    span = text[start:end]
    if "(" in span and ")" not in span:
        end = start + span.index("(")
    if ")" in span and "(" not in span:
        end = start + span.index(")")
    while True:
        trimmed = re.sub(r"(?:\s+(?:&|and|of|the|for|in|at|on)|[\s,;:&(\[–—-])+$", "",
                         text[start:end])
        if len(trimmed) == end - start:
            break
        end = start + len(trimmed)
    while start < end and text[start] in "([\"“'‘&,;: ":
        start += 1
    lead = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if lead and end - start > lead.end():
        start += lead.end()
    if end <= start:
        return None
    return _replace(hit, text, start, end) if (start, end) != (hit.start, hit.end) else hit


def _whole_person(text: str, hit: EntityHit) -> EntityHit:
    """"Ursula von der" + "Leyen": extend a name that stops on a particle."""
    if hit.type != EntityType.PERSON:
        return hit
    last = hit.text.split()[-1] if hit.text.split() else ""
    if last not in _PARTICLES:
        return hit
    follow = re.match(r"\s+((?:(?:" + "|".join(_PARTICLES) + r")\s+)*[A-Z][\w’'-]+)",
                      text[hit.end:hit.end + 60])
    return _replace(hit, text, hit.start, hit.end + follow.end()) if follow else hit


def _acronym_after(text: str, end: int) -> tuple[int, int] | None:
    """"(OFAC)" right after a name: the acronym's span."""
    match = re.match(r"\s*\(([A-Z][A-Z0-9&.-]{1,11})\)", text[end:end + 16])
    return (end + match.start(1), end + match.end(1)) if match else None


def _split(text: str, hit: EntityHit) -> list[EntityHit]:
    """One hit per name: at "’s" between two organisations, at "/", at commas, and the
    acronym in brackets after it."""
    span = hit.text
    parts: list[tuple[int, int]] = []
    if "/" in span and " " not in span.strip():
        offset = 0
        for piece in span.split("/"):
            parts.append((hit.start + offset, hit.start + offset + len(piece)))
            offset += len(piece) + 1
    elif hit.type in (EntityType.ORGANIZATION, EntityType.GPE) and re.fullmatch(
            r"[A-Z][\w.-]*(?: [A-Z][\w.-]*)* and [A-Z][\w.-]+(?: [A-Z][\w.-]+){1,2}", span) \
            and span.split(" and ")[0] in world_types():
        # "Kyiv and Pavel Orlov": a listed place and a name the model ran together.
        left, right = span.split(" and ", 1)
        parts = [(hit.start, hit.start + len(left)), (hit.end - len(right), hit.end)]
    elif hit.type == EntityType.ORGANIZATION and re.search(r"[’']s\s+[A-Z]", span):
        cut = re.search(r"[’']s\s+(?=[A-Z])", span)
        assert cut is not None
        parts = [(hit.start, hit.start + cut.start()), (hit.start + cut.end(), hit.end)]
    elif hit.type in _NAMES and "," in span and not _CORPORATE.match(span[span.index(","):]):
        offset = 0
        for piece in span.split(","):
            lead = len(piece) - len(piece.lstrip())
            parts.append((hit.start + offset + lead, hit.start + offset + len(piece.rstrip())))
            offset += len(piece) + 1
        # A comma list of single capitalised words ("Land, Air, Sea, Space") names nothing.
        known = world_types()
        parts = [(a, b) for a, b in parts if text[a:b] in known or len(text[a:b].split()) > 1]
    else:
        parts = [(hit.start, hit.end)]
    found = []
    known = world_types()
    for start, end in parts:
        if end <= start:
            continue
        name = text[start:end]
        guess = hit.type
        if len(parts) > 1 and " and " in span and name not in known and not _ORG_WORD.search(
                name):
            guess = EntityType.PERSON  # the other half of "Kyiv and Pavel Orlov"
        type_ = known.get(name, guess)
        found.append(_replace(hit, text, start, end, type_))
    acronym = _acronym_after(text, hit.end)
    if acronym is not None and hit.type in (EntityType.ORGANIZATION, EntityType.GPE) \
            and found:
        last = found[-1]
        found.append(EntityHit(acronym[0], acronym[1], text[acronym[0]:acronym[1]], last.type,
                               last.origin, cued=last.cued, alias_of=last.text))
    return found


def _in_title(text: str, hit: EntityHit) -> bool:
    """"State" in "Secretary of State", "Defense" in "Minister of Defense": part of a title."""
    before = re.search(r"([A-Za-z.-]+) of (?:the )?$", text[max(0, hit.start - 40):hit.start])
    return bool(before and _is_title(before.group(1)) and len(hit.text.split()) <= 3)


def _common_noun(hit: EntityHit, proper: dict[tuple[int, int], bool]) -> bool:
    """A one-word person or organisation the parser did not read as a proper noun."""
    if hit.type not in _NAMES or " " in hit.text or hit.text.isupper():
        return False
    return proper.get((hit.start, hit.end)) is False


def repair(text: str, hits: Iterable[EntityHit],
           proper: dict[tuple[int, int], bool] | None = None) -> list[EntityHit]:
    """Raw model or rule hits made into names an analyst would keep (see module doc)."""
    known = world_types()
    repaired: list[EntityHit] = []
    for hit in hits:
        if hit.origin == Origin.GAZETTEER:
            repaired.append(hit)
            continue
        if _common_noun(hit, proper or {}) and hit.text not in known:
            continue
        if hit.type == EntityType.ORGANIZATION and _in_title(text, hit):
            continue
        tidy = _tidy_ends(text, hit)
        if tidy is None:
            continue
        tidy = _extend_of(text, tidy)
        for part in _split(text, tidy):
            part = _whole_person(text, part)
            if part.type == EntityType.PERSON or part.text.split()[0].casefold() in (
                    "sir", "dr", "dr.", "professor", "prof", "prof.", "lt", "gen", "admiral"):
                stripped = _strip_titles(text, part)
                if stripped is None:
                    continue
                part = stripped
            again = _tidy_ends(text, part)
            if again is None:
                continue
            part = again
            listed = known.get(part.text)
            if listed is None and part.text.isupper() and len(part.text) > 3:
                listed = known.get(part.text.title())  # a dateline: "VILNIUS", "KYIV"
            if (listed is not None and part.type != listed) or listed is not None:
                part = part.with_type(listed, cued=True)
            repaired.append(part)
    best: dict[tuple[int, int], EntityHit] = {}
    for hit in repaired:  # one hit per span; the one that knows its long form wins
        current = best.get((hit.start, hit.end))
        if current is None or (hit.alias_of and not current.alias_of):
            best[(hit.start, hit.end)] = hit
    return _merge_split_people(text, list(best.values()))


def _merge_split_people(text: str, hits: list[EntityHit]) -> list[EntityHit]:
    """Two hits with only name particles between them are one person ("Ursula von der"
    then "Leyen" once the first was extended, or "Ursula" + "von der Leyen")."""
    ordered = sorted(hits, key=lambda h: (h.start, -h.end))
    merged: list[EntityHit] = []
    for hit in ordered:
        if merged:
            prev = merged[-1]
            gap = text[prev.end:hit.start]
            if hit.start < prev.end:
                if hit.end > prev.end and prev.type == EntityType.PERSON:
                    merged[-1] = _replace(prev, text, prev.start, hit.end)
                    continue
                if hit.end <= prev.end:
                    if prev.type != EntityType.PERSON:
                        merged.append(hit)  # nested: the overlap resolution decides later
                    continue
            if EntityType.PERSON in (prev.type, hit.type) and hit.start >= prev.end \
                    and re.fullmatch(r"\s+(?:(?:" + "|".join(_PARTICLES) + r")\s+)+", gap):
                merged[-1] = _replace(prev, text, prev.start, hit.end, EntityType.PERSON)
                continue
        merged.append(hit)
    return merged


def listed_hits(text: str, sentences: Sequence[Sentence], taken: Iterable[EntityHit]
                ) -> list[EntityHit]:
    """Listed names (world.py) the model did not find, outside title-case headings."""
    occupied = SpanSet((h.start, h.end) for h in taken)
    occupied_heads = SpanSet((s.start, s.end) for s in sentences if s.title_case)
    found = []
    for match in _listed_pattern().finditer(text):
        start, end = match.span()
        if occupied.overlaps(start, end) or occupied_heads.overlaps(start, end):
            continue
        found.append(EntityHit(start, end, match.group(), world_types()[match.group()],
                               Origin.RULES, cued=True))
    return found


@lru_cache(maxsize=1)
def _listed_pattern() -> re.Pattern[str]:
    names = [n for n in world_types() if n not in _NOT_SEARCHED and len(n) >= 4
             and n not in STOP_CAPITALISED and _NAME_WORD.match(n)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w-])")
