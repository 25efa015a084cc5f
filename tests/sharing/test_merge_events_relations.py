"""Events and relations take part in merging like every other kind (DESIGN §9)."""

from __future__ import annotations

from db.repository import events as event_queries
from desktop.services import entities, events, relations
from desktop.sharing.merge import merge
from tests.sharing.conftest import dump, opened


def _state(ctx):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        evs = {(e.title, e.date_start, e.date_end, tuple(sorted(e.participants)), e.place_name)
               for e in event_queries.list_events(s)}
        rels = {(r.subject_name, r.type, r.object_name, r.grade)
                for r in event_queries.list_relations(s)}
    return evs, rels


def test_two_copies_adding_events_and_relations_concurrently_merge_both_ways(team, people):
    origin, a, b = team
    zelenskyy, denmark, pentagon = origin.entities
    with opened(a, people["Ann"]) as ctx:
        events.create_event(ctx, events.EventDraft(
            "Drone deal signed", "2026-03-03", origin.source, 0, 20, place_uid=denmark,
            participant_uids=(zelenskyy,), claim_uids=(origin.claims[0],)))
        relations.create_relation(ctx, relations.RelationDraft(
            denmark, "funds", pentagon, origin.claims[2]))
    with opened(b, people["Bob"]) as ctx:
        events.create_event(ctx, events.EventDraft(
            "Talks continue", "c. 2026-04", participant_uids=(pentagon, denmark)))
        relations.create_relation(ctx, relations.RelationDraft(
            zelenskyy, "met with", pentagon))
    with opened(b, people["Bob"]) as ctx:
        summary = merge(ctx, a)
        assert summary.counts["event"].new == 1 and summary.counts["relation"].new == 1
        assert summary.counts["event_participant"].new == 1
        bob_view = _state(ctx)
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
        ann_view = _state(ctx)
    assert ann_view == bob_view
    evs, rels = ann_view
    assert {e[0] for e in evs} == {"Drone deal signed", "Talks continue"}
    assert ("Talks continue", "2026-04", "", ("Denmark", "Pentagon"), "") in evs
    assert {r[:3] for r in rels} == {("Denmark", "funds", "Pentagon"),
                                     ("Volodymyr Zelenskyy", "met with", "Pentagon")}
    assert dump(a) == dump(b)


def test_an_entity_deleted_in_one_copy_takes_the_others_relation_with_it_on_merge(team, people):
    origin, a, b = team
    zelenskyy, denmark, pentagon = origin.entities
    with opened(a, people["Ann"]) as ctx:
        relations.create_relation(ctx, relations.RelationDraft(denmark, "funds", pentagon))
    with opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, zelenskyy, description="President")
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
        _, rels = _state(ctx)
        assert {r[:3] for r in rels} == {("Denmark", "funds", "Pentagon")}
