"""The spaCy engine on the drone-deal article (skips when no English pipeline is installed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.models.vocab import EntityType
from desktop.assist.engine import Analysis, analyse
from desktop.assist.evaluation import Span, score
from desktop.ingest.document import ImportedDocument
from desktop.services import sources, suggestions

pytestmark = pytest.mark.spacy
DRONE_ARTICLE = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "articles"
                 / "us-ukraine-drone-mega-deal.txt").resolve()


@pytest.fixture(scope="module")
def analysis(spacy_pipeline) -> Analysis:
    """One spaCy pass over the article for the whole module."""
    if not DRONE_ARTICLE.is_file():
        pytest.skip(f"the shared test corpus is not at {DRONE_ARTICLE.parent.parent}")
    result = analyse(DRONE_ARTICLE.read_text(encoding="utf-8"), engine="spacy")
    assert result.engine.startswith("spacy:")
    return result


def test_named_people_organisations_and_countries_are_suggested(analysis):
    types = {g.name: g.type for g in analysis.groups}
    expected = {
        "Volodymyr Zelenskyy": EntityType.PERSON,
        "Donald Trump": EntityType.PERSON,
        "Pete Hegseth": EntityType.PERSON,
        "Pentagon": EntityType.ORGANIZATION,
        "Ukraine": EntityType.GPE,
        "United States": EntityType.GPE,
        "Denmark": EntityType.GPE,
        "NATO": EntityType.ORGANIZATION,
    }
    for name, type_ in expected.items():
        assert types.get(name) == type_, name


def test_known_model_errors_are_repaired(analysis):
    by_name = {g.name: g for g in analysis.groups}
    # spaCy tags a lone "Zelenskyy" ORG or GPE, "Patriot" PERSON, the operation WORK_OF_ART.
    assert all(h.type == EntityType.PERSON for h in by_name["Volodymyr Zelenskyy"].hits)
    assert len(by_name["Volodymyr Zelenskyy"].hits) == 6
    assert by_name["Patriot"].type == EntityType.EQUIPMENT
    assert by_name["Operation Spiderweb"].type == EntityType.EVENT
    assert "Defense" not in by_name and "UAV" not in by_name
    assert {h.text for h in by_name["United States"].hits} == {"United States", "U.S.",
                                                               "America"}


def test_claims_by_zelenskyy_name_him_as_claimant(analysis):
    by_him = [c for c in analysis.claims
              if c.claimant and analysis.group_of(c.claimant).name == "Volodymyr Zelenskyy"]
    assert len(by_him) >= 4
    attributions = {c.attribution for c in by_him}
    assert "Ukrainian President Volodymyr Zelenskyy has announced" in attributions
    assert "Zelenskyy revealed" in attributions
    revealed = next(c for c in by_him if c.attribution == "Zelenskyy revealed")
    assert revealed.statement.startswith("Talks with U.S. President Donald Trump")


def test_operation_spiderweb_appears_and_unattributed_figures_are_no_claims(analysis,
                                                                           drone_text):
    mentions = {h.text for g in analysis.groups for h in g.hits}
    claim_texts = " ".join(drone_text[c.start:c.end] for c in analysis.claims)
    assert "Operation Spiderweb" in mentions
    # The article states the figure in its own voice: reporting, not someone's claim.
    assert "117 Ukrainian drones" not in claim_texts


def test_spacy_engine_scores_well_against_the_hand_annotated_gold(analysis, gold):
    predicted = [Span(h.start, h.end, g.type.value) for g in analysis.groups for h in g.hits]
    expected = [Span(e["start"], e["end"], e["type"]) for e in gold["entities"]]
    result = score(predicted, expected)
    assert result.precision >= 0.9 and result.recall >= 0.9, str(result)


def test_gold_offsets_are_code_points_into_the_article(gold, drone_text):
    for entity in gold["entities"]:
        assert drone_text[entity["start"]:entity["end"]] == entity["text"]


def test_suggest_service_with_spacy_stores_the_article_suggestions(ctx, spacy_pipeline,
                                                                    drone_text):
    uid = str(sources.add_source(ctx, ImportedDocument(text=drone_text, title="Deal"))
              .primary_uid)
    changes = suggestions.suggest_for_source(ctx, uid, engine="spacy")
    assert changes.extra["counts"]["entity"] == 16
    assert changes.extra["counts"]["mention"] == 70
    claimants = {r.label for r in suggestions.pending(ctx, uid) if r.kind == "claim"}
    assert "Volodymyr Zelenskyy" in claimants
