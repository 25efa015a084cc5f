"""Merge a colleague's copy into the open project: preview, then one all-or-nothing step.

Order of work: read and validate the other file (privately, read-only);
refuse it if it is this file, newer, or hostile; stop if this exact file
(same SHA-256) was merged already; back the project up; then, in one
transaction, decide every row (``reconcile``), write the result, record the
merge and what was seen, and rebuild the search index locally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import search
from db.backup import backup_project
from db.ids import utc_now
from db.models import MergeLog, Project
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.recorder import Recorder
from desktop.sharing.conflicts import ConflictRow, analyst_names, describe
from desktop.sharing.errors import SharingError
from desktop.sharing.peer import PeerFile, read_peer
from desktop.sharing.portable import Dataset, IdMaps, is_live, read_dataset, session_fetch
from desktop.sharing.reconcile import CONFLICT_TABLE, Reconciled, reconcile
from desktop.sharing.suggestions import EntityMergeSuggestion, suggest_entity_merges
from desktop.sharing.syncstate import save_state, state_in, without_state
from desktop.sharing.writer import RowDiff, diff_rows, write_rows

# Per-file bookkeeping that never travels: each copy keeps its own merge history.
_LOCAL_TABLES = ("merge_log",)
# Kinds a user reads counts for, in the order they are shown.
KINDS = ("source", "entity", "entity_alias", "mention", "anchor", "claim", "implication",
         "support", "tag", "tagging", "note", "setting", "analyst", "project")


@dataclass(frozen=True)
class KindCounts:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0

    def __bool__(self) -> bool:
        return bool(self.new or self.updated or self.deleted or self.conflicts)


@dataclass(frozen=True)
class MergePlan:
    """What merging the other file would do, counted per kind of row."""

    peer_path: Path
    peer_filename: str
    peer_sha256: str
    peer_project_uid: str
    peer_project_name: str
    same_project: bool  # False: a separately created project; its rows are added alongside
    already_merged: bool
    counts: Mapping[str, KindCounts] = field(default_factory=dict)
    suggestions: tuple[EntityMergeSuggestion, ...] = ()
    merged_before_at: str = ""  # when this same file was merged, if it was

    @property
    def conflict_count(self) -> int:
        return sum(c.conflicts for c in self.counts.values())

    @property
    def has_changes(self) -> bool:
        return any(self.counts.values())


@dataclass(frozen=True)
class MergeSummary:
    plan: MergePlan
    merge_log_uid: str | None = None
    backup_path: Path | None = None
    conflicts: tuple[ConflictRow, ...] = ()  # conflict records this merge added
    changes: Changes = field(default_factory=Changes)

    @property
    def already_merged(self) -> bool:
        return self.plan.already_merged

    @property
    def counts(self) -> Mapping[str, KindCounts]:
        return self.plan.counts

    @property
    def suggestions(self) -> tuple[EntityMergeSuggestion, ...]:
        return self.plan.suggestions


@dataclass(frozen=True)
class _Computed:
    local: Dataset
    ids: IdMaps
    result: Reconciled
    diff: RowDiff


def _previous_merge(session: Session, sha256: str) -> str | None:
    return session.execute(
        select(MergeLog.merged_at)
        .where(MergeLog.peer_sha256 == sha256, MergeLog.deleted_at.is_(None))
        .order_by(MergeLog.merged_at)
    ).scalars().first()


def _own_project_uid(session: Session) -> str:
    return str(session.execute(
        select(Project.uid).where(Project.deleted_at.is_(None))
    ).scalar_one())


def _local_project_uid(local: Dataset) -> str:
    return next(u for u, r in local["project"].items() if is_live(r))


def _compute(session: Session, ctx: ProjectContext, peer: PeerFile) -> _Computed:
    stored, ids = read_dataset(session_fetch(session), ctx.path.name)
    local_state = state_in(stored, ctx.path.name)
    local = {t: rows for t, rows in without_state(stored).items() if t not in _LOCAL_TABLES}
    theirs = {t: rows for t, rows in without_state(peer.data).items() if t not in _LOCAL_TABLES}
    # A separately created project keeps its own project record: the local one stays.
    own_uid = _local_project_uid(stored)
    theirs["project"] = {u: r for u, r in theirs["project"].items() if u == own_uid}
    result = reconcile(local, theirs, local_state, peer.state)
    return _Computed(local, ids, result, diff_rows(local, result.rows))


def _counts(computed: _Computed) -> dict[str, KindCounts]:
    diff = computed.diff
    new_conflicts: dict[str, int] = {}
    for row in diff.inserts.get(CONFLICT_TABLE, []):
        if is_live(row) and not row["resolved"]:
            new_conflicts[row["table_name"]] = new_conflicts.get(row["table_name"], 0) + 1
    counts: dict[str, KindCounts] = {}
    for kind in KINDS:
        new = sum(1 for r in diff.inserts.get(kind, []) if is_live(r))
        updated = deleted = 0
        for uid, row in diff.updates.get(kind, []):
            before = computed.local[kind][uid]
            if is_live(before) and not is_live(row):
                deleted += 1
            else:
                updated += 1
        entry = KindCounts(new, updated, deleted, new_conflicts.get(kind, 0))
        if entry:
            counts[kind] = entry
    return counts


def _plan(peer: PeerFile, own_project_uid: str, computed: _Computed | None,
          merged_before_at: str | None) -> MergePlan:
    counts = _counts(computed) if computed is not None else {}
    suggestions = (
        suggest_entity_merges(computed.result.rows, computed.local.get("entity", {}).keys())
        if computed is not None else ()
    )
    return MergePlan(
        peer_path=peer.path, peer_filename=peer.filename, peer_sha256=peer.sha256,
        peer_project_uid=peer.project_uid, peer_project_name=peer.project_name,
        same_project=peer.project_uid == own_project_uid,
        already_merged=merged_before_at is not None, counts=counts, suggestions=suggestions,
        merged_before_at=merged_before_at or "",
    )


def preview_merge(ctx: ProjectContext, other_path: Path | str) -> MergePlan:
    """What ``merge`` would do with ``other_path`` now; changes nothing anywhere."""
    peer = read_peer(other_path, local_path=ctx.path)
    with ctx.reading() as session:
        before = _previous_merge(session, peer.sha256)
        if before is not None:
            return _plan(peer, _own_project_uid(session), None, before)
        computed = _compute(session, ctx, peer)
        return _plan(peer, _local_project_uid(computed.local), computed, None)


def merge(ctx: ProjectContext, other_path: Path | str, plan: MergePlan | None = None
          ) -> MergeSummary:
    """Merge ``other_path`` into the open project (backup first, then one transaction)."""
    if ctx.read_only:
        raise SharingError("This project is open read-only, so nothing can be merged into it.")
    peer = read_peer(other_path, local_path=ctx.path)
    if plan is not None and plan.peer_sha256 != peer.sha256:
        raise SharingError(
            f"{peer.filename} has changed since the preview; preview the merge again."
        )
    with ctx.reading() as session:
        before = _previous_merge(session, peer.sha256)
        own = _own_project_uid(session)
    if before is not None:
        return MergeSummary(_plan(peer, own, None, before))
    backup = backup_project(ctx.path, "before-merge")
    with ctx.transaction() as session:
        computed = _compute(session, ctx, peer)
        merge_plan = _plan(peer, _local_project_uid(computed.local), computed, None)
        rec = Recorder(session, ctx.analyst.uid)
        log = rec.add(MergeLog(
            peer_project_uid=peer.project_uid, peer_sha256=peer.sha256,
            peer_filename=peer.filename[:500], merged_at=utc_now(),
            counts={kind: vars(c) for kind, c in merge_plan.counts.items()},
        ))
        written = write_rows(session, computed.diff, computed.local, computed.ids,
                             {"merge_log_id": log.id})
        save_state(session, computed.result.state, ctx.analyst.uid)
        search.rebuild(session)
        names = analyst_names(session)
        conflicts = tuple(
            describe(row, names) for row in computed.diff.inserts.get(CONFLICT_TABLE, [])
            if is_live(row) and not row["resolved"]
        )
        changes = rec.changes(f"merge {peer.filename}", log.uid)
        changes = Changes(changes.label, changes.rows + written, log.uid,
                          {"conflicts": len(conflicts)})
    return MergeSummary(merge_plan, log.uid, backup, conflicts, changes)

