"""How a model's entity labels become Dossier entity types: a table plus context rules.

The table is deliberately explicit so the evaluation script can print it and
analysts can see why, say, a NORP ("Ukrainian") is never suggested.
"""

from __future__ import annotations

import re

from db.models.vocab import EntityType
from desktop.assist.lexicon import EQUIPMENT_HEADS, PRECEDING_TYPE_CUES, TITLE_WORDS

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
_WORD_AFTER = re.compile(r"^[\s\-]*([A-Za-z]+)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s.]*$")


def spacy_type(label: str, text: str) -> EntityType | None:
    """The Dossier type for a spaCy label on ``text`` before context rules; None to skip."""
    if _OPERATION.match(text):
        return EntityType.EVENT
    return SPACY_TYPES.get(label)


def type_in_context(type_: EntityType, text: str, before: str, after: str) -> EntityType:
    """Correct a type from the words around the name.

    "the Patriot missile system" is equipment whatever a model says;
    "U.S. company Swift Beat" is an organisation; "President X" a person.
    """
    if _OPERATION.match(text):
        return EntityType.EVENT
    following = _WORD_AFTER.match(after)
    # A country or organisation before "drones" is an owner, not a make.
    if (following and following.group(1).casefold() in EQUIPMENT_HEADS
            and type_ in (EntityType.PERSON, EntityType.OTHER, EntityType.EQUIPMENT)):
        return EntityType.EQUIPMENT
    preceding = _WORD_BEFORE.search(before)
    if preceding:
        word = preceding.group(1).casefold()
        if word in PRECEDING_TYPE_CUES and type_ != EntityType.GPE:
            return PRECEDING_TYPE_CUES[word]
        if word in TITLE_WORDS and type_ in (EntityType.ORGANIZATION, EntityType.GPE,
                                             EntityType.OTHER):
            return EntityType.PERSON
    return type_


def mapping_table() -> list[tuple[str, str]]:
    """(model label, Dossier type or "skipped") for reports."""
    rows = [(label, t.value if t else "skipped") for label, t in SPACY_TYPES.items()]
    rows.append(("WORK_OF_ART starting “Operation”/“Exercise”", EntityType.EVENT.value))
    return rows
