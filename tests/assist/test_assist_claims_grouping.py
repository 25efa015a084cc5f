"""Claims from attribution, implication candidates, and alias grouping (rules engine)."""

from __future__ import annotations

from db.models.vocab import EntityType, ImplicationKind
from desktop.assist.engine import analyse
from desktop.assist.gazetteer import KnownEntity
from desktop.assist.grouping import likely_duplicates


def _claims(text: str) -> list[tuple[str | None, str, str]]:
    analysis = analyse(text, engine="rules")
    result = []
    for claim in analysis.claims:
        group = analysis.group_of(claim.claimant) if claim.claimant else None
        result.append((group.name if group else None, claim.attribution, claim.statement))
    return result


def test_subject_said_that_links_the_speaker_and_keeps_the_reported_clause():
    [(who, attribution, statement)] = _claims(
        "Defense Secretary Pete Hegseth said that the Pentagon will buy more drones.")
    assert who == "Pete Hegseth"
    assert attribution == "Defense Secretary Pete Hegseth said"
    assert statement == "The Pentagon will buy more drones."


def test_trailing_attribution_is_cut_from_the_statement():
    [(who, attribution, statement)] = _claims(
        "“The damage was deliberate,” Energy Minister Liora Dask said.")
    assert who == "Liora Dask"
    assert statement == "“The damage was deliberate.”"
    assert attribution == "Energy Minister Liora Dask said"


def test_according_to_and_anonymous_officials():
    claims = _claims("According to the Pentagon, deliveries resumed in March. "
                     "Officials say the port reopened on Friday. "
                     "A district official claimed the ferry was full.")
    assert claims[0][:2] == ("Pentagon", "According to the Pentagon")
    assert claims[1][:2] == (None, "Officials say")
    assert claims[2][:2] == (None, "A district official claimed")


def test_participle_after_a_comma_belongs_to_the_sentence_subject():
    [(who, attribution, _)] = _claims(
        "Despite this, Volodymyr Zelenskyy remains optimistic, suggesting that a deal is near.")
    assert who == "Volodymyr Zelenskyy"
    assert attribution.endswith("suggesting")


def test_stated_quantities_become_claims_of_the_source_itself():
    analysis = analyse("This operation saw 117 Ukrainian drones strike four bases in Russia.",
                       engine="rules")
    [claim] = analysis.claims
    assert claim.claimant is None and claim.cue == "quantity"
    assert claim.quantities == ("117 Ukrainian drones",)


def test_hedged_sentences_become_judgements_and_plans_indicators():
    analysis = analyse("The deal could reshape air defence in Europe. "
                       "Denmark plans to open a drone factory next year. "
                       "The factory opened in May 2024 after long delays.", engine="rules")
    kinds = [(i.kind, i.cue) for i in analysis.implications]
    assert kinds == [(ImplicationKind.JUDGEMENT, "could"), (ImplicationKind.INDICATOR,
                                                             "plans to")]


def test_surname_title_and_alias_table_group_into_one_entity():
    analysis = analyse("Ukrainian President Volodymyr Zelenskyy met officials in America. "
                       "Later, Zelenskyy flew back from the U.S. and the Ukrainian "
                       "President spoke on television.", engine="rules")
    by_name = {g.name: g for g in analysis.groups}
    person = by_name["Volodymyr Zelenskyy"]
    assert [h.text for h in person.hits] == ["Volodymyr Zelenskyy", "Zelenskyy",
                                             "Ukrainian President"]
    # A title is the person's role, never an alias (issue 18).
    assert set(person.aliases) == {"Zelenskyy"}
    assert "Ukrainian President" in person.roles
    assert [h.text for h in by_name["United States"].hits] == ["America", "U.S."]


def test_project_gazetteer_overrides_the_engine_and_links_mentions_to_known_entities():
    known = [KnownEntity("uid-patriot", "Patriot", EntityType.EQUIPMENT, ("PAC-3",)),
             KnownEntity("uid-us", "United States", EntityType.GPE, ("U.S.",))]
    analysis = analyse("Zelenskyy asked for Patriot batteries. The U.S. sent PAC-3 rounds "
                       "from America.", known, engine="rules")
    by_name = {g.name: g for g in analysis.groups}
    assert by_name["Patriot"].known_uid == "uid-patriot"
    assert [h.text for h in by_name["Patriot"].hits] == ["Patriot", "PAC-3"]
    # "America" joins the accepted "United States" through the well-known aliases.
    assert by_name["United States"].known_uid == "uid-us"
    assert [h.text for h in by_name["United States"].hits] == ["U.S.", "America"]


def test_rejected_names_are_never_proposed_again():
    analysis = analyse("Swift Beat builds drones with Denmark.", engine="rules",
                       blocked=["swift beat"])
    assert "Swift Beat" not in {g.name for g in analysis.groups}


def test_likely_duplicates_are_flagged_with_reasons_not_merged():
    entities = [
        KnownEntity("1", "Volodymyr Zelenskyy", EntityType.PERSON),
        KnownEntity("2", "Zelensky", EntityType.PERSON),
        KnownEntity("3", "Ukrainian President", EntityType.PERSON),
        KnownEntity("4", "North Atlantic Treaty Organization", EntityType.ORGANIZATION),
        KnownEntity("5", "NATO", EntityType.ORGANIZATION),
        KnownEntity("6", "Denmark", EntityType.GPE),
        KnownEntity("7", "Norway", EntityType.GPE),
    ]
    groups = likely_duplicates(entities, {"1": ["Ukrainian President"]})
    by_members = {frozenset(g.uids): g.reason for g in groups}
    assert set(by_members) == {frozenset({"1", "2", "3"}), frozenset({"4", "5"})}
    assert "title of “Volodymyr Zelenskyy”" in by_members[frozenset({"1", "2", "3"})]
    assert "surname" in by_members[frozenset({"1", "2", "3"})]
