"""The clashes of issue 15, each scripted with three analysts through the services.

After every merge, in both orders: every copy holds the same content, nothing
anyone wrote is lost (it is in the project or on the conflict list), no live
row points at a deleted row, and no anchor silently sits on the wrong words.
"""

from __future__ import annotations

from pathlib import Path

from db.repository import queries
from db.versioning import HLC_SHIFT
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications, sources
from desktop.sharing.conflicts import list_conflicts, resolve_conflict
from desktop.sharing.merge import merge, preview_merge
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import TEXT, dump, opened
from tests.sharing.test_merge_properties import DAY_MS, assert_sound, clock


def _cross(a: Path, b: Path, people, who_a: str = "Ann", who_b: str = "Bob") -> None:  # type: ignore[no-untyped-def]
    """A merges B, then B merges A; both must then hold the same content."""
    with opened(a, people[who_a]) as ctx:
        merge(ctx, b, confirm=True)
    with opened(b, people[who_b]) as ctx:
        merge(ctx, a, confirm=True)
    assert dump(a) == dump(b)
    assert_sound(dump(a))


def _live(path: Path, table: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {u: r for u, r in dump(path)[table].items() if not r["deleted"]}


def _mentions_of(path: Path, entity: str) -> set[str]:
    return {u for u, r in _live(path, "mention").items() if r["entity_uid"] == entity}


def test_delete_vs_edit_brings_the_entity_back_with_all_its_mentions(team, people):
    origin, a, b = team
    zelenskyy = origin.entities[0]
    start = TEXT.index("President")
    with opened(origin.path, people["Olga"]) as ctx:
        for _ in range(2):
            entities.add_mention(ctx, zelenskyy, origin.source, start, start + 9)
        save_copy(ctx, a.with_name("a2.dossier"))
        save_copy(ctx, b.with_name("b2.dossier"))
    a, b = a.with_name("a2.dossier"), b.with_name("b2.dossier")
    before = _mentions_of(a, zelenskyy)
    assert len(before) == 3
    with opened(a, people["Ann"]) as ctx:
        entities.delete_entities(ctx, [zelenskyy])
    with opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, zelenskyy, description="President of Ukraine")
    _cross(a, b, people)
    for path in (a, b):
        assert zelenskyy in _live(path, "entity")
        assert _live(path, "entity")[zelenskyy]["description"] == "President of Ukraine"
        assert _mentions_of(path, zelenskyy) == before
    with opened(a, people["Ann"]) as ctx:
        [conflict] = list_conflicts(ctx)
        assert (conflict.table, conflict.field, conflict.reason) == (
            "entity", "deleted", "delete-vs-edit")
        assert conflict.deleted_side == "mine"
        # Taking the delete's side deletes it again, with everything it took along.
        resolve_conflict(ctx, conflict.uid, "mine")
    assert zelenskyy not in _live(a, "entity") and not _mentions_of(a, zelenskyy)
    assert_sound(dump(a))


def test_additions_to_a_merged_away_entity_follow_it_to_the_survivor(team, people):
    origin, a, b = team
    keep, gone = origin.entities[1], origin.entities[0]  # Denmark absorbs Zelenskyy's row
    start = TEXT.index("Denmark")
    with opened(a, people["Ann"]) as ctx:
        entities.merge_entities(ctx, keep, [gone])
    with opened(b, people["Bob"]) as ctx:
        added = {str(entities.add_mention(ctx, gone, origin.source, start, start + 7)
                     .primary_uid) for _ in range(3)}
        claim = str(claims.create_claim(ctx, claims.ClaimDraft(
            "Denmark funds it.", origin.source, start, start + 7, gone)).primary_uid)
    _cross(a, b, people)
    for path in (a, b):
        assert gone not in _live(path, "entity")
        assert added <= _mentions_of(path, keep)
        assert _live(path, "claim")[claim]["claimant_uid"] == keep
    with opened(a, people["Ann"]) as ctx, ctx.reading() as s:
        [row] = [c for c in queries.list_claims(s) if c.uid == claim]
        assert row.claimant_name == "Denmark"


def test_a_claim_deleted_while_linked_comes_back_with_a_conflict_that_says_why(team, people):
    origin, a, b = team
    claim, judgement = origin.claims[2], origin.implications[0]
    with opened(a, people["Ann"]) as ctx:
        claims.delete_claims(ctx, [claim])
    with opened(b, people["Bob"]) as ctx:
        link = str(implications.link_claim(ctx, claim, judgement, "supports").primary_uid)
    _cross(a, b, people)
    for path in (a, b):
        assert claim in _live(path, "claim") and link in _live(path, "support")
    with opened(a, people["Ann"]) as ctx:
        [conflict] = list_conflicts(ctx)
    assert (conflict.table, conflict.row_uid, conflict.reason) == ("claim", claim, "brought-back")
    assert conflict.deleted_side == "mine" and "needs it" in conflict.why


def test_one_analyst_on_two_machines_keeps_both_edits_without_conflict(team, people, tmp_path):
    origin, desktop, _b = team
    laptop = tmp_path / "laptop.dossier"
    with opened(desktop, people["Ann"]) as ctx:
        save_copy(ctx, laptop)
    claim = origin.claims[0]
    with opened(laptop, people["Ann"]) as ctx:
        claims.update_claim(ctx, claim, statement="Zelenskyy called the deal win-win.")
    with opened(desktop, people["Ann"]) as ctx:
        claims.update_claim(ctx, claim, credibility=3)
        claims.update_claim(ctx, claim, credibility=2)
    _cross(desktop, laptop, people, "Ann", "Ann")
    row = _live(desktop, "claim")[claim]
    assert (row["statement"], row["credibility"]) == ("Zelenskyy called the deal win-win.", 2)
    with opened(desktop, people["Ann"]) as ctx:
        assert list_conflicts(ctx) == []


def test_a_slow_clock_still_wins_with_an_edit_made_after_seeing_the_other(team, people):
    origin, a, b = team
    denmark = origin.entities[1]
    with clock(DAY_MS), opened(b, people["Bob"]) as ctx:  # a day fast
        entities.update_entity(ctx, denmark, description="outdated")
    with clock(-DAY_MS), opened(a, people["Ann"]) as ctx:  # a day slow
        plan = preview_merge(ctx, b)
        merge(ctx, b)
        entities.update_entity(ctx, denmark, description="current")
    assert plan.clock_ahead_ms > 0  # the analyst is told the clocks disagree
    with clock(DAY_MS), opened(b, people["Bob"]) as ctx:
        merge(ctx, a)
        assert list_conflicts(ctx) == []
    assert _live(b, "entity")[denmark]["description"] == "current"


def test_concurrent_edits_under_skewed_clocks_converge_and_are_listed(team, people):
    origin, a, b = team
    denmark = origin.entities[1]
    with clock(-DAY_MS), opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, denmark, description="Ann's")
    with clock(DAY_MS), opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, denmark, description="Bob's")
    _cross(a, b, people)
    with opened(a, people["Ann"]) as ctx:
        [c] = list_conflicts(ctx)
    assert {c.mine, c.theirs} == {"Ann's", "Bob's"} and c.field == "description"
    assert c.mine_by == "Ann" and c.theirs_by == "Bob" and c.mine_at and c.theirs_at


def test_a_changed_text_moves_every_annotation_or_flags_it(team, people):
    origin, a, b = team
    para = "\n\n".join(f"Paragraph {i} says drone number {i} flew north." for i in range(40))
    with opened(a, people["Ann"]) as ctx:
        suid = str(sources.add_source(ctx, ImportedDocument(text=para, title="Log")).primary_uid)
        save_copy(ctx, b)
    with opened(a, people["Ann"]) as ctx:
        ent = origin.entities[2]
        for i in range(0, 40, 3):
            quote = f"drone number {i} flew"
            start = para.index(quote)
            entities.add_mention(ctx, ent, suid, start, start + len(quote), learn_alias=False)
    with opened(b, people["Bob"]) as ctx:
        sources.replace_text(ctx, suid, "Corrected edition.\n\n" + para.replace(
            "Paragraph 20 says", "Paragraph 20 (inserted sentence here) says"))
    _cross(a, b, people)
    data = dump(a)
    text = data["source"][suid]["text"]
    assert text.startswith("Corrected edition.")
    anchors = [r for r in data["anchor"].values() if r["source_uid"] == suid and not r["deleted"]]
    assert len(anchors) == 14
    for anchor in anchors:
        assert not anchor["orphaned"]
        assert text[anchor["start"]:anchor["end"]] == anchor["exact"]


def test_the_merge_is_recorded_in_the_clock_and_history(team, people):
    _origin, a, b = team
    with clock(DAY_MS), opened(b, people["Bob"]) as ctx:
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
    with opened(a, people["Ann"]) as ctx:
        merge(ctx, b)
        with ctx.reading() as s:
            from db.models import ReplicaClock

            stamp = s.query(ReplicaClock).one().hlc
    # Never behind any stamp the file has seen.
    assert stamp >= max(r["hlc"] for r in _raw_versions(b)) and stamp >> HLC_SHIFT > 0


def _raw_versions(path: Path) -> list[dict]:  # type: ignore[type-arg]
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return [{"hlc": r[0]} for r in conn.execute("SELECT hlc FROM entity")]
    finally:
        conn.close()


def test_a_near_duplicate_source_is_offered_as_a_new_version(team, people):
    _origin, a, b = team
    article = ("Denmark will co-fund drone production in Ukraine, officials said on Friday. "
               "The first batch ships in spring. ") * 20
    with opened(a, people["Ann"]) as ctx:
        mine = str(sources.add_source(ctx, ImportedDocument(
            text=article, title="Drone funding", url="https://example.org/a")).primary_uid)
    with opened(b, people["Bob"]) as ctx:
        theirs = str(sources.add_source(ctx, ImportedDocument(
            text=article.replace("spring", "sprnig", 1), title="Drone funding",
            url="https://example.org/a")).primary_uid)
    with opened(a, people["Ann"]) as ctx:
        plan = preview_merge(ctx, b)
        merge(ctx, b)
    assert [(d.first_uid, d.second_uid) for d in plan.near_duplicates] == [(mine, theirs)]
    # Offered, not folded: both stay until the analyst says they are one document.
    assert mine in _live(a, "source") and theirs in _live(a, "source")
