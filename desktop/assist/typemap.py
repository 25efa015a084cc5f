"""How a model's entity labels become Dossier entity types: a table plus context rules.

The table is deliberately explicit so the evaluation script can print it and
analysts can see why, say, a NORP ("Ukrainian") is never suggested.
"""

from __future__ import annotations

import re

from db.models.vocab import EntityType
from desktop.assist.lexicon import (
    EQUIPMENT_HEADS,
    FOLLOWING_TYPE_CUES,
    PRECEDING_TYPE_CUES,
    PREFIX_TYPES,
    SUFFIX_TYPES,
    TITLE_WORDS,
)

# spaCy (OntoNotes) label -> Dossier type; None: not an entity we suggest.
SPACY_TYPES: dict[str, EntityType | None] = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.GPE,
    "LOC": EntityType.LOCATION,
    "FAC": EntityType.FACILITY,
    "PRODUCT": EntityType.EQUIPMENT,
    "EVENT": EntityType.EVENT,
    "LAW": EntityType.AGREEMENT,
    "WORK_OF_ART": None,  # titles of books and films; "Operation X" is handled below
    "NORP": None,  # nationalities and groups ("Ukrainian") describe, they do not name
    "LANGUAGE": None,
    "DATE": None,
    "TIME": None,
    "PERCENT": None,
    "MONEY": None,
    "QUANTITY": None,  # quantities surface in claims, not as entities
    "ORDINAL": None,
    "CARDINAL": None,
}

_OPERATION = re.compile(r"^(?:Operation|Exercise)\s+\S")
# The word after a name, over a possessive: "Norland's foreign ministry" -> "foreign".
_WORD_AFTER = re.compile(r"^(?:[’']s)?[\s\-]*([A-Za-z]+)")
# The word before a name, over an article and an appositive comma: "vessel, the Merid Star".
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s.]*(?:,\s*)?(?:(?:the|a|an)\s+)?$")
# An apposition after a name: "Grauwal Shipping, a company registered…".
_APPOSITION = re.compile(r"^,\s+(?:a|an|the)\s+(?:[a-z-]+\s+)?([a-z]+)\b")
_GUESSES = (EntityType.PERSON, EntityType.OTHER)


def spacy_type(label: str, text: str) -> EntityType | None:
    """The Dossier type for a spaCy label on ``text`` before context rules; None to skip."""
    if _OPERATION.match(text):
        return EntityType.EVENT
    return SPACY_TYPES.get(label)


# German and Dutch street names end in their kind of street: "Petersallee", "Nachtigalplatz".
_STREET = re.compile(r"(?:allee|stra(?:ss|ß)e|platz|gasse|weg|damm|ufer|straat|plein|laan)$")


def _internal_type(text: str) -> EntityType | None:
    if " " not in text and _STREET.search(text.casefold()):
        return EntityType.LOCATION
    words = text.split()
    first, last = words[0].casefold().rstrip("."), words[-1].casefold().rstrip(".")
    if len(words) > 1 and first in PREFIX_TYPES:
        return PREFIX_TYPES[first]
    return SUFFIX_TYPES.get(last)


def context_type(type_: EntityType, text: str, before: str, after: str
                 ) -> tuple[EntityType, bool]:
    """The type the words in and around a name point to, and whether anything pointed.

    "the Patriot missile system" is equipment whatever a model says; "U.S. company
    Swift Beat" and "Grauwal Shipping, a company" are organisations; "President X" a
    person; "northern Estmark" and "the Norland authorities" places with a government.
    Evidence only replaces what the model or the rules could merely guess at.
    """
    if _OPERATION.match(text):
        return EntityType.EVENT, True
    internal = _internal_type(text)
    if internal is not None and (type_ in _GUESSES or (
            # "Berlin Conference", "Minsk Agreement", "African Quarter" are no organisations.
            type_ == EntityType.ORGANIZATION and internal in (
                EntityType.EVENT, EntityType.AGREEMENT, EntityType.LOCATION))):
        return internal, True
    preceding = _WORD_BEFORE.search(before)
    if preceding:
        word = preceding.group(1).casefold()
        # Across a comma only a thing-noun names the thing: "a survey vessel, the Merid
        # Star" — but not "in the region, the Aurora Lift".
        if "," in preceding.group() and PRECEDING_TYPE_CUES.get(word) not in (
                EntityType.ORGANIZATION, EntityType.EQUIPMENT, EntityType.EVENT):
            word = ""
        if word in TITLE_WORDS and type_ in (EntityType.ORGANIZATION, EntityType.GPE,
                                             EntityType.OTHER):
            return EntityType.PERSON, True
        cue = PRECEDING_TYPE_CUES.get(word)
        if cue is not None and (type_ in _GUESSES or (cue == EntityType.GPE and type_ in (
                EntityType.ORGANIZATION, EntityType.LOCATION))
                or (cue != EntityType.GPE and type_ != EntityType.GPE)):
            return cue, True
    following = _WORD_AFTER.match(after)
    word = following.group(1).casefold() if following else ""
    # A country or organisation before "drones" is an owner, not a make.
    if word in EQUIPMENT_HEADS and type_ in (*_GUESSES, EntityType.EQUIPMENT):
        return EntityType.EQUIPMENT, True
    cue = FOLLOWING_TYPE_CUES.get(word)
    if cue is not None and (type_ in _GUESSES or (cue == EntityType.GPE and type_ in (
            EntityType.ORGANIZATION, EntityType.LOCATION))):
        return cue, True
    apposition = _APPOSITION.match(after)
    if apposition and type_ in _GUESSES:
        noun = apposition.group(1)
        if noun in PRECEDING_TYPE_CUES:
            return PRECEDING_TYPE_CUES[noun], True
        if noun in EQUIPMENT_HEADS:
            return EntityType.EQUIPMENT, True
    return type_, internal is not None and internal == type_


def type_in_context(type_: EntityType, text: str, before: str, after: str) -> EntityType:
    return context_type(type_, text, before, after)[0]


def mapping_table() -> list[tuple[str, str]]:
    """(model label, Dossier type or "skipped") for reports."""
    rows = [(label, t.value if t else "skipped") for label, t in SPACY_TYPES.items()]
    rows.append(("WORK_OF_ART starting “Operation”/“Exercise”", EntityType.EVENT.value))
    return rows
