"""The conflict list: review both versions, reverse the merge's choice, undo that, share it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db.repository import queries
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.services import claims, entities, history
from desktop.sharing.conflicts import list_conflicts, resolve_conflict
from desktop.sharing.merge import merge
from tests.sharing.conftest import opened


def _conflicting_edits(team: Any, people: Any) -> tuple[Any, Path, Path]:
    origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="Ann's", type="ORGANIZATION")
        claims.update_claim(ctx, origin.claims[0], claimant_uid=origin.entities[2])
    with opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="Bob's")
        claims.update_claim(ctx, origin.claims[0], claimant_uid=None, attribution="reportedly")
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
    return origin, a, b


def _entity(ctx: Any, uid: str) -> Any:
    with ctx.reading() as s:
        return next(e for e in queries.list_entities(s) if e.uid == uid)


def _claim(ctx: Any, uid: str) -> Any:
    with ctx.reading() as s:
        return next(c for c in queries.list_claims(s) if c.uid == uid)


def test_each_conflict_is_one_field_with_both_values_and_who_made_them(team, people) -> None:  # type: ignore[no-untyped-def]
    origin, a, _b = _conflicting_edits(team, people)
    with opened(a, people["Ann"]) as ctx:
        found = {(c.table, c.field): c for c in list_conflicts(ctx)}
        # Fields only one side changed are merged without a conflict.
        assert _entity(ctx, origin.entities[0]).type == "ORGANIZATION"
        assert _claim(ctx, origin.claims[0]).attribution == "reportedly"
    assert set(found) == {("entity", "description"), ("claim", "claimant_uid")}
    entity = found[("entity", "description")]
    assert entity.label == "Volodymyr Zelenskyy"
    assert (entity.mine, entity.theirs) == ("Ann's", "Bob's")
    assert (entity.mine_by, entity.theirs_by) == ("Ann", "Bob")
    assert {entity.kept_by, entity.other_by} == {"Ann", "Bob"}
    claim = found[("claim", "claimant_uid")]
    # Values name what they point at by uid, so they mean the same in every copy.
    assert (claim.mine, claim.theirs) == (origin.entities[2], None)


def test_taking_the_other_version_puts_it_back_and_undo_restores_the_kept(team, people) -> None:  # type: ignore[no-untyped-def]
    origin, a, _b = _conflicting_edits(team, people)
    with opened(a, people["Ann"]) as ctx:
        conflict = next(c for c in list_conflicts(ctx) if c.table == "claim")
        kept_claimant = conflict.kept
        changes = resolve_conflict(ctx, conflict.uid, take="other")
        row = _claim(ctx, origin.claims[0])
        assert row.claimant_uid == conflict.other
        assert row.attribution == "reportedly"  # the rest of the row is untouched
        assert conflict.uid not in [c.uid for c in list_conflicts(ctx)]
        [resolved] = [c for c in list_conflicts(ctx, include_resolved=True)
                      if c.uid == conflict.uid]
        other_side = "theirs" if conflict.kept_side == "mine" else "mine"
        assert resolved.resolved and resolved.resolution == other_side

        history.revert(ctx, changes)
        assert _claim(ctx, origin.claims[0]).claimant_uid == kept_claimant
        assert conflict.uid in [c.uid for c in list_conflicts(ctx)]


def test_keeping_the_merged_version_only_marks_it_reviewed(team, people) -> None:  # type: ignore[no-untyped-def]
    origin, a, _b = _conflicting_edits(team, people)
    with opened(a, people["Ann"]) as ctx:
        conflict = next(c for c in list_conflicts(ctx) if c.table == "entity")
        before = _entity(ctx, origin.entities[0])
        changes = resolve_conflict(ctx, conflict.uid, take="kept")
        assert _entity(ctx, origin.entities[0]) == before
        assert changes.uids("entity") == set() and changes.uids("merge_conflict") == {conflict.uid}
        # Changing one's mind: "theirs"/"mine" by name; the merge's choice comes back.
        resolve_conflict(ctx, conflict.uid, take="mine")
        assert _entity(ctx, origin.entities[0]).description == "Ann's"
        resolve_conflict(ctx, conflict.uid, take="theirs")
        assert _entity(ctx, origin.entities[0]).description == "Bob's"


def test_a_resolution_travels_to_the_colleague_as_an_ordinary_edit(team, people) -> None:  # type: ignore[no-untyped-def]
    origin, a, b = _conflicting_edits(team, people)
    with opened(a, people["Ann"]) as ctx:
        conflict = next(c for c in list_conflicts(ctx) if c.table == "entity")
        resolve_conflict(ctx, conflict.uid, take="mine")
    with opened(b, people["Bob"]) as ctx:
        summary = merge(ctx, a)
        assert _entity(ctx, origin.entities[0]).description == "Ann's"
        # Ann's copy already merged Bob's work: nothing is in conflict for Bob.
        assert list_conflicts(ctx) == [] and summary.conflicts == ()
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
        assert [c.table for c in list_conflicts(ctx)] == ["claim"]


def test_resolving_needs_a_known_conflict_and_a_valid_choice(team, people) -> None:  # type: ignore[no-untyped-def]
    _origin, a, _b = _conflicting_edits(team, people)
    with opened(a, people["Ann"]) as ctx:
        uid = list_conflicts(ctx)[0].uid
        with pytest.raises(InvalidInputError):
            resolve_conflict(ctx, uid, take="both")
        with pytest.raises(NotFoundError):
            resolve_conflict(ctx, "no-such-conflict", take="kept")
