"""Source summaries, entity profiles, the claims × judgements matrix and the overview."""

from __future__ import annotations

from db.models.vocab import SupportRelation
from db.repository import queries
from desktop.assist.summarise import summarise
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, history, implications, sources, summaries

ARTICLE = (
    "Drone exports\n"
    "Ukraine plans to sell combat drones to the United States in exchange for air defence "
    "systems. The drone deal would give Ukraine more air defence systems against missile "
    "attacks. Officials in Kyiv said the drone deal could be signed within weeks. "
    "The weather in Kyiv was mild on Tuesday. "
    "American planners want combat drones because their own drone programmes lag behind. "
    "A football match was postponed because of rain."
)


def test_extractive_summary_picks_central_sentences_in_order_with_spans():
    picked = summarise(ARTICLE, 2)
    assert len(picked) == 2
    assert all(ARTICLE[s.start:s.end] == s.text for s in picked)
    assert [s.start for s in picked] == sorted(s.start for s in picked)
    chosen = " ".join(s.text for s in picked)
    assert "drone deal" in chosen and "football" not in chosen and "weather" not in chosen
    assert summarise("Too short.") == []


def test_stored_summary_is_editable_undoable_and_located_in_the_text(ctx):
    uid = str(sources.add_source(ctx, ImportedDocument(text=ARTICLE, title="Deal")).primary_uid)
    fresh = summaries.source_summary(ctx, uid)
    assert fresh.generated and fresh.sentences
    stored = summaries.store_summary(ctx, uid)
    kept = summaries.source_summary(ctx, uid)
    assert not kept.generated and kept.text == fresh.text
    assert [s.start for s in kept.sentences] == [s.start for s in fresh.sentences]
    edited = summaries.store_summary(ctx, uid, "Ukraine and the US discuss a drone deal. "
                                     + fresh.sentences[0].text)
    located = summaries.source_summary(ctx, uid).sentences
    assert [s.text for s in located] == [fresh.sentences[0].text]  # the new words are not in the text
    history.revert(ctx, edited)
    assert summaries.source_summary(ctx, uid).text == fresh.text
    history.revert(ctx, stored)
    assert summaries.source_summary(ctx, uid).generated


def test_entity_profile_collects_mentions_claims_cooccurrence_and_sources(sample_ctx):
    with sample_ctx.reading() as s:
        dask = next(e for e in queries.list_entities(s) if e.name == "Liora Dask")
    profile = summaries.entity_profile(sample_ctx, dask.uid)
    assert profile.name == "Liora Dask" and "Energy Minister" in profile.aliases
    assert [m.exact for m in profile.mentions] == ["Liora Dask", "Dask"]
    assert [c.statement for c in profile.claims_by] == [
        "The damage to the Kessel pipeline was deliberate and professionally done."]
    assert len(profile.sources) == 1 and profile.sources[0].mentions == 2
    names = [c.name for c in profile.co_occurring]
    assert "Kessel pipeline" in names and "Liora Dask" not in names
    with sample_ctx.reading() as s:
        merid = next(e for e in queries.list_entities(s) if e.name == "Merid Star")
    about = summaries.entity_profile(sample_ctx, merid.uid).claims_about
    assert any("Merid Star" in c.statement for c in about)


def test_matrix_cells_and_counts_follow_edits_and_undo(sample_ctx):
    matrix = summaries.claims_matrix(sample_ctx)
    assert len(matrix.claims) == 7
    assert {j.kind for j in matrix.judgements} == {"bluf", "judgement"}
    deliberate = next(j for j in matrix.judgements if j.text.startswith("The damage"))
    assert (deliberate.supports, deliberate.contradicts) == (3, 1)
    claim = matrix.claims[1]  # grid operator: gas deliveries cut — not linked to it yet
    assert matrix.cell(claim.uid, deliberate.uid).relation is None
    assert matrix.cell(claim.uid, deliberate.uid).grade == claim.grade

    added = summaries.set_matrix_cell(sample_ctx, claim.uid, deliberate.uid, "contradicts")
    after = summaries.claims_matrix(sample_ctx)
    assert after.cell(claim.uid, deliberate.uid).relation == SupportRelation.CONTRADICTS
    assert after.judgement(deliberate.uid).contradicts == 2
    assert after.judgement(deliberate.uid).balance < deliberate.balance

    summaries.set_matrix_cell(sample_ctx, claim.uid, deliberate.uid, SupportRelation.SUPPORTS)
    changed = summaries.claims_matrix(sample_ctx).judgement(deliberate.uid)
    assert (changed.supports, changed.contradicts) == (4, 1)

    cleared = summaries.set_matrix_cell(sample_ctx, claim.uid, deliberate.uid, None)
    assert summaries.claims_matrix(sample_ctx).judgement(deliberate.uid).supports == 3
    assert not summaries.set_matrix_cell(sample_ctx, claim.uid, deliberate.uid, None)
    history.revert(sample_ctx, cleared)
    assert summaries.claims_matrix(sample_ctx).judgement(deliberate.uid).supports == 4
    history.revert(sample_ctx, added)


def test_better_graded_support_makes_a_judgement_stronger(ctx):
    uid = str(sources.add_source(ctx, ImportedDocument(text=ARTICLE, title="Deal")).primary_uid)
    sources.update_source(ctx, uid, reliability="A")
    strong = claims.create_claim(ctx, claims.ClaimDraft("Deal near", uid, credibility=1))
    weak = claims.create_claim(ctx, claims.ClaimDraft("Deal maybe", uid, credibility=5))
    a = implications.create_implication(ctx, implications.ImplicationDraft("A")).primary_uid
    b = implications.create_implication(ctx, implications.ImplicationDraft("B")).primary_uid
    implications.link_claim(ctx, strong.primary_uid, a)
    implications.link_claim(ctx, weak.primary_uid, b)
    matrix = summaries.claims_matrix(ctx)
    assert matrix.judgement(a).balance > matrix.judgement(b).balance > 0
    overview = summaries.project_overview(ctx)
    assert [j.text for j in overview.weakest_judgements] == ["B", "A"]


def test_project_overview_counts_timeline_entities_and_claim_status(sample_ctx):
    overview = summaries.project_overview(sample_ctx)
    assert overview.counts["sources"] == 3 and overview.counts["claims"] == 7
    assert overview.counts["judgements"] == 3
    assert [t.date for t in overview.timeline] == ["2026-03-03", "2026-03-04", "2026-03-05"]
    assert overview.top_entities[0].name == "Kessel pipeline"
    assert overview.claims_by_status == {"corroborated": 1, "disputed": 1, "reported": 5}
    assert overview.weakest_judgements[0].text.startswith("Gas supply")
    assert overview.pending_suggestions == 0
