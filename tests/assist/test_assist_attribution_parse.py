"""Claims from the dependency parse (issue 18): PARC attribution forms, claimant = speaker.

Sentences written for these tests (not taken from any gold text). Each checks the
claimant in the claimant field and the content the claim is anchored to.
"""

from __future__ import annotations

from typing import Any

import pytest

from desktop.assist.engine import Analysis, analyse


@pytest.fixture(scope="module", autouse=True)
def _model(spacy_pipeline: Any) -> Any:
    return spacy_pipeline


def _claims(text: str) -> list[tuple[str | None, str]]:
    analysis: Analysis = analyse(text, engine="spacy")
    found = []
    for claim in analysis.claims:
        group = analysis.group_of(claim.claimant) if claim.claimant else None
        name = group.name if group else (claim.claimant.text if claim.claimant else None)
        found.append((name, text[claim.start:claim.end]))
    return found


def _by(text: str, content: str) -> str | None:
    """The claimant of the claim whose content holds ``content``."""
    hits = [who for who, said in _claims(text) if content in said]
    assert hits, f"no claim holds {content!r}: {_claims(text)}"
    return hits[0]


def test_quote_first_speaker_after_with_a_title():
    text = '"The sanctions will bite within a month," said Finance Minister Olaf Brandt.'
    assert _by(text, "The sanctions will bite") == "Olaf Brandt"


def test_the_object_of_the_cue_is_never_the_claimant():
    text = ("Security chief Kenneth Marlow announced the Kremlin's agents had grown reckless. "
            "Envoy Maria Santos urged Vladimir Putin to withdraw his troops.")
    assert _by(text, "agents had grown reckless") == "Kenneth Marlow"
    assert _by(text, "withdraw his troops") == "Maria Santos"


def test_a_person_is_not_lost_to_the_organisation_around_them():
    text = ("NATO Secretary General Jens Berglund condemned the attack on the port. "
            "Spokesperson for the Chinese Foreign Ministry Hua Lin said the reports were "
            "groundless.")
    assert _by(text, "condemned the attack") == "Jens Berglund"
    assert _by(text, "the reports were groundless") == "Hua Lin"


def test_an_office_without_a_name_falls_back_to_its_owner():
    text = "Norway's defence minister has remarked that the northern border is secure."
    assert _by(text, "the northern border is secure") == "Norway"


def test_passive_cue_takes_the_agent():
    text = "The ceasefire proposal was rejected by the United States on Friday."
    assert _by(text, "The ceasefire proposal") == "United States"


def test_a_coordinated_second_cue_keeps_the_speaker():
    text = "Mayor Anna Weiss criticised the plan and added that the city would go to court."
    assert _by(text, "the city would go to court") == "Anna Weiss"


def test_colon_and_block_quote():
    text = ("The alliance has a problem. Professor Sir John Hale surmises:\n"
            "\u201cThe alliance is not ready for a long war, and its leaders know it.\u201d")
    assert _by(text, "not ready for a long war") == "John Hale"


def test_according_to_a_doctrine_is_nobodys_claim_but_according_to_an_agency_is():
    text = ("According to Kremlin military doctrine, the Arctic is a strategic priority. "
            "According to the International Atomic Energy Agency, the reactor is stable.")
    claims = _claims(text)
    assert not any("Arctic is a strategic priority" in said for _, said in claims)
    assert _by(text, "the reactor is stable") == "International Atomic Energy Agency"


def test_a_pronoun_resolves_to_the_named_speaker_before_it():
    text = ("Defence Minister Carla Ruiz visited the base on Monday. She said the troops were "
            "ready to deploy.")
    assert _by(text, "the troops were ready") == "Carla Ruiz"


def test_a_split_quote_continues_with_the_same_speaker():
    text = '"We will not back down," Commander Ilse Hale said. "Not now, and not next year."'
    assert _by(text, "Not now, and not next year") == "Ilse Hale"


def test_the_publisher_of_a_release_claims_what_it_states_in_its_own_voice():
    text = ("Press release\n"
            "LONDON — The Ministry of Defence today announced a contract for 40 helicopters.\n"
            "The supplier has delivered parts to the army since 2019, and its factory in "
            "Yeovil employs 3,000 people.\n"
            '"This is a good day for the armed forces," said Defence Secretary Tom Reed.')
    assert _by(text, "has delivered parts to the army") == "Ministry of Defence"
    assert _by(text, "a good day for the armed forces") == "Tom Reed"


def test_a_wire_report_states_no_claims_in_its_own_voice():
    text = ("KYIV (Reuters) - The grain terminal was hit by three missiles overnight and two "
            "workers were injured. Officials said repairs would take a week.")
    claims = _claims(text)
    assert [who for who, _ in claims] == [None]  # only the officials' (anonymous) claim


def test_a_sentence_is_a_claim_or_an_implication_never_both():
    text = ("Analysts said the talks could collapse within days. "
            "The talks could collapse within days if neither side moves.")
    analysis = analyse(text, engine="spacy")
    claimed = [(c.start, c.end) for c in analysis.claims]
    assert len(claimed) == 1 and len(analysis.implications) == 1
    implication = analysis.implications[0]
    assert not any(a < implication.end and implication.start < b for a, b in claimed)


def test_words_inside_a_quotation_belong_to_the_quoted_speaker():
    text = ('"When people say we need balance, they mean silence," said activist Lena Ortiz.')
    assert [who for who, _ in _claims(text)] == ["Lena Ortiz"]


def test_a_nationality_names_the_country_and_as_noted_qualifies_the_main_clause():
    text = ("Russia moved troops to the border. The Russian defence ministry said the "
            "exercises were routine. As Professor Dana Reyes has noted, the drills follow "
            "a yearly pattern.")
    assert _by(text, "the exercises were routine") == "Russia"
    assert _by(text, "the drills follow a yearly pattern") == "Dana Reyes"


def test_a_release_states_legal_effects_that_are_no_claims():
    text = ("Press release\n"
            "WASHINGTON — Today, the Office of Foreign Assets Control designated two "
            "companies for shipping weapons parts.\n"
            "All property of the designated persons in the United States must be reported "
            "to the Office of Foreign Assets Control.\n")
    claims = _claims(text)
    assert any("designated two companies" in said for _, said in claims)
    assert not any("must be reported" in said for _, said in claims)


def test_a_news_lead_saying_today_is_not_a_release():
    text = ("The European Union today agreed to extend its sanctions for six months.\n"
            "The decision followed weeks of talks between member states in Brussels.")
    assert _claims(text) == []


def test_a_dateline_is_a_place_and_never_the_speaker():
    text = ("TALLINN, Estonia (AP) — Leaders of the Nordic states pledged on Friday to buy "
            "more air defence systems.")
    analysis = analyse(text, engine="spacy")
    places = {g.name: g.type.value for g in analysis.groups}
    assert places.get("TALLINN") == "GPE" or places.get("Tallinn") == "GPE"
    assert [(who, said) for who, said in _claims(text)
            if who is not None and who.casefold() == "tallinn"] == []
