"""Claims from the dependency parse: PARC 3.0 attribution relations (source — cue — content).

For every sentence of a parsed text (spaCy ``Doc``), each reporting or stance verb is a
cue candidate. Its *source* is its grammatical subject (or the agent of a passive, or
the subject it shares with the verb it is coordinated with: "…and added that…"), never
its object. The source is resolved to a claimant:

1. a person named in the subject phrase (titles, appositions, "Spokesperson for the
   Foreign Ministry Hua Chunying") beats the organisation or country around them;
2. an organisation or country heading the phrase, or owning it ("Denmark's defence
   minister", "Ukraine's foreign ministry");
3. a pronoun, or a definite description ("the court", "the ministry"), resolves to the
   nearest fitting speaker or name in the preceding sentences;
4. "officials", "analysts"… are anonymous: a claim with no claimant.

Its *content* is the clausal complement ("said [that…]"), the quotation it closes
(`"…," said X`), an infinitive ("pledged [to build…]"), or for stance verbs the clause
the verb heads ("condemned the strikes", "was dismissed by…"). "According to X" makes X
the source of the rest of the sentence — unless X is not a speaker ("according to
Russian military doctrine"). A cue ending in a colon takes the quotation that follows
as its content ("Sir Rob Fry surmises:" + block quote), and a quotation standing alone
right after an attributed one continues it. In a press release or statement the
publishing organisation is the source of the sentences it states in its own voice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from db.models.vocab import EntityType
from desktop.assist.attribution import ClaimProposal
from desktop.assist.cues import (
    ANONYMOUS,
    COGNITION,
    INFINITIVE_CONTENT,
    NEEDS_AGENT,
    OBJECT_CONTENT,
    PASSIVE_REPORTING,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    REPORTING,
    STANCE,
)
from desktop.assist.hedges import cue_of
from desktop.assist.hits import EntityHit
from desktop.assist.issuer import own_voice_sentence
from desktop.assist.text import Sentence
from desktop.assist.world import demonym_countries

_SPEAKERS = (EntityType.PERSON, EntityType.ORGANIZATION, EntityType.GPE)
_QUOTES_OPEN = "\"“«‘'"
_QUOTES_CLOSE = "\"”»’'"
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CLAUSE_DEPS = ("ccomp", "parataxis")
# Dependents that leave a subject phrase: what follows them describes, it does not name.
_DESCRIBING = ("relcl", "acl", "advcl")


@dataclass
class _Speaker:
    """The last resolved source, for pronouns and quotations that continue it."""

    hit: EntityHit | None
    phrase: str
    sentence_index: int


@dataclass(frozen=True)
class ParsedText:
    """A text and its spaCy docs, each with the code-point offset where it starts."""

    text: str
    docs: tuple[tuple[int, Any], ...]


# ---- quotations ---------------------------------------------------------------------

@dataclass
class _Region:
    start: int
    end: int
    speaker: _Speaker | None = None


class _Regions:
    """Quoted stretches of the text. A quotation runs from an opening double quote to
    its closing one, or to the end of the paragraph when it continues in the next (news
    style: no closing quote at the end of a quoted paragraph)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.regions: list[_Region] = []
        offset = 0
        for line in text.split("\n"):
            self._scan(line, offset)
            offset += len(line) + 1

    def _scan(self, line: str, offset: int) -> None:
        opened: int | None = None
        for i, ch in enumerate(line):
            if ch == "“" or (ch == '"' and opened is None):
                if opened is None:
                    opened = i
            elif ch in "”\"" and opened is not None:
                self.regions.append(_Region(offset + opened, offset + i + 1))
                opened = None
        if opened is not None:
            self.regions.append(_Region(offset + opened, offset + len(line)))

    def inside(self, position: int) -> bool:
        return self.at(position) is not None

    def at(self, position: int) -> _Region | None:
        return next((r for r in self.regions if r.start < position < r.end - 1), None)

    def within(self, start: int, end: int) -> list[_Region]:
        return [r for r in self.regions if start <= r.start and r.end <= end + 1]

    def word_count(self, region: _Region) -> int:
        return len(self.text[region.start:region.end].split())


# ---- spans and hits -----------------------------------------------------------------

class _Hits:
    def __init__(self, hits: Sequence[EntityHit]) -> None:
        self.hits = sorted((h for h in hits if h.type in _SPEAKERS), key=lambda h: h.start)

    def within(self, start: int, end: int) -> list[EntityHit]:
        return [h for h in self.hits if start <= h.start and h.end <= end]

    def at(self, start: int, end: int) -> EntityHit | None:
        return next((h for h in self.hits if h.start < end and start < h.end), None)

    def before(self, position: int, since: int) -> list[EntityHit]:
        return [h for h in self.hits if since <= h.start and h.end <= position]


def _char_span(offset: int, tokens: Iterable[Any]) -> tuple[int, int]:
    toks = list(tokens)
    return offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1].text)


def _subtree_without(token: Any, cut: Iterable[Any] = ()) -> list[Any]:
    """Tokens of ``token``'s subtree, minus the subtrees of ``cut``."""
    removed = {t.i for c in cut for t in c.subtree}
    return [t for t in token.subtree if t.i not in removed]


def _naming_tokens(head: Any) -> list[Any]:
    """The subject phrase without the clauses that describe it."""
    return _subtree_without(head, [c for c in head.children if c.dep_ in _DESCRIBING])


# ---- sources ------------------------------------------------------------------------

class _Resolver:
    """Turns a source phrase into a claimant hit (or an anonymous source, or nothing)."""

    def __init__(self, text: str, hits: _Hits, sentences: Sequence[Sentence],
                 issuer: EntityHit | None) -> None:
        self.text = text
        self.hits = hits
        self.sentences = sentences
        self.issuer = issuer
        self.last: _Speaker | None = None

    def _recent(self, position: int, index: int, types: tuple[EntityType, ...],
                back: int = 2) -> EntityHit | None:
        """The nearest hit of ``types`` in this and the ``back`` preceding sentences."""
        since = self.sentences[max(0, index - back)].start if self.sentences else 0
        found = [h for h in self.hits.before(position, since) if h.type in types]
        return found[-1] if found else None

    def _described(self, noun: str, position: int) -> EntityHit | None:
        """"the court" -> the last organisation named with "Court" in it."""
        for hit in reversed(self.hits.before(position, 0)):
            if hit.type != EntityType.PERSON and noun in hit.text.casefold().split():
                return hit
        return None

    def resolve(self, head: Any, offset: int, index: int) -> tuple[bool, EntityHit | None, str]:
        """(is a speaker, claimant, phrase) for the source phrase headed by ``head``."""
        tokens = _naming_tokens(head)
        start, end = _char_span(offset, tokens)
        phrase = self.text[start:end]
        lower = head.lower_
        if lower in PRONOUNS_PERSON or lower in PRONOUNS_GROUP or lower in ("who", "which",
                                                                            "that"):
            return self._pronoun(head, offset, index, phrase)
        inside = self.hits.within(start, end)
        people = [h for h in inside if h.type == EntityType.PERSON]
        if people:
            # The person nearest the head: "Zelenskyy's adviser Podolyak" -> Podolyak.
            head_at = offset + head.idx
            return True, min(people, key=lambda h: abs(h.start - head_at)), phrase
        head_hit = self.hits.at(offset + head.idx, offset + head.idx + len(head.text))
        if head_hit is not None:
            return True, head_hit, phrase
        if inside:
            # An owner or a compound: "Denmark's defence minister", "U.S. officials".
            return True, inside[-1], phrase
        if lower in ANONYMOUS:
            modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
            country = next((demonym_countries()[c.text] for c in modifiers
                            if c.text in demonym_countries()), None)
            if country is not None:
                # "The Russian defence ministry said", "Ukrainian officials said".
                return True, self._named(country), phrase
            bare = not modifiers and any(c.lower_ == "the" for c in head.children)
            # Only a bare "the court" / "the ministry" points back to a named one.
            described = self._described(lower, offset + head.idx) if bare else None
            return True, described, phrase
        return False, None, phrase

    def _named(self, name: str) -> EntityHit | None:
        """A hit naming ``name`` anywhere in the text (the country a nationality names)."""
        return next((h for h in self.hits.hits if h.text == name), None)

    def _pronoun(self, head: Any, offset: int, index: int, phrase: str
                 ) -> tuple[bool, EntityHit | None, str]:
        lower = head.lower_
        position = offset + head.idx
        if lower in ("who", "which", "that"):
            # A relative pronoun stands for the noun its clause hangs on.
            clause = head.head
            antecedent = clause.head if clause.dep_ == "relcl" else None
            if antecedent is None:
                return False, None, phrase
            return self.resolve(antecedent, offset, index)
        if lower in PRONOUNS_PERSON:
            # The nearest named speaker wins over a person merely mentioned in between.
            if self.last is not None and index - self.last.sentence_index <= 5 and \
                    self.last.hit is not None and self.last.hit.type == EntityType.PERSON:
                return True, self.last.hit, phrase
            return True, self._recent(position, index, (EntityType.PERSON,), back=5), phrase
        if lower in ("we", "i"):
            # Outside quotations "we" is the publisher of a statement; inside, the speaker.
            return True, self.issuer, phrase
        if self.last is not None and index - self.last.sentence_index <= 2 and \
                self.last.hit is not None and self.last.hit.type != EntityType.PERSON:
            return True, self.last.hit, phrase
        return True, self._recent(position, index, (EntityType.ORGANIZATION, EntityType.GPE)), \
            phrase



# ---- cues and contents --------------------------------------------------------------

def _lemma(token: Any) -> tuple[str, str] | None:
    """("reporting"|"stance", lemma) when ``token`` is a verb used as a cue."""
    lower = token.lower_
    if token.pos_ not in ("VERB", "AUX", "") or token.dep_ in ("amod", "compound", "aux"):
        return None
    if lower in STANCE:
        return "stance", STANCE[lower]
    if lower in REPORTING:
        return "reporting", REPORTING[lower]
    return None


def _subject(verb: Any) -> tuple[Any | None, bool]:
    """(subject head, passive) of ``verb``, borrowing the subject of the verb it is
    coordinated with ("accused … and said …")."""
    current = verb
    for _ in range(4):
        agent = next((c for c in current.children if c.dep_ == "agent"), None)
        if agent is not None:
            by = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by is not None:
                return by, True
        subject = next((c for c in current.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            # The subject of a passive is what is reported, never who reports it.
            return (None, True) if subject.dep_ == "nsubjpass" else (subject, False)
        if current.dep_ in ("conj", "xcomp") and current.head is not current:
            current = current.head
            continue
        if current.dep_ == "acl" and current.head.dep_ == "ROOT" and current.tag_ == "VBD":
            # "The Estonian intelligence service assessed … that …" misread as a reduced
            # relative clause: the noun it hangs on is the subject.
            return current.head, False
        break
    return None, False


def _quotation_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quoted stretches in text[start:end] (typographic or straight double quotes)."""
    spans = []
    for match in re.finditer(r"[“\"]([^”\"]{3,})[”\"]", text[start:end]):
        spans.append((start + match.start(), start + match.end()))
    return spans


def _content(verb: Any, kind: str, lemma: str, subject: Any | None, passive: bool,
             offset: int, sentence: Any) -> tuple[int, int] | None:
    children = list(verb.children)
    clause = next((c for c in children if c.dep_ == "ccomp"), None)
    if clause is None and lemma in INFINITIVE_CONTENT:
        clause = next((c for c in children if c.dep_ == "xcomp"), None)
    if clause is not None and (clause.i > verb.i or not passive):
        tokens = _subtree_without(clause)
        tokens = [t for t in tokens if not (t.dep_ == "mark" and t.lower_ in ("that", "whether")
                                            and t.head is clause)]
        if tokens:
            return _char_span(offset, tokens)
    # "As Professor X has noted, the alliance…": the cue qualifies the main clause.
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
        tokens = _subtree_without(verb.head, [verb])
        if tokens:
            return _char_span(offset, tokens)
    # `"…," said X` parsed the other way round: the cue hangs on the quoted clause.
    if verb.dep_ in _CLAUSE_DEPS and verb.head.i < verb.i:
        tokens = _subtree_without(verb.head, [verb])
        tokens = [t for t in tokens if t.i < verb.i]
        if tokens:
            return _char_span(offset, tokens)
    if kind == "stance" or passive or lemma in OBJECT_CONTENT or any(
            c.dep_ == "prep" and c.lower_ == "as" for c in children):
        if not any(c.dep_ in ("dobj", "prep", "xcomp", "attr", "oprd", "agent", "ccomp")
                   for c in children) and not passive:
            return None
        cut = [subject] if subject is not None and not passive else []
        # A relative clause with its own speaker is a claim of its own ("…Odesa, which
        # local officials said had killed two people").
        cut += [t for t in verb.subtree if t.dep_ in ("relcl", "acl") and t is not verb
                and any(_lemma(w) for w in t.subtree)]
        cut += [c for c in children if c.dep_ in ("advcl", "aux", "auxpass", "neg", "npadvmod")
                or (c.dep_ == "advmod" and c.i < verb.i)]
        tokens = _subtree_without(verb, cut)
        if passive:
            tokens = list(sentence)
            tokens = [t for t in tokens if t.dep_ != "punct" or t.i != sentence.end - 1]
        if tokens:
            return _char_span(offset, tokens)
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in _QUOTES_OPEN + ",;:—-"):
        start += 1
    lead = re.match(r"(?:that|whether)\s+", text[start:end])
    if lead:
        start += lead.end()
    while end > start and (text[end - 1].isspace() or text[end - 1] in _QUOTES_CLOSE + ",;:—-"):
        end -= 1
    return start, end


def _statement(text: str, start: int, end: int) -> str:
    body = " ".join(text[start:end].split()).strip(" " + _QUOTES_OPEN + _QUOTES_CLOSE)
    if not body:
        return body
    body = body[:1].upper() + body[1:]
    return body if body[-1] in ".!?" else body + "."


# ---- the finder -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    claimant: EntityHit | None
    attribution: str
    cue: str


def _according_to(sentence: Any, offset: int, resolver: _Resolver, index: int,
                  text: str) -> list[_Found]:
    found = []
    for token in sentence:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None \
            else None
        if obj is None:
            continue
        speaker, claimant, _ = resolver.resolve(obj, offset, index)
        phrase_tokens = list(token.subtree)
        p_start, p_end = _char_span(offset, phrase_tokens)
        head_named = resolver.hits.at(offset + obj.idx, offset + obj.idx + len(obj.text))
        if not speaker or (claimant is None and obj.lower_ not in ANONYMOUS) or (
                head_named is None and obj.lower_ not in ANONYMOUS
                and obj.lower_ not in PRONOUNS_PERSON | PRONOUNS_GROUP
                and (claimant is None or claimant.type != EntityType.PERSON)):
            # "according to Kremlin military doctrine": a document, not a speaker — the
            # Kremlin named inside it says nothing here.
            continue
        s_start, s_end = _char_span(offset, sentence)
        # The content is the sentence without the "according to" phrase.
        if p_start - s_start > s_end - p_end:
            start, end = s_start, p_start
        else:
            start, end = p_end, s_end
        start, end = _trim(text, start, end)
        if end - start > 10:
            found.append(_Found(start, end, claimant, text[p_start:p_end], "according to"))
    return found


def _cues(sentence: Any, offset: int, resolver: _Resolver, index: int, text: str,
          quoted: _Regions) -> list[_Found]:
    found = []
    for token in sentence:
        cue = _lemma(token)
        if cue is None or quoted.inside(offset + token.idx):
            continue  # words inside a quotation are the quoted speaker's
        kind, lemma = cue
        if any(c.dep_ == "neg" for c in token.children):
            continue  # "did not respond", "did not say"
        if lemma in COGNITION and token.dep_ not in ("ROOT", "relcl", "conj", "parataxis"):
            continue
        subject, passive = _subject(token)
        if subject is None or (passive and kind == "reporting"
                               and lemma not in PASSIVE_REPORTING):
            continue
        speaker, claimant, _ = resolver.resolve(subject, offset, index)
        if not speaker or (lemma in NEEDS_AGENT and claimant is None
                           and subject.lower_ not in ANONYMOUS
                           and subject.lower_ not in PRONOUNS_PERSON):
            continue
        span = _content(token, kind, lemma, subject, passive, offset, sentence)
        colon = span is None and text[offset + token.idx:offset + sentence.end_char].rstrip(
            ).endswith(":")
        if span is None and not colon:
            continue
        s_start, s_end = _char_span(offset, _naming_tokens(subject))
        attribution = text[min(s_start, offset + token.idx):max(
            s_end, offset + token.idx + len(token.text))]
        if len(attribution) > 160:  # subject and cue far apart: name the two ends only
            attribution = f"{text[s_start:s_end][:100]} … {token.text}"
        if colon:
            found.append(_Found(-1, -1, claimant, attribution, lemma))  # content follows
            continue
        assert span is not None
        start, end = _trim(text, *span)
        if end - start >= 8:
            found.append(_Found(start, end, claimant, attribution, lemma))
    return found


def _without_nested(found: list[_Found]) -> list[_Found]:
    """A content inside another content of the same claimant is one claim, not two."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        outer = next((k for k in kept if k.start <= item.start and item.end <= k.end), None)
        if outer is not None and outer.claimant == item.claimant:
            continue
        kept.append(item)
    return kept


def _is_quotation(text: str, start: int, end: int) -> bool:
    body = text[start:end].strip()
    return len(body) > 2 and body[0] in "“\"" and body.rstrip(".!?")[-1:] in "”\""


def find_parsed_claims(parsed: ParsedText, sentences: Sequence[Sentence],
                       hits: Sequence[EntityHit], issuer: EntityHit | None = None
                       ) -> list[ClaimProposal]:
    """Attributed claims in a parsed text; see the module docstring."""
    text = parsed.text
    resolver = _Resolver(text, _Hits(hits), sentences, issuer)
    quoted = _Regions(text)
    headings = [(s.start, s.end) for s in sentences if s.heading]
    proposals: list[ClaimProposal] = []
    pending_colon: _Found | None = None
    index = 0
    for offset, doc in parsed.docs:
        for sentence in doc.sents:
            s_start, s_end = _trim_space(text, *_char_span(offset, sentence))
            if s_end <= s_start or any(h[0] <= s_start < h[1] for h in headings):
                continue
            index = _sentence_index(sentences, s_start, index)
            found = _according_to(sentence, offset, resolver, index, text)
            found += _cues(sentence, offset, resolver, index, text, quoted)
            colon = [f for f in found if f.start < 0]
            found = [f for f in found if f.start >= 0]
            opening = quoted.at(s_start + 1)
            if pending_colon is not None:
                if opening is not None or not found:
                    found = [_Found(s_start, s_end, pending_colon.claimant,
                                    pending_colon.attribution, pending_colon.cue)]
                pending_colon = None
            if colon:
                pending_colon = colon[0]
            if not found and opening is not None:
                # A quotation with no cue of its own continues the last speaker's.
                speaker = opening.speaker or (resolver.last if resolver.last is not None and
                                              index - resolver.last.sentence_index <= 1
                                              else None)
                if speaker is not None:
                    found = [_Found(s_start, s_end, speaker.hit, speaker.phrase, "continues")]
            if found:
                found += _loose_quotations(found, quoted, s_start, s_end)
            elif issuer is not None and opening is None and own_voice_sentence(
                    text, s_start, s_end, sentence):
                found = [_Found(s_start, s_end, issuer, f"statement by {issuer.text}",
                                "issuer")]
            for item in _without_nested(found):
                if item.cue != "issuer":
                    resolver.last = _Speaker(item.claimant, item.attribution, index)
                    for region in quoted.within(item.start - 1, item.end + 1):
                        region.speaker = region.speaker or resolver.last
                    region_at = quoted.at(item.start + 1)
                    if region_at is not None and region_at.speaker is None:
                        region_at.speaker = resolver.last
                proposals.append(ClaimProposal(item.start, item.end,
                                               _statement(text, item.start, item.end),
                                               item.claimant, item.attribution[:300],
                                               item.cue))
    return proposals


def _loose_quotations(found: list[_Found], quoted: _Regions, start: int, end: int
                      ) -> list[_Found]:
    """Quotations in an attributed sentence that no content covers yet: the same
    speaker's ("…," said X. "…" parsed as one sentence)."""
    speaker = next((f for f in found if f.cue != "according to"), None)
    if speaker is None:
        return []
    extra = []
    for region in quoted.within(start, end):
        if quoted.word_count(region) >= 5 and not any(
                f.start < region.end and region.start < f.end for f in found):
            extra.append(_Found(*_trim(quoted.text, region.start, region.end),
                                speaker.claimant, speaker.attribution, "continues"))
    return extra


def _trim_space(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_index(sentences: Sequence[Sentence], position: int, hint: int) -> int:
    i = min(hint, max(0, len(sentences) - 1))
    while i + 1 < len(sentences) and sentences[i + 1].start <= position:
        i += 1
    return i


def hedged(text: str) -> bool:
    return cue_of(text) is not None
