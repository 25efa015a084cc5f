"""Alias resolution: which hits name the same thing, and which project entities look alike.

Within one text, hits are grouped into one suggested entity when they are the same
words, a surname of a named person ("Zelenskyy" / "Volodymyr Zelenskyy"), a title
that person carries ("Ukrainian President"), a well-known alias ("U.S." / "America" /
"United States"), initials ("NATO") or a near spelling (rapidfuzz, "Zelensky").
Across the project, the same tests flag likely duplicates for the analyst; nothing
is merged automatically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from db.models.vocab import EntityType
from desktop.assist.gazetteer import Gazetteer, KnownEntity
from desktop.assist.hits import EntityHit
from desktop.assist.lexicon import DEMONYMS, KNOWN_ALIASES, TITLE_WORDS

FUZZY_THRESHOLD = 90.0
_KNOWN_CANONICAL = {name.casefold(): canonical for canonical, _, aliases in KNOWN_ALIASES
                    for name in (canonical, *aliases)}
_KNOWN_TYPE = {canonical: type_ for canonical, type_, _ in KNOWN_ALIASES}
_PARTICLES = frozenset({"of", "the", "and", "for", "de", "la", "du", "der", "von", "van"})


@dataclass(frozen=True)
class EntityGroup:
    """One suggested (or recognised) entity and the hits that name it in a text."""

    name: str
    type: EntityType
    hits: tuple[EntityHit, ...]
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    known_uid: str | None = None


@dataclass(frozen=True)
class DuplicateGroup:
    """Entities that probably are one, and why (for the analyst to merge or not)."""

    uids: tuple[str, ...]
    reason: str


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def initials(name: str) -> str:
    """"North Atlantic Treaty Organization" -> "NATO" (particles skipped)."""
    return "".join(w[0] for w in name.replace("-", " ").split()
                   if w.casefold() not in _PARTICLES and w[:1].isalpha()).upper()


def _acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "")
    return (len(letters) >= 2 and letters.isupper() and len(long.split()) >= 2
            and initials(long) == letters)


def _surname_of(short: str, long: str) -> bool:
    """"Zelenskyy" (or the near spelling "Zelensky") of "Volodymyr Zelenskyy"."""
    words = long.split()
    if len(words) < 2 or len(short.split()) != 1:
        return False
    return words[-1] == short or (
        len(short) >= 5 and fuzz.ratio(words[-1].casefold(), short.casefold()) >= FUZZY_THRESHOLD)


def _shorter_form(a: str, b: str) -> bool:
    """"Kessel pipeline" / "Kessel gas pipeline": same ends, one extra word in the middle."""
    short, long = sorted((a.split(), b.split()), key=len)
    return (len(short) >= 2 and len(long) == len(short) + 1 and short[0] == long[0]
            and short[-1] == long[-1] and set(short) <= set(long))


def related(a: str, type_a: EntityType, b: str, type_b: EntityType) -> str | None:
    """Why two names probably name one thing, or None. Symmetric."""
    if a.casefold() == b.casefold():
        return f"same name “{a}”"
    ka, kb = _KNOWN_CANONICAL.get(a.casefold()), _KNOWN_CANONICAL.get(b.casefold())
    if ka is not None and ka == kb:
        return f"“{a}” and “{b}” are well-known names of {ka}"
    for short, long, t_long in ((a, b, type_b), (b, a, type_a)):
        if t_long == EntityType.PERSON and _surname_of(short, long):
            return f"“{short}” is the surname of “{long}”"
        if _acronym_of(short, long):
            return f"“{short}” is the initials of “{long}”"
    compatible = type_a == type_b or EntityType.OTHER in (type_a, type_b)
    if compatible and _shorter_form(a, b):
        short, long = sorted((a, b), key=len)
        return f"“{short}” is a shorter form of “{long}”"
    if compatible and min(len(a), len(b)) >= 5:
        score = fuzz.ratio(a.casefold(), b.casefold())
        if score >= FUZZY_THRESHOLD:
            return f"“{a}” and “{b}” are spelled almost alike ({score:.0f}%)"
    return None


def _name_for(forms: Counter[str], types: Counter[EntityType]) -> str:
    for form in forms:
        canonical = _KNOWN_CANONICAL.get(form.casefold())
        if canonical:
            return canonical
    type_ = types.most_common(1)[0][0]
    if type_ == EntityType.PERSON:
        return max(forms, key=lambda f: (len(f.split()), forms[f], len(f)))
    # The spelled-out name over its acronym, however often the acronym is used.
    spelled = [f for f in forms if len(f.split()) >= 2]
    if spelled and all(f.replace(".", "").isupper() for f in forms if f not in spelled):
        return max(spelled, key=lambda f: (forms[f], len(f)))
    return max(forms, key=lambda f: (forms[f], len(f)))


def group_hits(hits: Sequence[EntityHit], gazetteer: Gazetteer) -> list[EntityGroup]:
    """Group one text's hits into entities; groups come in order of first appearance."""
    if not hits:
        return []
    forms: list[tuple[str, EntityType, str | None]] = []  # (text, type, known uid)
    index: dict[tuple[str, str | None], int] = {}
    hit_form: list[int] = []
    for hit in hits:
        key = (hit.text, hit.known_uid)
        if key not in index:
            index[key] = len(forms)
            forms.append((hit.text, hit.type, hit.known_uid))
        hit_form.append(index[key])
    union = _Union(len(forms))
    first_of_known: dict[str, int] = {}
    for i, (_, _, uid) in enumerate(forms):
        if uid:
            union.join(first_of_known.setdefault(uid, i), i)
    # Roles stand for the person they were seen with.
    for hit in hits:
        if hit.role and (hit.role, hit.known_uid) in index:
            union.join(index[(hit.role, hit.known_uid)], index[(hit.text, hit.known_uid)])
        if hit.role and (hit.role, None) in index:
            union.join(index[(hit.role, None)], index[(hit.text, hit.known_uid)])
    for hit in hits:
        if hit.alias_of and (hit.alias_of, None) in index:
            union.join(index[(hit.alias_of, None)], index[(hit.text, hit.known_uid)])
    for i, j in sorted(_candidate_pairs([[text] for text, _, _ in forms])):
        (a, ta, ua), (b, tb, ub) = forms[i], forms[j]
        if ua and ub:
            continue  # two project entities stay apart (same uid already joined above)
        if related(a, ta, b, tb):
            union.join(i, j)
    members: dict[int, list[EntityHit]] = {}
    for hit, form in zip(hits, hit_form, strict=True):
        members.setdefault(union.find(form), []).append(hit)
    groups: list[EntityGroup] = []
    for own in sorted(members.values(), key=lambda group: min(h.start for h in group)):
        groups.extend(_split_by_known(own, gazetteer))
    return groups


def _split_by_known(hits: list[EntityHit], gazetteer: Gazetteer) -> list[EntityGroup]:
    """One group per known entity among the hits (never two project entities in one)."""
    known_uids = [h.known_uid for h in hits if h.known_uid]
    if not known_uids:
        for hit in hits:
            canonical = _KNOWN_CANONICAL.get(hit.text.casefold())
            entity = gazetteer.entity_named(canonical) if canonical else None
            if entity is not None:
                known_uids.append(entity.uid)
                break
    if len(set(known_uids)) > 1:
        parts: dict[str | None, list[EntityHit]] = {}
        for hit in hits:
            parts.setdefault(hit.known_uid, []).append(hit)
        return [_make_group(part, uid, gazetteer) for uid, part in parts.items()]
    return [_make_group(hits, known_uids[0] if known_uids else None, gazetteer)]


def _make_group(hits: list[EntityHit], known_uid: str | None, gazetteer: Gazetteer
                ) -> EntityGroup:
    forms: Counter[str] = Counter(h.text for h in hits)
    types: Counter[EntityType] = Counter(h.type for h in hits)
    roles = tuple(dict.fromkeys(h.role for h in hits if h.role))
    known = next((e for e in gazetteer.entities if e.uid == known_uid), None)
    if known is not None:
        name, type_ = known.name, known.type
    else:
        name = _name_for(forms, types)
        type_ = _KNOWN_TYPE.get(name) or _majority_type(hits)
    # Titles are roles, not names: "Defense Secretary" never becomes an alias.
    seen = {name.casefold()} | {r.casefold() for r in roles}
    aliases = []
    for form in forms:
        if form.casefold() not in seen and not _only_titles(form):
            seen.add(form.casefold())
            aliases.append(form)
    return EntityGroup(name, type_, tuple(sorted(hits, key=lambda h: h.start)), tuple(aliases),
                       roles, known_uid)


def _only_titles(form: str) -> bool:
    """"Ukrainian President", "Secretary": a form made of titles and nationalities."""
    words = form.replace(".", " ").split()
    return bool(words) and all(w.casefold() in TITLE_WORDS or w in DEMONYMS for w in words)


def _majority_type(hits: Sequence[EntityHit]) -> EntityType:
    # Longer spans carry more evidence ("Volodymyr Zelenskyy" over a stray "Zelenskyy").
    weights: Counter[EntityType] = Counter()
    for hit in hits:
        weights[hit.type] += len(hit.text.split())
    return weights.most_common(1)[0][0]


def _candidate_pairs(names_of: Sequence[Sequence[str]]) -> set[tuple[int, int]]:
    """Pairs of items (each with its names) worth comparing, found through indexes
    (same name, alias table, last word, initials, near spelling) instead of trying all."""
    buckets: dict[tuple[str, str], set[int]] = {}

    def put(kind: str, key: str, i: int) -> None:
        buckets.setdefault((kind, key), set()).add(i)

    by_letter: dict[str, list[tuple[int, str]]] = {}
    for i, names in enumerate(names_of):
        for name in names:
            folded = name.casefold()
            put("name", folded, i)
            put("known", _KNOWN_CANONICAL.get(folded, "#" + folded), i)
            words = name.split()
            put("word", words[-1], i)  # surnames meet their full names here
            put("initials", name.replace(".", "") if len(words) == 1 else initials(name), i)
            for form in {folded, words[-1].casefold()}:
                if len(form) >= 5:
                    by_letter.setdefault(form[0], []).append((i, form))
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        ordered = sorted(members)
        pairs.update((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1:])
    # Near spellings: rapidfuzz compares within names sharing a first letter.
    for items in by_letter.values():
        if len(items) < 2:
            continue
        names = [name for _, name in items]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        for x, y in zip(*scores.nonzero(), strict=True):
            a, b = items[int(x)][0], items[int(y)][0]
            if a < b:
                pairs.add((a, b))
    return pairs


def likely_duplicates(entities: Sequence[KnownEntity],
                      roles: Mapping[str, Iterable[str]] | None = None) -> list[DuplicateGroup]:
    """Groups of project entities that probably are one, each with a reason.

    ``roles`` maps an entity uid to titles seen right before its mentions
    ("Ukrainian President"); an entity named like one of them joins that entity.
    """
    union = _Union(len(entities))
    evidence: list[tuple[int, str]] = []  # (an entity in the group, why)
    role_owner: dict[str, int] = {}
    for i, entity in enumerate(entities):
        for role in (roles or {}).get(entity.uid, ()):
            role_owner.setdefault(role.casefold(), i)
    for i, entity in enumerate(entities):
        owner = next((role_owner[n.casefold()] for n in entity.names
                      if role_owner.get(n.casefold(), i) != i), None)
        if owner is not None:
            union.join(owner, i)
            evidence.append((i, f"“{entity.name}” is the title of “{entities[owner].name}”"))
    for a, b in sorted(_candidate_pairs([e.names for e in entities])):
        why = _related_entities(entities[a], entities[b])
        if why:
            union.join(a, b)
            evidence.append((a, why))
    groups: dict[int, list[int]] = {}
    for i in range(len(entities)):
        groups.setdefault(union.find(i), []).append(i)
    found = []
    for root, members in groups.items():
        if len(members) > 1:
            reasons = list(dict.fromkeys(why for i, why in evidence if union.find(i) == root))
            found.append(DuplicateGroup(tuple(entities[m].uid for m in members),
                                        "; ".join(reasons)))
    return found


def _related_entities(a: KnownEntity, b: KnownEntity) -> str | None:
    for name_a in a.names:
        for name_b in b.names:
            why = related(name_a, a.type, name_b, b.type)
            if why:
                return why
    return None
