from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from db import search
from db.fileinfo import sha256_of
from db.repository import queries
from desktop.core.context import open_project
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, sources
from desktop.sharing.conflicts import list_conflicts
from desktop.sharing.errors import SharingError
from desktop.sharing.merge import merge, preview_merge
from tests.sharing.conftest import build_ancestor, dump, opened


def _entity(ctx, uid: str):  # type: ignore[no-untyped-def]
    with ctx.reading() as s:
        return next(e for e in queries.list_entities(s) if e.uid == uid)


def test_new_rows_arrive_with_references_translated_through_uids(team, people):
    origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        hegseth = entities.create_entity(ctx, "Pete Hegseth", "PERSON").primary_uid
        claims.create_claim(ctx, claims.ClaimDraft(
            "Talks continue.", origin.source, 71, 114, hegseth, "said", 2))
    with opened(b, people["Bob"]) as ctx:
        summary = merge(ctx, a)
        with ctx.reading() as s:
            claim = next(c for c in queries.list_claims(s) if c.statement == "Talks continue.")
            names = {r[0]: r[1] for r in s.execute(text("SELECT uid, display_name FROM analyst"))}
    assert claim.claimant_name == "Pete Hegseth" and claim.source_uid == origin.source
    assert (claim.start, claim.end) == (71, 114)
    assert summary.counts["claim"].new == 1 and summary.counts["entity"].new == 1
    # Who made what can be shown: the peer's analysts came across.
    assert names[claim.created_by] == "Ann"
    assert {"Olga", "Ann", "Bob"} <= set(names.values())


def test_a_later_edit_made_after_seeing_mine_is_taken_without_conflict(team, people):
    origin, a, b = team
    denmark = origin.entities[1]
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, denmark, description="Funds production.")
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
        entities.update_entity(ctx, denmark, description="Funds production in Ukraine.")
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)
        assert _entity(ctx, denmark).description == "Funds production in Ukraine."
        assert summary.conflicts == () and list_conflicts(ctx) == []


def test_the_same_analyst_editing_again_is_not_a_conflict(team, people):
    origin, a, b = team
    pentagon = origin.entities[2]
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, pentagon, description="first")
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, pentagon, description="second")
    with opened(b, people["Bob"]) as ctx:
        summary = merge(ctx, a)
        assert _entity(ctx, pentagon).description == "second"
        assert summary.conflicts == ()


def test_concurrent_edits_keep_the_later_and_record_the_other(team, people):
    origin, a, b = team
    zelenskyy = origin.entities[0]
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, zelenskyy, description="Ann's note")
    with opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, zelenskyy, description="Bob's note")
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)
        assert _entity(ctx, zelenskyy).description == "Bob's note"
        [conflict] = list_conflicts(ctx)
    assert summary.conflicts == (conflict,)
    assert conflict.table == "entity" and conflict.row_uid == zelenskyy
    assert conflict.fields == ("description",)
    # Bob's stamp is later on the hybrid logical clock: his value wins; Ann's is on record.
    assert (conflict.kept, conflict.kept_by, conflict.kept_side) == ("Bob's note", "Bob", "theirs")
    assert (conflict.other, conflict.other_by) == ("Ann's note", "Ann")
    assert (conflict.mine, conflict.theirs) == ("Ann's note", "Bob's note")


def test_making_the_same_change_on_both_sides_is_not_a_conflict(team, people):
    origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        claims.delete_claims(ctx, [origin.claims[0]])
    with opened(b, people["Bob"]) as ctx:
        claims.delete_claims(ctx, [origin.claims[0]])
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)
    assert summary.conflicts == ()


def test_a_deletion_meeting_a_concurrent_edit_keeps_the_edited_row_on_record(team, people):
    # Whatever the clocks say: the edit brings the row back and the delete is on the list.
    origin, a, b = team
    claim = origin.claims[2]
    with opened(a, people["Ann"]) as ctx:
        claims.update_claim(ctx, claim, notes="checked with a second source")
    with opened(b, people["Bob"]) as ctx:
        claims.delete_claims(ctx, [claim])
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
        with ctx.reading() as s:
            [row] = [c for c in queries.list_claims(s) if c.uid == claim]
        [conflict] = list_conflicts(ctx)
    assert row.notes == "checked with a second source"
    assert conflict.fields == ("deleted",) and conflict.reason == "delete-vs-edit"
    assert conflict.deleted_side == "theirs" and conflict.kept_side == "mine"


def test_an_older_deletion_loses_to_a_newer_edit(team, people):
    origin, a, b = team
    claim = origin.claims[2]
    with opened(b, people["Bob"]) as ctx:
        claims.delete_claims(ctx, [claim])
    with opened(a, people["Ann"]) as ctx:
        claims.update_claim(ctx, claim, notes="still relevant")
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
        with ctx.reading() as s:
            [row] = [c for c in queries.list_claims(s) if c.uid == claim]
        assert row.notes == "still relevant"
        assert [(c.fields, c.deleted_side) for c in list_conflicts(ctx)] == [
            (("deleted",), "mine")]


def test_a_deletion_made_after_seeing_the_edit_propagates_without_conflict(team, people):
    origin, a, b = team
    claim = origin.claims[2]
    with opened(a, people["Ann"]) as ctx:
        claims.update_claim(ctx, claim, notes="edited")
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
        claims.delete_claims(ctx, [claim])
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)
        with ctx.reading() as s:
            assert claim not in [c.uid for c in queries.list_claims(s)]
    assert summary.counts["claim"].deleted == 1 and summary.conflicts == ()


def test_merging_the_same_file_twice_reports_already_merged_and_changes_nothing(team, people):
    _origin, a, b = team
    with opened(b, people["Bob"]) as ctx:
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
    with opened(a, people["Ann"]) as ctx:
        first = merge(ctx, b)
    after_first, sha_after_first = dump(a), sha256_of(a)
    with opened(a, people["Ann"]) as ctx:
        again = preview_merge(ctx, b)
        second = merge(ctx, b)
    assert not first.already_merged and first.counts["entity"].new == 1
    assert again.already_merged and second.already_merged and not second.counts
    assert dump(a) == after_first and sha256_of(a) == sha_after_first


def test_preview_counts_what_merge_then_does_and_changes_nothing(team, people):
    origin, a, b = team
    with opened(b, people["Bob"]) as ctx:
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
        entities.delete_entities(ctx, [origin.entities[2]])
        claims.update_claim(ctx, origin.claims[0], credibility=1)
    sha_a, sha_b = sha256_of(a), sha256_of(b)
    with opened(a, people["Ann"]) as ctx:
        before = dump(a)
        plan = preview_merge(ctx, b)
        assert dump(a) == before
        summary = merge(ctx, b, plan)
    assert sha256_of(b) == sha_b and sha_a != sha256_of(a)
    assert plan.counts == summary.counts
    assert plan.counts["entity"].new == 1 and plan.counts["entity"].deleted == 1
    assert plan.counts["claim"].updated == 1 and "mention" not in plan.counts


def test_a_plan_for_a_file_that_changed_since_is_refused(team, people):
    _origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        plan = preview_merge(ctx, b)
    with opened(b, people["Bob"]) as ctx:
        entities.create_entity(ctx, "Late addition", "EVENT")
    with opened(a, people["Ann"]) as ctx, pytest.raises(SharingError, match="preview"):
        merge(ctx, b, plan)


def test_the_other_file_is_only_read_even_while_open_with_a_wal(team, people):
    _origin, a, b = team
    with opened(b, people["Bob"]) as bob:
        entities.create_entity(bob, "Only in Bob's WAL", "EVENT")
        wal = Path(str(b) + "-wal")
        assert wal.stat().st_size > 0
        listing = sorted(p.name for p in b.parent.iterdir())
        before = (sha256_of(b), sha256_of(wal))
        with opened(a, people["Ann"]) as ctx:
            merge(ctx, b)
            with ctx.reading() as s:
                assert "Only in Bob's WAL" in [e.name for e in queries.list_entities(s)]
        assert (sha256_of(b), sha256_of(wal)) == before
        assert sorted(p.name for p in b.parent.iterdir() if not p.name.startswith("ann")) == [
            n for n in listing if not n.startswith("ann")]


def test_a_backup_of_the_project_is_taken_before_merging(team, people):
    _origin, a, b = team
    with opened(b, people["Bob"]) as ctx:
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
    with opened(a, people["Ann"]) as ctx:
        before = dump(a)
        summary = merge(ctx, b)
    assert summary.backup_path is not None and "before-merge" in summary.backup_path.name
    assert dump(summary.backup_path) == before


def test_the_search_index_is_rebuilt_locally_after_a_merge(team, people):
    origin, a, b = team
    with opened(b, people["Bob"]) as ctx:
        claims.create_claim(ctx, claims.ClaimDraft("Quadcopters ship in spring.", origin.source))
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
        with ctx.reading() as s:
            hits = search.search(s, "quadcopters")
    assert [h.kind for h in hits] == ["claim"]


def test_merging_a_file_into_itself_or_into_a_read_only_project_is_refused(team, people):
    _origin, a, b = team
    with opened(a, people["Ann"]) as ctx, pytest.raises(SharingError, match="own file"):
        merge(ctx, a)
    with (open_project(a, read_only=True, analyst=people["Ann"]) as ctx,
          pytest.raises(SharingError, match="read-only")):
        merge(ctx, b)


def test_separately_created_projects_union_and_keep_the_local_name(tmp_path: Path, people):
    mine = build_ancestor(tmp_path / "mine.dossier", people["Ann"])
    theirs = build_ancestor(tmp_path / "theirs.dossier", people["Bob"])
    with opened(mine.path, people["Ann"]) as ctx:
        plan = preview_merge(ctx, theirs.path)
        merge(ctx, theirs.path)
        name = ctx.project().name
        with ctx.reading() as s:
            n_claims = len(queries.list_claims(s))
            n_sources = len(queries.list_sources(s))
    assert not plan.same_project and name == "Drone deal"
    # Same article text in both: one source, everyone's annotations on it.
    assert n_sources == 1 and n_claims == 6
    projects = dump(mine.path)["project"]  # dump() opens it: it still passes every check
    assert list(projects) == [next(iter(dump(mine.path)["project"]))]
    assert theirs.source != mine.source


def test_entity_lookalikes_are_suggested_not_merged(team, people):
    _origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        nato_a = entities.create_entity(ctx, "NATO", "ORGANIZATION").primary_uid
        hegseth_a = entities.create_entity(ctx, "Pete Hegseth", "PERSON", ["Hegseth"]).primary_uid
    with opened(b, people["Bob"]) as ctx:
        nato_b = entities.create_entity(ctx, "nato", "ORGANIZATION").primary_uid
        hegseth_b = entities.create_entity(ctx, "Hegseth", "PERSON").primary_uid
        entities.create_entity(ctx, "Patriot", "EQUIPMENT")
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)
        pairs = {(s.keep_uid, s.other_uid): s.reason for s in summary.suggestions}
        assert pairs == {(nato_a, nato_b): "same name and type",
                         (hegseth_a, hegseth_b): "both are called “hegseth”"}
        with ctx.reading() as s:
            assert len([e for e in queries.list_entities(s) if e.name.lower() == "nato"]) == 2
        entities.merge_entities(ctx, nato_a, [nato_b])  # what accepting a suggestion does
        with ctx.reading() as s:
            assert len([e for e in queries.list_entities(s) if e.name.lower() == "nato"]) == 1


def test_the_merge_reports_every_row_it_touched_for_the_views(team, people):
    origin, a, b = team
    with opened(b, people["Bob"]) as ctx:
        nato = entities.create_entity(ctx, "NATO", "ORGANIZATION").primary_uid
        claims.update_claim(ctx, origin.claims[1], status="disputed")
    with opened(a, people["Ann"]) as ctx:
        changes = merge(ctx, b).changes
    assert changes.primary_uid is not None
    assert changes.created("entity") == [nato]
    assert changes.uids("claim") == {origin.claims[1]}
    assert "merge_log" in changes.kinds


def test_the_same_article_imported_by_both_becomes_one_source_with_everyones_annotations(
        team, people):  # type: ignore[no-untyped-def]
    _origin, a, b = team
    article = "Denmark will co-fund drone production. Kyiv confirmed the plan on Friday."
    uids = {}
    for path, who, quote in ((a, "Ann", "Denmark"), (b, "Bob", "Kyiv confirmed the plan")):
        with opened(path, people[who]) as ctx:
            uid = str(sources.add_source(ctx, ImportedDocument(text=article, title="Funding"))
                      .primary_uid)
            start = article.index(quote)
            entities.create_entity_with_mention(ctx, quote, "OTHER", uid, start,
                                                start + len(quote))
            claims.create_claim(ctx, claims.ClaimDraft(quote + "!", uid, start,
                                                       start + len(quote)))
            uids[who] = uid
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
    with opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
    merged = dump(a)
    assert merged == dump(b)
    live = [u for u, r in merged["source"].items() if not r["deleted"]
            and r["title"] == "Funding"]
    assert live == [min(uids.values())]  # both copies keep the same one
    with opened(a, people["Ann"]) as ctx, ctx.reading() as s:
        spans = queries.spans_for_source(s, s.execute(
            text("SELECT id FROM source WHERE uid = :u"), {"u": live[0]}).scalar_one())
    assert sorted(sp.kind for sp in spans) == ["claim", "claim", "mention", "mention"]
    assert all(article[sp.start:sp.end] in ("Denmark", "Kyiv confirmed the plan")
               for sp in spans)
