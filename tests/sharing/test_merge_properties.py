"""Merge laws, checked on random edit histories made through the services.

Two or three analysts start from copies (``save_copy``) of one ancestor and
each create, edit and delete entities, aliases, claims, implications and
links. Whatever they did:

* merging A into B and B into A ends with the same content;
* merging the same file again, or a file with nothing new, changes nothing;
* A→B→C→A loses nothing: every version anyone made is either the current row
  or kept in a conflict record;
* every real conflict (both changed a row, differently) is recorded exactly once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.models.vocab import SupportRelation
from desktop.core.context import ProjectContext
from desktop.core.errors import ServiceError
from desktop.services import claims, entities, implications
from desktop.sharing.fingerprint import content_dump
from desktop.sharing.merge import merge
from desktop.sharing.portable import Dataset, newest_first_key, substance, version_id
from desktop.sharing.share_copy import save_copy
from desktop.sharing.syncstate import load_state
from tests.sharing.conftest import OLGA, TEXT, Ancestor, analyst, fresh_ancestor, opened

WORDS = st.sampled_from(["alpha", "beta", "gamma"])  # few words: equal edits happen too
INDEX = st.integers(min_value=0, max_value=2)
OPS = st.one_of(
    st.tuples(st.just("describe_entity"), INDEX, WORDS),
    st.tuples(st.just("rename_entity"), INDEX, WORDS),
    st.tuples(st.just("delete_entity"), INDEX),
    st.tuples(st.just("alias_entity"), INDEX, WORDS),
    st.tuples(st.just("new_entity"), WORDS),
    st.tuples(st.just("note_claim"), INDEX, WORDS),
    st.tuples(st.just("grade_claim"), INDEX, st.integers(min_value=1, max_value=6)),
    st.tuples(st.just("delete_claim"), INDEX),
    st.tuples(st.just("new_claim"), WORDS, INDEX),
    st.tuples(st.just("new_claim_by_new_entity"), WORDS),
    st.tuples(st.just("explain_implication"), st.integers(0, 1), WORDS),
    st.tuples(st.just("delete_implication"), st.integers(0, 1)),
    st.tuples(st.just("link"), INDEX, st.integers(0, 1),
              st.sampled_from([r.value for r in SupportRelation])),
    st.tuples(st.just("unlink"), st.integers(0, 1)),
)
HISTORY = st.lists(OPS, max_size=int(os.environ.get("DOSSIER_MERGE_STEPS", "6")))
# Modest by default (each example writes several project files); raise it for a soak run:
# DOSSIER_MERGE_EXAMPLES=300 DOSSIER_MERGE_STEPS=15 pytest --timeout=0 tests/sharing/...
EXAMPLES = int(os.environ.get("DOSSIER_MERGE_EXAMPLES", "12"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _apply(ctx: ProjectContext, origin: Ancestor, op: tuple[Any, ...]) -> None:
    kind, *args = op
    ent = origin.entities
    if kind == "describe_entity":
        entities.update_entity(ctx, ent[args[0]], description=args[1])
    elif kind == "rename_entity":
        entities.update_entity(ctx, ent[args[0]], name=args[1])
    elif kind == "delete_entity":
        entities.delete_entities(ctx, [ent[args[0]]])
    elif kind == "alias_entity":
        entities.set_aliases(ctx, ent[args[0]], [args[1]])
    elif kind == "new_entity":
        entities.create_entity(ctx, args[0], "OTHER")
    elif kind == "note_claim":
        claims.update_claim(ctx, origin.claims[args[0]], notes=args[1])
    elif kind == "grade_claim":
        claims.update_claim(ctx, origin.claims[args[0]], credibility=args[1])
    elif kind == "delete_claim":
        claims.delete_claims(ctx, [origin.claims[args[0]]])
    elif kind == "new_claim":
        claims.create_claim(ctx, claims.ClaimDraft(args[0], origin.source, 0, 9,
                                                   ent[args[1]]))
    elif kind == "new_claim_by_new_entity":
        who = str(entities.create_entity(ctx, args[0].title(), "PERSON").primary_uid)
        start = TEXT.index("Officials")
        claims.create_claim(ctx, claims.ClaimDraft(args[0], origin.source, start, start + 9, who))
    elif kind == "explain_implication":
        implications.update_implication(ctx, origin.implications[args[0]], rationale=args[1])
    elif kind == "delete_implication":
        implications.delete_implications(ctx, [origin.implications[args[0]]])
    elif kind == "link":
        implications.link_claim(ctx, origin.claims[args[0]], origin.implications[args[1]],
                                args[2])
    elif kind == "unlink":
        implications.unlink(ctx, [origin.links[args[0]]])


def _live_history(ctx: ProjectContext, origin: Ancestor, ops: list[tuple[Any, ...]]) -> None:
    for op in ops:
        # e.g. editing what this analyst already deleted: the services refuse, as they should
        with suppress(ServiceError):
            _apply(ctx, origin, op)


def _dump(ctx: ProjectContext) -> Dataset:
    with ctx.reading() as session:
        return content_dump(session, ctx.path.name)


def _aliases(ctx: ProjectContext) -> dict[str, str]:
    with ctx.reading() as session:
        return dict(load_state(session, ctx.path.name).aliases)


@contextmanager
def _team(names: list[str]) -> Iterator[tuple[Ancestor, Dataset, list[ProjectContext]]]:
    """An ancestor, one open copy of it per analyst, and the ancestor's content."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        origin = fresh_ancestor(folder / "origin.dossier")
        paths = [folder / f"{name.lower()}.dossier" for name in names]
        with opened(origin.path, OLGA) as ctx:
            for path in paths:
                save_copy(ctx, path)
            base = _dump(ctx)
        contexts = [stack.enter_context(opened(p, analyst(n))) for p, n in zip(paths, names,
                                                                                 strict=True)]
        yield origin, base, contexts


def _send(ctx: ProjectContext) -> Path:
    """The file as an analyst would send it: a copy frozen at this moment."""
    sent = ctx.path.with_name(ctx.path.stem + ".sent.dossier")
    save_copy(ctx, sent)
    return sent


def _changed(base: Dataset, side: Dataset) -> dict[tuple[str, str], dict[str, Any]]:
    """Rows this side changed or made since the ancestor."""
    return {(t, u): r for t, rows in side.items() for u, r in rows.items()
            if base.get(t, {}).get(u) != r and t != "merge_conflict"}


def _real_conflicts(base: Dataset, a: Dataset, b: Dataset) -> dict[tuple[str, str],
                                                                      tuple[Any, Any]]:
    ca, cb = _changed(base, a), _changed(base, b)
    return {key: (ca[key], cb[key]) for key in ca.keys() & cb.keys()
            if key[1] in base.get(key[0], {}) and substance(ca[key]) != substance(cb[key])}


def _conflict_pairs(merged: Dataset) -> list[tuple[str, str, frozenset[str]]]:
    return [(r["table_name"], r["row_uid"],
             frozenset({version_id(r["table_name"], r["kept"]),
                        version_id(r["table_name"], r["other"])}))
            for r in merged.get("merge_conflict", {}).values()]


def _assert_nothing_lost(merged: Dataset, aliases: dict[str, str], *sides: Dataset,
                         base: Dataset) -> None:
    kept_aside = [substance(r) for c in merged.get("merge_conflict", {}).values()
                  for r in (c["kept"], c["other"])]
    for side in sides:
        for (table, uid), row in _changed(base, side).items():
            if uid in aliases:  # folded into an identical row both analysts made
                survivor = merged[table][aliases[uid]]
                assert survivor["deleted_at"] is None or row["deleted_at"] is not None
                continue
            # Kept means its content survives (two identical edits need only one copy).
            current = merged[table][uid]
            assert substance(current) == substance(row) or substance(row) in kept_aside, (
                table, uid, row)


@PROPERTY_SETTINGS
@given(ops_a=HISTORY, ops_b=HISTORY)
def test_two_analysts_merge_commutes_is_idempotent_and_records_each_conflict_once(
        ops_a: list[tuple[Any, ...]], ops_b: list[tuple[Any, ...]]) -> None:
    with _team(["Ann", "Bob"]) as (origin, base, (ann, bob)):
        _live_history(ann, origin, ops_a)
        _live_history(bob, origin, ops_b)
        before_a, before_b = _dump(ann), _dump(bob)
        sent_a, sent_b = _send(ann), _send(bob)

        merge(ann, sent_b)
        merge(bob, sent_a)
        merged = _dump(ann)
        assert merged == _dump(bob)  # merge(A, B) and merge(B, A) agree

        expected = _real_conflicts(base, before_a, before_b)
        pairs = _conflict_pairs(merged)
        assert len(pairs) == len(set(pairs)) == len(expected)
        for (table, uid), (va, vb) in expected.items():
            assert (table, uid, frozenset({version_id(table, va), version_id(table, vb)})
                    ) in pairs
        _assert_nothing_lost(merged, _aliases(ann), before_a, before_b, base=base)

        assert merge(ann, sent_b).already_merged  # the same file again
        merge(ann, bob.path)  # a different file with nothing new in it
        assert _dump(ann) == merged


@settings(PROPERTY_SETTINGS, max_examples=max(1, EXAMPLES // 2))
@given(ops=st.tuples(HISTORY, HISTORY, HISTORY))
def test_a_ring_of_merges_loses_nothing_and_one_more_round_converges(
        ops: tuple[list[tuple[Any, ...]], ...]) -> None:
    with _team(["Ann", "Bob", "Cem"]) as (origin, base, (ann, bob, cem)):
        for ctx, history in zip((ann, bob, cem), ops, strict=True):
            _live_history(ctx, origin, history)
        before = [_dump(ctx) for ctx in (ann, bob, cem)]

        merge(bob, _send(ann))  # A → B
        merge(cem, _send(bob))  # B → C
        merge(ann, _send(cem))  # C → A
        merged = _dump(ann)
        _assert_nothing_lost(merged, _aliases(ann), *before, base=base)
        pairs = _conflict_pairs(merged)
        assert len(pairs) == len(set(pairs))

        merge(bob, ann.path)
        merge(cem, ann.path)
        assert _dump(bob) == _dump(cem) == _dump(ann) == merged


def test_the_ring_keeps_all_three_versions_of_a_row_everyone_changed(tmp_path: Path) -> None:
    # The deterministic worst case of the ring, spelled out.
    with _team(["Ann", "Bob", "Cem"]) as (origin, base, (ann, bob, cem)):
        for ctx, word in ((ann, "alpha"), (bob, "beta"), (cem, "gamma")):
            entities.update_entity(ctx, origin.entities[1], description=word)
        merge(bob, _send(ann))
        merge(cem, _send(bob))
        merge(ann, _send(cem))
        merged = _dump(ann)
        descriptions = {merged["entity"][origin.entities[1]]["description"]} | {
            r[side]["description"] for r in merged["merge_conflict"].values()
            for side in ("kept", "other")}
        assert descriptions == {"alpha", "beta", "gamma"}
        assert len(merged["merge_conflict"]) == 2
        assert base["entity"][origin.entities[1]]["description"] == ""


class CausalModel:
    """What each copy has truly seen of each row, tracked step by step (the test's oracle).

    Unlike the merge, which only records what a file holds at sync points, the
    model notes every version a copy ever held, so it knows exactly which
    changes were made after seeing which.
    """

    def __init__(self, copies: dict[str, Dataset]) -> None:
        self.now = dict(copies)
        self.seen: dict[str, dict[tuple[str, str], set[str]]] = {c: {} for c in copies}

    def edited(self, copy: str, after: Dataset) -> None:
        for table, rows in self.now[copy].items():
            for uid, row in rows.items():
                new = after.get(table, {}).get(uid)
                if new is not None and version_id(table, new) != version_id(table, row):
                    self.seen[copy].setdefault((table, uid), set()).add(version_id(table, row))
        self.now[copy] = after

    def expected_merge(self, dst: str, src: str) -> tuple[dict[tuple[str, str], str],
                                                        set[tuple[str, str, frozenset[str]]]]:
        """Which version of each row ``dst`` should hold after merging ``src``, and new conflicts."""
        mine, theirs = self.now[dst], self.now[src]
        winners: dict[tuple[str, str], str] = {}
        conflicts: set[tuple[str, str, frozenset[str]]] = set()
        for table, rows in theirs.items():
            if table == "merge_conflict":
                continue
            for uid, t in rows.items():
                key, m = (table, uid), mine.get(table, {}).get(uid)
                vt = version_id(table, t)
                if m is None:
                    winners[key] = vt
                    continue
                vm = version_id(table, m)
                if vm == vt:
                    winners[key] = vm
                    continue
                they_saw_mine = vm in self.seen[src].get(key, set())
                i_saw_theirs = vt in self.seen[dst].get(key, set())
                if they_saw_mine != i_saw_theirs:
                    winners[key] = vt if they_saw_mine else vm
                    continue
                winners[key] = version_id(table, max((m, t), key=newest_first_key))
                if not they_saw_mine and substance(m) != substance(t):
                    conflicts.add((table, uid, frozenset({vm, vt})))
        return winners, conflicts

    def merged(self, dst: str, src: str, after: Dataset) -> None:
        for table, rows in self.now[src].items():
            for uid, row in rows.items():
                key = (table, uid)
                known = self.seen[dst].setdefault(key, set())
                known |= self.seen[src].get(key, set()) | {version_id(table, row)}
                mine = self.now[dst].get(table, {}).get(uid)
                if mine is not None:
                    known.add(version_id(table, mine))
        self.now[dst] = after


NAMES = ["Ann", "Bob", "Cem"]
STEP = st.one_of(
    st.tuples(st.just("edit"), st.sampled_from(NAMES), OPS),
    st.tuples(st.just("sync"), st.permutations(NAMES).map(lambda p: (p[0], p[1]))),
)
# Everyone merges Ann's, Ann merges everyone's, everyone merges Ann's again: all agree.
FULL_ROUND = [("sync", ("Ann", "Bob")), ("sync", ("Ann", "Cem")),
              ("sync", ("Bob", "Ann")), ("sync", ("Cem", "Ann"))]


@settings(PROPERTY_SETTINGS, max_examples=max(1, EXAMPLES * 3 // 4))
@given(steps=st.lists(STEP, min_size=2, max_size=12))
def test_over_many_rounds_merges_agree_with_true_causality(steps: list[tuple[Any, ...]]) -> None:
    with _team(NAMES) as (origin, _base, contexts):
        ctxs = dict(zip(NAMES, contexts, strict=True))
        model = CausalModel({name: _dump(ctx) for name, ctx in ctxs.items()})
        for step in [*steps, *FULL_ROUND]:
            if step[0] == "edit":
                _live_history(ctxs[step[1]], origin, [step[2]])
                model.edited(step[1], _dump(ctxs[step[1]]))
                continue
            dst, src = step[1]
            winners, new_conflicts = model.expected_merge(dst, src)
            before = set(_conflict_pairs(model.now[dst])) | set(_conflict_pairs(model.now[src]))
            merge(ctxs[dst], ctxs[src].path)
            after = _dump(ctxs[dst])
            aliases = _aliases(ctxs[dst])
            for (table, uid), vid in winners.items():
                if uid not in aliases:
                    assert version_id(table, after[table][uid]) == vid, (table, uid)
            pairs = _conflict_pairs(after)
            assert len(pairs) == len(set(pairs))
            assert set(pairs) == before | new_conflicts
            model.merged(dst, src, after)
        assert _dump(ctxs["Ann"]) == _dump(ctxs["Bob"]) == _dump(ctxs["Cem"])
