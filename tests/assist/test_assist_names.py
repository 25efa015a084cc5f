"""Names an analyst would keep (issue 18): whole, title-free, one organisation per name."""

from __future__ import annotations

import re

from db.models.vocab import EntityType
from desktop.assist.engine import analyse
from desktop.assist.hits import EntityHit, Origin
from desktop.assist.names import repair


def _hit(text: str, words: str, type_: EntityType, nth: int = 0) -> EntityHit:
    start = [m.start() for m in re.finditer(re.escape(words), text)][nth]
    return EntityHit(start, start + len(words), words, type_, Origin.MODEL)


def _names(text: str, hits: list[EntityHit]) -> list[tuple[str, str]]:
    return [(h.text, h.type.value) for h in repair(text, hits)]


def test_titles_and_ranks_come_off_a_persons_name_and_a_bare_title_goes():
    text = "Admiral Pieter de Vries met Lt Gen officers and Sir Rob Fry in London."
    hits = [_hit(text, "Admiral Pieter de Vries", EntityType.PERSON),
            _hit(text, "Lt Gen", EntityType.PERSON), _hit(text, "Sir Rob Fry", EntityType.PERSON)]
    assert _names(text, hits) == [("Pieter de Vries", "PERSON"), ("Rob Fry", "PERSON")]


def test_a_name_cut_at_a_particle_is_made_whole():
    text = "Ursula von der Leyen spoke first."
    hits = [_hit(text, "Ursula von der", EntityType.PERSON), _hit(text, "Leyen", EntityType.GPE)]
    assert _names(text, hits) == [("Ursula von der Leyen", "PERSON")]


def test_no_trailing_ampersand_or_unclosed_bracket():
    text = "Edited by Andrew Osborn & Mark Tate for the Office of Foreign Assets Control (OFAC)."
    hits = [_hit(text, "Andrew Osborn &", EntityType.ORGANIZATION),
            _hit(text, "Office of Foreign Assets Control (OFAC", EntityType.ORGANIZATION)]
    names = _names(text, hits)
    assert ("Andrew Osborn", "ORGANIZATION") in names
    assert ("Office of Foreign Assets Control", "ORGANIZATION") in names
    assert all("(" not in n and not n.endswith("&") for n, _ in names)


def test_an_organisation_within_an_organisation_is_two_plus_its_acronym():
    text = ("Today, the U.S. Department of the Treasury's Office of Foreign Assets Control "
            "(OFAC) designated six entities.")
    hits = [_hit(text, "U.S. Department", EntityType.ORGANIZATION),
            _hit(text, "the Treasury's Office of Foreign Assets Control (OFAC",
                 EntityType.ORGANIZATION)]
    repaired = repair(text, hits)
    names = {(h.text, h.type.value) for h in repaired}
    assert ("U.S. Department of the Treasury", "ORGANIZATION") in names
    assert ("Office of Foreign Assets Control", "ORGANIZATION") in names
    acronym = next(h for h in repaired if h.text == "OFAC")
    assert acronym.alias_of == "Office of Foreign Assets Control"


def test_the_acronym_groups_with_its_long_form():
    text = ("The Office of Foreign Assets Control (OFAC) listed two firms. "
            "OFAC said more would follow.")
    analysis = analyse(text, engine="rules")
    office = next(g for g in analysis.groups if g.name == "Office of Foreign Assets Control")
    assert "OFAC" in office.aliases


def test_a_comma_list_of_common_words_and_a_slash_pair():
    text = "KYIV/MOSCOW - Land, Air, Sea, Space were the domains discussed."
    hits = [_hit(text, "KYIV/MOSCOW", EntityType.ORGANIZATION),
            _hit(text, "Land, Air, Sea, Space", EntityType.ORGANIZATION)]
    # Two places: a dateline in capitals still finds its listed city.
    assert _names(text, hits) == [("KYIV", "GPE"), ("MOSCOW", "GPE")]


def test_the_curated_list_corrects_types():
    text = "Strikes on Odesa and Kaliningrad were discussed at NATO."
    hits = [_hit(text, "Odesa", EntityType.PERSON), _hit(text, "Kaliningrad", EntityType.FACILITY),
            _hit(text, "NATO", EntityType.GPE)]
    assert _names(text, hits) == [("Odesa", "GPE"), ("Kaliningrad", "GPE"),
                                  ("NATO", "ORGANIZATION")]


def test_a_common_noun_the_parser_did_not_read_as_a_name_is_dropped():
    text = "Gunfire was heard near Kherson."
    gunfire, kherson = _hit(text, "Gunfire", EntityType.PERSON), _hit(text, "Kherson",
                                                                       EntityType.GPE)
    proper = {(gunfire.start, gunfire.end): False, (kherson.start, kherson.end): True}
    assert [(h.text) for h in repair(text, [gunfire, kherson], proper)] == ["Kherson"]


def test_a_department_named_in_a_title_is_no_organisation():
    text = "Secretary of State Margaret Ellison said so."
    hits = [_hit(text, "State", EntityType.ORGANIZATION),
            _hit(text, "Margaret Ellison", EntityType.PERSON)]
    assert _names(text, hits) == [("Margaret Ellison", "PERSON")]


def test_listed_places_the_model_missed_are_found():
    analysis = analyse("Troops moved from Belgorod towards Kharkiv overnight.", engine="rules")
    assert {(g.name, g.type) for g in analysis.groups} >= {("Belgorod", EntityType.GPE),
                                                          ("Kharkiv", EntityType.GPE)}
