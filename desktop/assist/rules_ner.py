"""Entity hits without a model: capitalised sequences, titles, "Operation X", word lists.

This is the fallback that makes suggestions work on any install (and in every
test). It finds names well and guesses their types modestly; the analyst reviews
every suggestion anyway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from db.models.vocab import EntityType
from desktop.assist.hits import EntityHit, Origin
from desktop.assist.lexicon import (
    COUNTRIES,
    DEMONYMS,
    GENERIC_ACRONYMS,
    GERMAN_FUNCTION_WORDS,
    KNOWN_ALIASES,
    NEVER_NAME_START,
    SPEECH_VERBS,
    STOP_CAPITALISED,
    SUFFIX_TYPES,
    TITLE_WORDS,
)
from desktop.assist.text import Sentence
from desktop.assist.typemap import context_type

# Dotted acronyms keep their dots ("U.S."); apostrophes and hyphens split words so
# that "Ukraine’s" yields "Ukraine" and "Russia-Ukraine" two names.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+", re.UNICODE)
_CONNECTORS = frozenset({"of", "de", "del", "da", "van", "von", "der", "den", "la", "le", "al",
                         "bin", "ibn", "du", "di", "dos", "das"})
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ch")
_KNOWN_TYPES = {name: type_ for canonical, type_, aliases in KNOWN_ALIASES
                for name in (canonical, *aliases)}


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _title_word(word: str) -> bool:
    return word.rstrip(".").casefold() in TITLE_WORDS


def _sequences(text: str, sentence: Sentence) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words joined only by spaces (and name particles like "of")."""
    tokens = [(m.start(), m.end(), m.group())
              for m in _TOKEN.finditer(text, sentence.start, sentence.end)]
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    pending: list[tuple[int, int, str]] = []  # connectors waiting for a capital after them
    for token in tokens:
        start, _, word = token
        if current:
            last_end = (pending or current)[-1][1]
            gap = text[last_end:start]
            joined = gap.strip(" ") == "" and "\n" not in gap
            apostrophe = gap in ("’", "'") and _capitalised(word)  # O’Brien
            if not (joined or apostrophe):
                runs.append(current)
                current, pending = [], []
        if _capitalised(word) and not word[0].isdigit():
            if current:
                current.extend(pending)
            pending = []
            current.append(token)
        elif current and word in _CONNECTORS:
            pending.append(token)
        else:
            if current:
                runs.append(current)
            current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _guess_type(words: Sequence[str], had_title: bool, before: str, after: str
                ) -> tuple[EntityType, bool]:
    """(type, whether evidence rather than a guess decided it)."""
    name = " ".join(words)
    if name in _KNOWN_TYPES:
        return _KNOWN_TYPES[name], True
    if name in COUNTRIES:
        return EntityType.GPE, True
    if words[0] in ("Operation", "Exercise") and len(words) > 1:
        return EntityType.EVENT, True
    if had_title:
        return EntityType.PERSON, True
    guess = SUFFIX_TYPES.get(words[-1].casefold().rstrip("."))
    if guess is None and len(words) == 1 and _acronym(words[0]):
        guess = EntityType.ORGANIZATION
    if guess is None:
        next_word = after.split(maxsplit=1)[0].casefold() if after.split() else ""
        if next_word in SPEECH_VERBS or (len(words) in (2, 3)
                                         and all(w[:1].isupper() and w[1:].islower()
                                                 for w in words)):
            guess = EntityType.PERSON
        else:
            guess = EntityType.OTHER
    return context_type(guess, name, before, after)


def _demonym(word: str, after: str) -> bool:
    """"Ukrainian drones", "European allies": an adjective, not a name."""
    if word in DEMONYMS:
        return True
    following = after.split(maxsplit=1)[0] if after.split() else ""
    return (word.endswith(_DEMONYM_ENDINGS) and word not in COUNTRIES
            and following[:1].islower() and following.casefold() not in SPEECH_VERBS)


def _opens_sentence(text: str, sentence: Sentence, start: int) -> bool:
    return text[sentence.start:start].strip("“\"‘'( ") == ""


def capitals_mark_names(text: str) -> bool:
    """False for German-like text, where every noun is capitalised."""
    sample = [w.casefold() for w in re.findall(r"[^\W\d_]+", text[:20_000])]
    if not sample:
        return True
    german = sum(1 for w in sample if w in GERMAN_FUNCTION_WORDS)
    return german / len(sample) < 0.08


def rule_hits(text: str, sentences: Sequence[Sentence]) -> list[EntityHit]:
    """Entity hits found by rules alone (title-case headings are skipped: there every word
    is capitalised; so is German text, except for names the word lists know)."""
    if not capitals_mark_names(text):
        return [h for h in _all_rule_hits(text, sentences) if _vouched(h)]
    return _all_rule_hits(text, sentences)


def _vouched(hit: EntityHit) -> bool:
    return (hit.text in COUNTRIES or hit.text in _KNOWN_TYPES
            or hit.text.split()[0] in ("Operation", "Exercise"))


def _all_rule_hits(text: str, sentences: Sequence[Sentence]) -> list[EntityHit]:
    mid_sentence: set[str] = set()
    runs_by_sentence = []
    for sentence in sentences:
        runs = _sequences(text, sentence) if not sentence.title_case else []
        runs_by_sentence.append((sentence, runs))
        for run in runs:
            if run[0][0] != sentence.start:
                mid_sentence.add(run[0][2])
    hits: list[EntityHit] = []
    for sentence, runs in runs_by_sentence:
        for run in runs:
            hits.extend(_run_hits(text, sentence, run, mid_sentence))
    return hits


def _run_hits(text: str, sentence: Sentence, run: list[tuple[int, int, str]],
              mid_sentence: set[str]) -> list[EntityHit]:
    hits: list[EntityHit] = []
    tokens = list(run)
    # Sentence-initial capitals ("The", "However") say nothing; elsewhere a capital is
    # a strong sign of a name ("the New York Post").
    while tokens and (tokens[0][2] in NEVER_NAME_START or tokens[0][2] in _CONNECTORS
                      or (tokens[0][2] in STOP_CAPITALISED
                          and _opens_sentence(text, sentence, tokens[0][0]))):
        tokens.pop(0)
    while tokens and tokens[-1][2] in _CONNECTORS:
        tokens.pop()
    # A title ends the role part: "U.S. President | Donald Trump".
    had_title = False
    for index in range(len(tokens) - 2, -1, -1):
        if _title_word(tokens[index][2]):
            prefix, tokens = tokens[:index + 1], tokens[index + 1:]
            had_title = True
            for start, end, word in prefix:
                if word in COUNTRIES or word in _KNOWN_TYPES:
                    hits.append(EntityHit(start, end, word, _KNOWN_TYPES.get(word, EntityType.GPE),
                                          Origin.RULES))
            break
    if not tokens:
        return hits
    start, end = tokens[0][0], tokens[-1][1]
    name = text[start:end]
    words = [t[2] for t in tokens]
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    if len(words) == 1:
        word = words[0]
        if word in GENERIC_ACRONYMS or _title_word(word) or _demonym(word, after):
            return hits
        if _opens_sentence(text, sentence, start) and word not in mid_sentence and word not in COUNTRIES \
                and word not in _KNOWN_TYPES and not _acronym(word):
            return hits
    type_, cued = _guess_type(words, had_title, before, after)
    hits.append(EntityHit(start, end, name, type_, Origin.RULES, cued=cued))
    return hits


def lexicon_hits(text: str, sentences: Sequence[Sentence]) -> list[EntityHit]:
    """Only the rule hits a word list vouches for (countries, well-known aliases,
    "Operation X"): they add to a model's hits without adding its guesswork."""
    return [h for h in _all_rule_hits(text, sentences) if _vouched(h)]
