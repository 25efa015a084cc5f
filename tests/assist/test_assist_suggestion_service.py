"""Storing, reviewing and undoing suggestions through the services (rules engine)."""

from __future__ import annotations

import pytest

from db.models.vocab import Credibility
from db.repository import queries
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, history, sources, suggestions

TEXT = (
    "Ukrainian President Volodymyr Zelenskyy said that Ukraine could sell drones to the "
    "United States. Defense Secretary Pete Hegseth announced a new drone office.\n"
    "According to the Pentagon, 117 drones were tested in Denmark.\n"
    "The programme may take years to finish."
)


@pytest.fixture
def source_uid(ctx) -> str:
    return str(sources.add_source(ctx, ImportedDocument(text=TEXT, title="Drones")).primary_uid)


def _suggest(ctx, uid):
    return suggestions.suggest_for_source(ctx, uid, engine="rules")


def _pending(ctx, uid, kind=None):
    return [r for r in suggestions.pending(ctx, uid) if kind in (None, r.kind)]


def _entity_states(ctx):
    with ctx.reading() as s:
        return {e.name: e.review_state for e in queries.list_entities(s)}


def test_suggest_stores_every_kind_as_suggested_and_counts_them(ctx, source_uid):
    changes = _suggest(ctx, source_uid)
    counts = changes.extra["counts"]
    assert changes.extra["engine"] == "rules"
    assert counts["entity"] >= 5 and counts["mention"] >= 6
    assert counts["claim"] == 3 and counts["implication"] == 1
    rows = _pending(ctx, source_uid)
    assert {r.kind for r in rows} == {"entity", "mention", "claim", "implication"}
    assert all(TEXT[r.start:r.end] for r in rows)
    mention = next(r for r in rows if r.kind == "mention" and r.text == "Volodymyr Zelenskyy")
    assert mention.detail == "Volodymyr Zelenskyy" and mention.label == "PERSON"
    claim = next(r for r in rows if r.kind == "claim" and r.label == "Volodymyr Zelenskyy")
    assert claim.detail == "Ukrainian President Volodymyr Zelenskyy said"
    assert claim.text == "Ukraine could sell drones to the United States."
    # Suggestions are not the analyst's work: accepted-only lists stay empty.
    with ctx.reading() as s:
        assert queries.list_entities(s, include_suggested=False) == []
        assert queries.list_claims(s, include_suggested=False) == []


def test_rerun_adds_nothing_new(ctx, source_uid):
    first = _suggest(ctx, source_uid)
    again = _suggest(ctx, source_uid)
    assert not again and again.extra["skipped"] > 0
    assert len(_pending(ctx, source_uid)) == len(suggestions.pending(ctx, source_uid))
    assert sum(first.extra["counts"].values()) > 0


def test_accepting_a_mention_accepts_its_suggested_entity_and_learns_the_alias(
        ctx, source_uid):
    _suggest(ctx, source_uid)
    mention = next(r for r in _pending(ctx, source_uid, "mention") if r.text == "Pete Hegseth")
    change = suggestions.accept(ctx, [mention.uid])
    assert _entity_states(ctx)["Pete Hegseth"] == "accepted"
    assert mention.uid not in {r.uid for r in _pending(ctx, source_uid)}
    history.revert(ctx, change)
    assert _entity_states(ctx)["Pete Hegseth"] == "suggested"
    assert mention.uid in {r.uid for r in _pending(ctx, source_uid)}
    history.reapply(ctx, change)
    assert _entity_states(ctx)["Pete Hegseth"] == "accepted"


def test_edit_then_accept_a_claim_keeps_the_edit_and_accepts_the_claimant(ctx, source_uid):
    _suggest(ctx, source_uid)
    claim = next(r for r in _pending(ctx, source_uid, "claim") if r.label == "Pete Hegseth")
    claims.update_claim(ctx, claim.uid, statement="The Pentagon opens a drone office.",
                        credibility=2)
    suggestions.accept(ctx, [claim.uid])
    with ctx.reading() as s:
        [row] = queries.list_claims(s, include_suggested=False)
    assert row.statement == "The Pentagon opens a drone office." and row.credibility == 2
    assert row.claimant_name == "Pete Hegseth"
    assert _entity_states(ctx)["Pete Hegseth"] == "accepted"


def test_edit_a_suggested_entity_then_accept_its_mention(ctx, source_uid):
    _suggest(ctx, source_uid)
    entity = next(r for r in _pending(ctx, source_uid, "entity") if r.text == "Pentagon")
    entities.update_entity(ctx, entity.uid, name="US Department of Defense", type="ORGANIZATION")
    mention = next(r for r in _pending(ctx, source_uid, "mention") if r.text == "Pentagon")
    suggestions.accept(ctx, [mention.uid])
    with ctx.reading() as s:
        [row] = queries.list_entities(s, include_suggested=False)
    assert row.name == "US Department of Defense" and "Pentagon" in row.aliases
    assert row.mentions == 1


def test_rejected_suggestions_stay_rejected_and_rerun_does_not_resurrect_them(
        ctx, source_uid):
    _suggest(ctx, source_uid)
    denmark = next(r for r in _pending(ctx, source_uid, "entity") if r.text == "Denmark")
    claim = _pending(ctx, source_uid, "claim")[0]
    implication = _pending(ctx, source_uid, "implication")[0]
    rejected = suggestions.reject(ctx, [denmark.uid, claim.uid, implication.uid])
    assert _entity_states(ctx).get("Denmark") is None  # rejected rows leave the lists
    again = _suggest(ctx, source_uid)
    assert not again
    pending_uids = {r.uid for r in _pending(ctx, source_uid)}
    assert not pending_uids & {denmark.uid, claim.uid, implication.uid}
    assert "Denmark" not in {r.detail for r in _pending(ctx, source_uid, "mention")}
    # Undoing the rejection brings them back to the queue.
    history.revert(ctx, rejected)
    assert {denmark.uid, claim.uid, implication.uid} <= {r.uid for r in
                                                         _pending(ctx, source_uid)}


def test_rejecting_the_only_mention_rejects_the_suggested_entity(ctx, source_uid):
    _suggest(ctx, source_uid)
    mention = next(r for r in _pending(ctx, source_uid, "mention") if r.text == "Denmark")
    suggestions.reject(ctx, [mention.uid])
    with ctx.reading() as s:
        states = {e.name: e.review_state for e in queries.list_entities(s)}
    assert "Denmark" not in states


def test_accepted_work_is_never_overwritten_or_duplicated(ctx, source_uid):
    start = TEXT.index("Pete Hegseth")
    made = entities.create_entity_with_mention(ctx, "Pete Hegseth", "PERSON", source_uid,
                                               start, start + len("Pete Hegseth"))
    _suggest(ctx, source_uid)
    with ctx.reading() as s:
        spans = [sp for sp in queries.spans_for_source(s, 1) if sp.kind == "mention"
                 and sp.start == start]
    assert len(spans) == 1 and spans[0].review_state == "accepted"
    # The claim by Hegseth is attributed to the analyst's own entity.
    claim = next(r for r in _pending(ctx, source_uid, "claim") if "office" in r.text)
    assert claim.target_uid == made.primary_uid


def test_cannot_reject_the_analysts_own_work(ctx, source_uid):
    made = entities.create_entity(ctx, "Kessel pipeline", "FACILITY")
    with pytest.raises(InvalidInputError):
        suggestions.reject(ctx, [made.primary_uid])
    with pytest.raises(NotFoundError):
        suggestions.accept(ctx, ["no-such-uid"])


def test_accept_all_of_one_kind_then_undo(ctx, source_uid):
    _suggest(ctx, source_uid)
    before = len(_pending(ctx, source_uid, "claim"))
    change = suggestions.accept_all(ctx, source_uid, "claim")
    assert _pending(ctx, source_uid, "claim") == []
    assert _pending(ctx, source_uid, "mention")  # other kinds untouched
    with ctx.reading() as s:
        assert len(queries.list_claims(s, include_suggested=False)) == before
    history.revert(ctx, change)
    assert len(_pending(ctx, source_uid, "claim")) == before
    with pytest.raises(InvalidInputError):
        suggestions.accept_all(ctx, source_uid, "banana")


def test_undo_of_a_suggestion_run_removes_everything_it_added(ctx, source_uid):
    run = _suggest(ctx, source_uid)
    history.revert(ctx, run)
    assert suggestions.pending(ctx, source_uid) == []
    history.reapply(ctx, run)
    assert len(suggestions.pending(ctx, source_uid)) > 0


def test_progress_is_reported_and_cancel_stores_nothing(ctx, source_uid):
    seen: list[tuple[int, int, str]] = []
    suggestions.suggest_for_source(ctx, source_uid, engine="rules",
                                   progress=lambda d, t, label: seen.append((d, t, label)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    other = sources.add_source(ctx, ImportedDocument(text="Denmark said no. " * 3,
                                                     title="Other")).primary_uid
    result = suggestions.suggest_for_source(ctx, other, engine="rules",
                                            cancelled=lambda: True)
    assert not result and result.extra["cancelled"] is True
    assert suggestions.pending(ctx, other) == []


def test_asking_for_spacy_without_a_pipeline_is_a_clear_error(ctx, source_uid, monkeypatch):
    import desktop.assist.engine as engine

    monkeypatch.setattr(engine, "installed_pipeline", lambda: None)
    with pytest.raises(InvalidInputError, match="rules engine"):
        suggestions.suggest_for_source(ctx, source_uid, engine="spacy")
    # "auto" falls back to rules.
    assert suggestions.suggest_for_source(ctx, source_uid).extra["engine"] == "rules"


def test_likely_duplicates_use_titles_seen_in_the_sources(ctx, source_uid):
    start = TEXT.index("Volodymyr Zelenskyy")
    person = entities.create_entity_with_mention(ctx, "Volodymyr Zelenskyy", "PERSON",
                                                 source_uid, start, start + 19)
    title = entities.create_entity(ctx, "Ukrainian President", "PERSON")
    entities.create_entity(ctx, "Zelensky", "PERSON")
    [group] = suggestions.likely_duplicate_entities(ctx)
    assert person.primary_uid in group.uids and title.primary_uid in group.uids
    assert len(group.uids) == 3 and "title" in group.reason
    assert len(_entity_states(ctx)) == 3  # flagged, not merged


def test_an_accepted_claim_takes_the_source_letter_and_leaves_credibility_unassessed(
        ctx, source_uid):
    sources.update_source(ctx, source_uid, reliability="B")
    _suggest(ctx, source_uid)
    claim = _pending(ctx, source_uid, "claim")[0]
    suggestions.accept(ctx, [claim.uid])
    with ctx.reading() as s:
        [row] = [r for r in queries.list_claims(s) if r.uid == claim.uid]
    assert row.credibility == Credibility.UNASSESSED and row.grade == "B?"


def test_no_sentence_is_suggested_as_both_claim_and_implication(ctx, source_uid):
    _suggest(ctx, source_uid)
    rows = _pending(ctx, source_uid)
    claimed = [(r.start, r.end) for r in rows if r.kind == "claim"]
    for r in rows:
        if r.kind == "implication":
            assert not any(a < r.end and r.start < b for a, b in claimed)


def test_a_long_source_is_suggested_piece_by_piece_and_can_stop(ctx):
    paragraph = ("Defense Secretary Pete Hegseth said that the Pentagon would test drones "
                 "in Denmark. Officials said the tests could take months.\n")
    long_text = paragraph * 40
    uid = str(sources.add_source(ctx, ImportedDocument(text=long_text,
                                                       title="Long")).primary_uid)
    pieces = list(suggestions.suggest_in_pieces(ctx, uid, engine="rules", chunk_chars=1000))
    assert len(pieces) > 3
    assert [p.done for p in pieces] == sorted(p.done for p in pieces)
    assert pieces[-1].done == pieces[-1].total == len(long_text)
    assert sum(p.changes.extra["counts"]["claim"] for p in pieces) == 80
    # One entity per name across pieces, not one per piece.
    with ctx.reading() as s:
        names = [e.name for e in queries.list_entities(s, include_suggested=True)]
    assert names.count("Pete Hegseth") == 1

    other = str(sources.add_source(ctx, ImportedDocument(text=long_text.replace("Pete", "Pat"),
                                                         title="Long 2")).primary_uid)
    stopped = []
    for piece in suggestions.suggest_in_pieces(ctx, other, engine="rules", chunk_chars=1000,
                                               cancelled=lambda: bool(stopped)):
        stopped.append(piece)  # the analyst presses Cancel once the first piece is in
    assert len(stopped) == 1 and stopped[0].done < stopped[0].total
    with ctx.reading() as s:
        kept = [c for c in queries.list_claims(s, include_suggested=True)
                if c.source_uid == other]
    assert len(kept) == stopped[0].changes.extra["counts"]["claim"] > 0
