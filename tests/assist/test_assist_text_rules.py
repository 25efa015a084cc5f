"""Sentence splitting, quantities and the rule-based entity finder (no model needed)."""

from __future__ import annotations

from db.models.vocab import EntityType
from desktop.assist.engine import analyse
from desktop.assist.quantities import find_quantities
from desktop.assist.text import split_sentences

TEXT = (
    "Ukrainian President Volodymyr Zelenskyy said talks with U.S. President Donald Trump "
    "went well. Zelenskyy added that the “Operation Spiderweb” raid used 117 Ukrainian "
    "drones.\n"
    "Background\n"
    "Officials say the Patriot missile system is in short supply. According to the "
    "Pentagon, deliveries could resume in May. European allies like Denmark plan to help."
)


def test_sentences_do_not_break_after_abbreviations_and_headings_stand_alone():
    sentences = split_sentences(TEXT)
    assert sentences[0].text.startswith("Ukrainian President")
    assert sentences[0].text.endswith("went well.")
    assert [s.text for s in sentences if s.heading] == ["Background"]
    assert all(TEXT[s.start:s.end] == s.text for s in sentences)


def test_quantities_keep_units_and_skip_years():
    assert [q.text for q in find_quantities("saw 117 Ukrainian drones fly 800 miles")] == [
        "117 Ukrainian drones", "800 miles"]
    assert find_quantities("in 2024 the drones flew") == []
    assert [q.text for q in find_quantities("a 50-day timeline and $2 billion")] == [
        "50-day", "$2 billion"]


def _groups(text: str) -> dict[str, tuple[EntityType, tuple[str, ...]]]:
    analysis = analyse(text, engine="rules")
    assert analysis.engine == "rules"
    return {g.name: (g.type, tuple(h.text for h in g.hits)) for g in analysis.groups}


def test_rules_find_people_places_and_operations_with_types():
    groups = _groups(TEXT)
    assert groups["Volodymyr Zelenskyy"][0] == EntityType.PERSON
    assert groups["Volodymyr Zelenskyy"][1] == ("Volodymyr Zelenskyy", "Zelenskyy")
    assert groups["Donald Trump"][0] == EntityType.PERSON
    assert groups["Operation Spiderweb"][0] == EntityType.EVENT
    assert groups["Patriot"][0] == EntityType.EQUIPMENT
    assert groups["Denmark"][0] == EntityType.GPE
    assert groups["Pentagon"][0] == EntityType.ORGANIZATION
    assert groups["United States"] == (EntityType.GPE, ("U.S.",))


def test_rules_skip_nationalities_titles_and_sentence_openers():
    names = set(_groups(TEXT))
    for noise in ("Ukrainian", "European", "Officials", "According", "President", "May",
                  "Background"):
        assert noise not in names


def test_titles_become_roles_of_the_person_not_entities():
    analysis = analyse(TEXT, engine="rules")
    person = next(g for g in analysis.groups if g.name == "Volodymyr Zelenskyy")
    assert person.roles == ("Ukrainian President",)
    assert "Ukrainian President" not in person.aliases  # a title is no alias (issue 18)
    trump = next(g for g in analysis.groups if g.name == "Donald Trump")
    assert trump.roles == ("U.S. President",)


def test_offsets_are_code_points_with_emoji_and_cyrillic():
    text = "🙂🙂 Офіцер сказав. Олег Верняєв said the Kessel Pipeline was hit."
    analysis = analyse(text, engine="rules")
    for group in analysis.groups:
        for hit in group.hits:
            assert text[hit.start:hit.end] == hit.text
    assert "Олег Верняєв" in {g.name for g in analysis.groups}


def test_rules_engine_scores_well_on_the_hand_annotated_drone_article(drone_text, gold):
    from desktop.assist.evaluation import Span, score

    analysis = analyse(drone_text, engine="rules")
    predicted = [Span(h.start, h.end, g.type.value) for g in analysis.groups for h in g.hits]
    expected = [Span(e["start"], e["end"], e["type"]) for e in gold["entities"]]
    result = score(predicted, expected)
    assert result.precision >= 0.9 and result.recall >= 0.9, str(result)


def test_german_capitalised_nouns_are_not_taken_for_names():
    text = ("Die Topologie ist ein Teilgebiet der Mathematik. Der Begriff des Raumes wird "
            "mit Hilfe offener Mengen definiert, und die Stetigkeit folgt daraus in Berlin.")
    names = set(_groups(text))
    assert "Topologie" not in names and "Mathematik" not in names
    assert names == {"Berlin"}


def test_bylines_and_sentence_case_headlines_are_searched_for_names():
    text = ("Explosion damages Kessel pipeline off Port Vanta\n\n"
            "By Mara Ellison, Estmark Herald, 3 March 2026\n\n"
            "Divers found a crater beside the Kessel gas pipeline, the Estmark Herald said.")
    groups = _groups(text)
    assert groups["Mara Ellison"][0] == EntityType.PERSON
    assert groups["Port Vanta"][0] == EntityType.LOCATION
    kessel = next(v for k, v in groups.items() if k.startswith("Kessel"))
    assert kessel[0] == EntityType.FACILITY
    assert set(kessel[1]) == {"Kessel pipeline", "Kessel gas pipeline"}


def test_span_set_answers_overlap_questions_like_a_scan():
    import random

    from desktop.assist.hits import SpanSet

    rng = random.Random(7)
    for _ in range(300):
        spans = [(a, a + rng.randint(1, 8)) for a in
                 (rng.randint(0, 50) for _ in range(rng.randint(0, 8)))]
        occupied = SpanSet(spans)
        for _ in range(10):
            start = rng.randint(0, 60)
            end = start + rng.randint(1, 6)
            assert occupied.overlaps(start, end) == any(s < end and start < e for s, e in spans)
