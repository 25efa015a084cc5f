"""Merge laws on random histories made through the services, on three replicas.

Ann, Bob and Ann again on her laptop (two replicas under one analyst) start
from copies of one ancestor; Bob's clock runs a day fast and the laptop's a
day slow. Each edits, deletes, merges entities and re-imports the source.
Whatever they did, and in whatever order they then merge:

* every order converges: after a full round all three copies hold the same content;
* merging again (the same content in another file) changes nothing;
* every field both changed differently since the ancestor is on the first
  merger's conflict list exactly once, and neither value is lost;
* no live row points at a deleted row, and every live anchor's quote sits at
  its offsets or the anchor is flagged orphaned.
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

import db.versioning as versioning
import desktop.sharing.merge as merge_module
from db.models.vocab import SupportRelation
from desktop.core.context import ProjectContext
from desktop.core.errors import ServiceError
from desktop.core.identity import AnalystIdentity
from desktop.services import claims, entities, implications, sources
from desktop.sharing.conflicts import list_conflicts
from desktop.sharing.fingerprint import content_dump
from desktop.sharing.merge import merge
from desktop.sharing.portable import SPECS, Dataset
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import OLGA, TEXT, Ancestor, analyst, fresh_ancestor, opened

DAY_MS = 24 * 60 * 60 * 1000
WORDS = st.sampled_from(["alpha", "beta", "gamma"])  # few words: equal edits happen too
INDEX = st.integers(min_value=0, max_value=2)
# Texts a re-import may bring: a prefix, a changed word, a paragraph in the middle.
TEXTS = ["Corrected. " + TEXT, TEXT.replace("win-win", "mutually beneficial"),
         TEXT.replace("Officials", "New paragraph here.\n\nOfficials")]
OPS = st.one_of(
    st.tuples(st.just("describe_entity"), INDEX, WORDS),
    st.tuples(st.just("rename_entity"), INDEX, WORDS),
    st.tuples(st.just("delete_entity"), INDEX),
    st.tuples(st.just("merge_entities"), INDEX, INDEX),
    st.tuples(st.just("alias_entity"), INDEX, WORDS),
    st.tuples(st.just("mention"), INDEX),
    st.tuples(st.just("note_claim"), INDEX, WORDS),
    st.tuples(st.just("grade_claim"), INDEX, st.integers(min_value=1, max_value=6)),
    st.tuples(st.just("delete_claim"), INDEX),
    st.tuples(st.just("new_claim"), WORDS, INDEX),
    st.tuples(st.just("explain_implication"), st.integers(0, 1), WORDS),
    st.tuples(st.just("delete_implication"), st.integers(0, 1)),
    st.tuples(st.just("link"), INDEX, st.integers(0, 1),
              st.sampled_from([r.value for r in SupportRelation])),
    st.tuples(st.just("unlink"), st.integers(0, 1)),
    st.tuples(st.just("reimport"), st.integers(0, len(TEXTS) - 1)),
)
HISTORY = st.lists(OPS, max_size=int(os.environ.get("DOSSIER_MERGE_STEPS", "5")))
# Small in make test; make soak raises it: DOSSIER_MERGE_EXAMPLES=300 DOSSIER_MERGE_STEPS=12.
# Each example writes a dozen project files and merges them ~10 times (about 5 s here).
EXAMPLES = int(os.environ.get("DOSSIER_MERGE_EXAMPLES", "10"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NAMES = ("Ann", "Bob", "Laptop")
SKEW = {"Ann": 0, "Bob": DAY_MS, "Laptop": -DAY_MS}


@contextmanager
def clock(skew_ms: int) -> Iterator[None]:
    """Run as a machine whose clock is ``skew_ms`` off."""
    real = versioning.wall_hlc

    def skewed() -> int:
        return real() + (skew_ms << versioning.HLC_SHIFT)

    versioning.wall_hlc = skewed  # type: ignore[assignment]
    merge_module.wall_hlc = skewed  # type: ignore[assignment]
    try:
        yield
    finally:
        versioning.wall_hlc = real  # type: ignore[assignment]
        merge_module.wall_hlc = real  # type: ignore[assignment]


def _apply(ctx: ProjectContext, origin: Ancestor, op: tuple[Any, ...]) -> None:
    kind, *args = op
    ent = origin.entities
    if kind == "describe_entity":
        entities.update_entity(ctx, ent[args[0]], description=args[1])
    elif kind == "rename_entity":
        entities.update_entity(ctx, ent[args[0]], name=args[1])
    elif kind == "delete_entity":
        entities.delete_entities(ctx, [ent[args[0]]])
    elif kind == "merge_entities":
        entities.merge_entities(ctx, ent[args[0]], [ent[args[1]]])
    elif kind == "alias_entity":
        entities.set_aliases(ctx, ent[args[0]], [args[1]])
    elif kind == "mention":
        text = sources.source_text(ctx, origin.source)
        start = text.find("Denmark")
        if start >= 0:
            entities.add_mention(ctx, ent[args[0]], origin.source, start, start + 7,
                                 learn_alias=False)
    elif kind == "note_claim":
        claims.update_claim(ctx, origin.claims[args[0]], notes=args[1])
    elif kind == "grade_claim":
        claims.update_claim(ctx, origin.claims[args[0]], credibility=args[1])
    elif kind == "delete_claim":
        claims.delete_claims(ctx, [origin.claims[args[0]]])
    elif kind == "new_claim":
        claims.create_claim(ctx, claims.ClaimDraft(args[0], origin.source, None, None,
                                                   ent[args[1]]))
    elif kind == "explain_implication":
        implications.update_implication(ctx, origin.implications[args[0]], rationale=args[1])
    elif kind == "delete_implication":
        implications.delete_implications(ctx, [origin.implications[args[0]]])
    elif kind == "link":
        implications.link_claim(ctx, origin.claims[args[0]], origin.implications[args[1]],
                                args[2])
    elif kind == "unlink":
        implications.unlink(ctx, [origin.links[args[0]]])
    elif kind == "reimport":
        sources.replace_text(ctx, origin.source, TEXTS[args[0]])


def _live_history(name: str, ctx: ProjectContext, origin: Ancestor,
                  ops: list[tuple[Any, ...]]) -> None:
    with clock(SKEW[name]):
        for op in ops:
            # e.g. editing what this analyst already deleted: the services refuse, as they should
            with suppress(ServiceError):
                _apply(ctx, origin, op)


def _dump(ctx: ProjectContext) -> Dataset:
    with ctx.reading() as session:
        return content_dump(session, ctx.path.name)


@contextmanager
def _team() -> Iterator[tuple[Ancestor, Dataset, dict[str, ProjectContext]]]:
    """An ancestor and one open copy per replica; Ann's laptop is Ann under another replica."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        origin = fresh_ancestor(folder / "origin.dossier")
        ann = analyst("Ann")
        who: dict[str, AnalystIdentity] = {"Ann": ann, "Bob": analyst("Bob"), "Laptop": ann}
        paths = {name: folder / f"{name.lower()}.dossier" for name in NAMES}
        with opened(origin.path, OLGA) as ctx:
            for path in paths.values():
                save_copy(ctx, path)
            base = _dump(ctx)
        contexts = {n: stack.enter_context(opened(paths[n], who[n])) for n in NAMES}
        yield origin, base, contexts


def _send(ctx: ProjectContext, tag: str = "sent") -> Path:
    """The file as an analyst would send it: a copy frozen at this moment."""
    sent = ctx.path.with_name(f"{ctx.path.stem}.{tag}.dossier")
    sent.unlink(missing_ok=True)
    save_copy(ctx, sent)
    return sent


def _sync(ctxs: dict[str, ProjectContext], dst: str, src: str) -> None:
    # Straight from the colleague's open file (its WAL is read too): what a shared folder does.
    with clock(SKEW[dst]):
        merge(ctxs[dst], ctxs[src].path, confirm=True, take_settings=False)


def assert_sound(data: Dataset) -> None:
    """No live row points at a deleted one; every live anchor fits its text or is orphaned."""
    for spec in SPECS:
        for uid, row in data.get(spec.name, {}).items():
            if row["deleted"]:
                continue
            for link in spec.links:
                ref = row.get(link.key)
                if ref:
                    assert not data[link.target][ref]["deleted"], (spec.name, uid, link.key)
    for uid, anchor in data.get("anchor", {}).items():
        if anchor["deleted"] or anchor["orphaned"]:
            continue
        text = data["source"][anchor["source_uid"]]["text"]
        assert text[anchor["start"]:anchor["end"]] == anchor["exact"], uid


def _field_clashes(base: Dataset, a: Dataset, b: Dataset) -> set[tuple[str, str, str]]:
    """Fields of rows live on both sides that both changed, differently, since the ancestor."""
    found = set()
    for table, rows in base.items():
        for uid, row in rows.items():
            ra, rb = a.get(table, {}).get(uid), b.get(table, {}).get(uid)
            if ra is None or rb is None or ra["deleted"] or rb["deleted"] or row["deleted"]:
                continue
            for name, value in row.items():
                if name in ("deleted", "deleted_with", "merged_into", "uid"):
                    continue
                if ra.get(name) != value and rb.get(name) != value and ra.get(name) != rb.get(name):
                    found.add((table, uid, name))
    return found


@PROPERTY_SETTINGS
@given(ops=st.tuples(HISTORY, HISTORY, HISTORY),
       order=st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES))
                      .filter(lambda p: p[0] != p[1]), max_size=4))
def test_every_merge_order_converges_loses_nothing_and_lists_each_clash_once(
        ops: tuple[list[tuple[Any, ...]], ...], order: list[tuple[str, str]]) -> None:
    with _team() as (origin, base, ctxs):
        for name, history in zip(NAMES, ops, strict=True):
            _live_history(name, ctxs[name], origin, history)
        before = {n: _dump(c) for n, c in ctxs.items()}

        # The first merge: each field both changed is listed once, with both values.
        _sync(ctxs, "Ann", "Bob")
        expected = _field_clashes(base, before["Ann"], before["Bob"])
        listed = [(c.table, c.row_uid, c.field) for c in list_conflicts(ctxs["Ann"])]
        assert len(listed) == len(set(listed))
        assert expected <= set(listed), expected - set(listed)
        by_field = {(c.table, c.row_uid, c.field): c for c in list_conflicts(ctxs["Ann"])}
        for key in expected:
            c = by_field[key]
            table, uid, name = key
            assert {c.mine, c.theirs} == {before["Ann"][table][uid][name],
                                          before["Bob"][table][uid][name]}
        after = _dump(ctxs["Ann"])
        assert_sound(after)

        # Merging the same content again (in another file) changes nothing.
        with clock(SKEW["Ann"]):
            merge(ctxs["Ann"], _send(ctxs["Bob"], "again"), confirm=True)
        assert _dump(ctxs["Ann"]) == after
        assert len(list_conflicts(ctxs["Ann"])) == len(listed)

        for dst, src in order:
            _sync(ctxs, dst, src)
            assert_sound(_dump(ctxs[dst]))
        # A full round: everyone merges Ann's, Ann merges everyone's, everyone merges Ann's.
        for dst, src in [("Ann", "Bob"), ("Ann", "Laptop"), ("Bob", "Ann"), ("Laptop", "Ann"),
                         ("Ann", "Bob"), ("Ann", "Laptop")]:
            _sync(ctxs, dst, src)
        final = {n: _dump(c) for n, c in ctxs.items()}
        assert final["Ann"] == final["Bob"] == final["Laptop"]
        assert_sound(final["Ann"])
