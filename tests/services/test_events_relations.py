"""Events and relations through the services: create, edit, delete, undo, cascades."""

from __future__ import annotations

import pytest

from db.repository import events as event_queries
from desktop.core.errors import InvalidInputError
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, events, history, relations, sources

TEXT = ("On 3 March 2026 Kyiv and Copenhagen signed a drone deal. "
        "Zelenskyy met Frederiksen in Copenhagen. Norland funds the plant.")


def _project(ctx):  # type: ignore[no-untyped-def]
    suid = sources.add_source(ctx, ImportedDocument(text=TEXT, title="Deal")).primary_uid
    uids = {}
    for name, type_ in (("Zelenskyy", "PERSON"), ("Frederiksen", "PERSON"),
                        ("Copenhagen", "GPE"), ("Norland", "GPE")):
        start = TEXT.index(name)
        uids[name] = entities.create_entity_with_mention(
            ctx, name, type_, suid, start, start + len(name)).primary_uid
    return suid, uids


def _events(ctx):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return event_queries.list_events(s)


def _relations(ctx):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return event_queries.list_relations(s)


def test_event_keeps_date_place_participants_claims_and_anchor(ctx) -> None:  # type: ignore[no-untyped-def]
    suid, e = _project(ctx)
    start = TEXT.index("Zelenskyy met")
    claim = claims.create_claim(ctx, claims.ClaimDraft("They met", suid, start, start + 39,
                                                       credibility=2)).primary_uid
    made = events.create_event(ctx, events.EventDraft(
        "Zelenskyy met Frederiksen", "c. 2026-03", suid, start, start + 39,
        place_uid=e["Copenhagen"], participant_uids=(e["Zelenskyy"], e["Frederiksen"]),
        claim_uids=(claim,)))
    [row] = _events(ctx)
    assert row.uid == made.primary_uid
    assert (row.date_start, row.date_end, row.date_precision, row.approximate) == (
        "2026-03", "", "month", True)
    assert row.when == "c. 2026-03"
    assert row.place_name == "Copenhagen"
    assert set(row.participants) == {"Zelenskyy", "Frederiksen"}
    assert row.claim_uids == (claim,)
    assert TEXT[row.start:row.end] == "Zelenskyy met Frederiksen in Copenhagen"


def test_event_date_range_and_bad_dates(ctx) -> None:  # type: ignore[no-untyped-def]
    suid, _ = _project(ctx)
    events.create_event(ctx, events.EventDraft("Talks", "2026-03-03..2026-03-05", suid))
    [row] = _events(ctx)
    assert (row.date_start, row.date_end, row.date_precision) == ("2026-03-03", "2026-03-05",
                                                                  "day")
    with pytest.raises(InvalidInputError, match="ends before it starts"):
        events.create_event(ctx, events.EventDraft("Bad", "2026-03-05..2026-03-01"))
    with pytest.raises(InvalidInputError, match="not a real date"):
        events.create_event(ctx, events.EventDraft("Bad", "2026-02-30"))
    with pytest.raises(InvalidInputError, match="what happened"):
        events.create_event(ctx, events.EventDraft("   ", "2026"))
    assert len(_events(ctx)) == 1


def test_event_edit_replaces_participants_and_undo_restores_them(ctx) -> None:  # type: ignore[no-untyped-def]
    _, e = _project(ctx)
    uid = events.create_event(ctx, events.EventDraft(
        "Meeting", "2026-03-03", participant_uids=(e["Zelenskyy"],))).primary_uid
    edit = events.update_event(ctx, uid, participant_uids=[e["Frederiksen"], e["Norland"]],
                               when="2026")
    [row] = _events(ctx)
    assert set(row.participants) == {"Frederiksen", "Norland"} and row.date_start == "2026"
    history.revert(ctx, edit)
    [row] = _events(ctx)
    assert row.participants == ("Zelenskyy",) and row.date_start == "2026-03-03"
    history.reapply(ctx, edit)
    [row] = _events(ctx)
    assert set(row.participants) == {"Frederiksen", "Norland"}


def test_relation_rests_on_a_claim_and_takes_its_grade(ctx) -> None:  # type: ignore[no-untyped-def]
    suid, e = _project(ctx)
    sources.update_source(ctx, suid, reliability="B")
    start = TEXT.index("Norland funds")
    claim = claims.create_claim(ctx, claims.ClaimDraft("Norland funds the plant", suid, start,
                                                       start + 22, credibility=2)).primary_uid
    made = relations.create_relation(ctx, relations.RelationDraft(
        e["Norland"], "FUNDS", e["Copenhagen"], claim, suid, start, start + 22))
    [row] = _relations(ctx)
    assert row.uid == made.primary_uid and row.type == "funds" and row.grade == "B2"
    assert (row.subject_name, row.object_name) == ("Norland", "Copenhagen")
    history.revert(ctx, made)
    assert _relations(ctx) == []


def test_relation_types_are_the_vocabulary_plus_the_projects_own(ctx) -> None:  # type: ignore[no-untyped-def]
    _, e = _project(ctx)
    with pytest.raises(InvalidInputError, match="not a relation type"):
        relations.create_relation(ctx, relations.RelationDraft(e["Zelenskyy"], "trains",
                                                               e["Frederiksen"]))
    relations.add_relation_type(ctx, "Trains")
    assert relations.relation_types(ctx)[-1] == "trains"
    relations.create_relation(ctx, relations.RelationDraft(e["Zelenskyy"], "trains",
                                                           e["Frederiksen"]))
    assert [r.type for r in _relations(ctx)] == ["trains"]
    with pytest.raises(InvalidInputError, match="two different entities"):
        relations.create_relation(ctx, relations.RelationDraft(e["Norland"], "owns",
                                                               e["Norland"]))


def test_deleting_an_entity_takes_its_relations_and_undo_brings_them_back(ctx) -> None:  # type: ignore[no-untyped-def]
    _, e = _project(ctx)
    relations.create_relation(ctx, relations.RelationDraft(e["Zelenskyy"], "met with",
                                                           e["Frederiksen"]))
    events.create_event(ctx, events.EventDraft("Meeting", "2026", place_uid=e["Copenhagen"],
                                               participant_uids=(e["Zelenskyy"],)))
    gone = entities.delete_entities(ctx, [e["Zelenskyy"], e["Copenhagen"]])
    assert _relations(ctx) == []
    [row] = _events(ctx)
    assert row.participants == () and row.place_name == ""
    history.revert(ctx, gone)
    [row] = _events(ctx)
    assert row.participants == ("Zelenskyy",) and row.place_name == "Copenhagen"
    assert len(_relations(ctx)) == 1


def test_merging_entities_moves_relations_and_participants(ctx) -> None:  # type: ignore[no-untyped-def]
    _, e = _project(ctx)
    relations.create_relation(ctx, relations.RelationDraft(e["Norland"], "funds",
                                                           e["Copenhagen"]))
    relations.create_relation(ctx, relations.RelationDraft(e["Zelenskyy"], "met with",
                                                           e["Frederiksen"]))
    events.create_event(ctx, events.EventDraft("Meeting", "2026", place_uid=e["Frederiksen"],
                                               participant_uids=(e["Zelenskyy"],
                                                                 e["Frederiksen"])))
    entities.merge_entities(ctx, e["Zelenskyy"], [e["Frederiksen"]])
    # "Zelenskyy met with Zelenskyy" says nothing once the two are one: it goes.
    assert [(r.subject_name, r.object_name) for r in _relations(ctx)] == [
        ("Norland", "Copenhagen")]
    [row] = _events(ctx)
    assert row.participants == ("Zelenskyy",) and row.place_name == "Zelenskyy"


def test_deleting_a_claim_unlinks_events_and_ungrades_relations(ctx) -> None:  # type: ignore[no-untyped-def]
    suid, e = _project(ctx)
    claim = claims.create_claim(ctx, claims.ClaimDraft("funds", suid)).primary_uid
    relations.create_relation(ctx, relations.RelationDraft(e["Norland"], "funds",
                                                           e["Copenhagen"], claim))
    events.create_event(ctx, events.EventDraft("Funding", "2026", claim_uids=(claim,)))
    claims.delete_claims(ctx, [claim])
    [rel] = _relations(ctx)
    assert rel.claim_uid is None and rel.grade == ""
    assert _events(ctx)[0].claim_uids == ()


def test_deleting_events_and_relations_is_one_undo_step(ctx) -> None:  # type: ignore[no-untyped-def]
    _, e = _project(ctx)
    ev = events.create_event(ctx, events.EventDraft("Meeting", "2026",
                                                    participant_uids=(e["Norland"],)))
    rel = relations.create_relation(ctx, relations.RelationDraft(e["Norland"], "owns",
                                                                 e["Copenhagen"]))
    gone = events.delete_events(ctx, [ev.primary_uid or ""])
    assert gone.kinds == {"event", "event_participant"}
    gone_rel = relations.delete_relations(ctx, [rel.primary_uid or ""])
    assert _events(ctx) == [] and _relations(ctx) == []
    history.revert(ctx, gone)
    history.revert(ctx, gone_rel)
    assert len(_events(ctx)) == 1 and len(_relations(ctx)) == 1


def test_suggested_events_come_from_dated_sentences_once(ctx) -> None:  # type: ignore[no-untyped-def]
    doc = ImportedDocument(text=TEXT, title="Deal", published_at="2026-03-05")
    suid = sources.add_source(ctx, doc).primary_uid
    made = events.suggest_events(ctx, suid or "")
    with ctx.reading() as s:
        [row] = event_queries.list_events(s, include_suggested=True)
        assert event_queries.list_events(s, include_suggested=False) == []
    assert row.review_state == "suggested" and row.date_start == "2026-03-03"
    assert row.date_text == "3 March 2026" and TEXT[row.start:row.end] == row.title
    assert not events.suggest_events(ctx, suid or "").kinds & {"event"}
    history.revert(ctx, made)


def test_assist_suggests_dated_events_for_the_review_queue(ctx) -> None:  # type: ignore[no-untyped-def]
    from desktop.services import suggestions

    doc = ImportedDocument(text=TEXT, title="Deal", published_at="2026-03-05")
    suid = sources.add_source(ctx, doc).primary_uid or ""
    made = suggestions.suggest_for_source(ctx, suid, engine="rules")
    assert made.extra["counts"]["event"] == 1
    [event] = [r for r in suggestions.pending(ctx, suid) if r.kind == "event"]
    assert event.label == "2026-03-03" and event.detail == "3 March 2026"
    suggestions.accept(ctx, [event.uid])
    assert [e.title for e in _events(ctx)] == [TEXT.split(". ")[0] + "."]
    assert not [r for r in suggestions.pending(ctx, suid) if r.kind == "event"]
