"""Merge a colleague's copy into the open project: preview, then one all-or-nothing step.

Order of work: read and validate the other file (privately, read-only);
refuse it if it is this file, newer, or hostile; stop if this exact file
(same SHA-256) was merged already; decide every row from history
(``reconcile``), fold identical duplicates, make sure no live row points at a
deleted one and every anchor fits its text (``integrity``); refuse to go on
without the analyst's yes when the merge would delete or replace a large
share of the project or lower a handling marking; back the project up; then,
in one transaction, write the result, keep the past versions, record the
conflicts this copy found, and rebuild the search index locally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import search
from db.backup import backup_project
from db.ids import utc_now
from db.models import MergeLog, Project, ReplicaClock, Source
from db.versioning import CLOCK_NOTE_MS, hlc_physical_ms, next_hlc, wall_hlc
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.identity import known_replicas
from desktop.core.recorder import Recorder
from desktop.services.near_duplicates import NearDuplicate, find_near_duplicates
from desktop.sharing.conflicts import ConflictRow, record_findings
from desktop.sharing.errors import SharingError
from desktop.sharing.folding import fold_duplicates
from desktop.sharing.guards import Guard, check_guards
from desktop.sharing.history import mapping_holdings, session_holdings
from desktop.sharing.integrity import View, anchors_to_check, fit_anchors, repair
from desktop.sharing.peer import PeerFile, read_peer
from desktop.sharing.portable import Dataset, IdMaps, is_live, read_dataset, session_fetch
from desktop.sharing.reconcile import LOCAL_TABLES, Me, Reconciled, finish_version, reconcile
from desktop.sharing.suggestions import EntityMergeSuggestion, suggest_entity_merges
from desktop.sharing.writer import keep_history, write_drafts

# Kinds a user reads counts for, in the order they are shown.
KINDS = ("source", "entity", "entity_alias", "mention", "anchor", "claim", "implication",
         "support", "tag", "tagging", "note", "setting", "analyst", "project")


class MergeNeedsConfirmation(SharingError):
    """The merge would lose a lot or lower a marking; nothing was changed without a yes."""


@dataclass(frozen=True)
class KindCounts:
    new: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0

    def __bool__(self) -> bool:
        return bool(self.new or self.updated or self.deleted or self.conflicts)


@dataclass(frozen=True)
class HeldBack:
    """A handling setting the other copy has differently; it changes only if chosen."""

    what: str  # "project name", "default marking", "brief options"
    mine: object
    theirs: object


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
    held_back: tuple[HeldBack, ...] = ()  # handling settings kept unless take_settings
    take_settings: bool = False
    guards: tuple[Guard, ...] = ()  # what needs an explicit yes
    orphaned: tuple[str, ...] = ()  # anchors that could not be placed on a changed text
    reattached: int = 0
    brought_back: int = 0
    future_stamps: int = 0  # rows stamped far in the future (they never win on their own)
    clock_ahead_ms: int = 0  # how far the other copy's newest stamp is ahead of this clock
    # Sources here and sources the other copy brings that look like one document in two
    # versions: offered as "new version of the same source", folded only if chosen.
    near_duplicates: tuple[NearDuplicate, ...] = ()

    @property
    def conflict_count(self) -> int:
        return sum(c.conflicts for c in self.counts.values())

    @property
    def has_changes(self) -> bool:
        return any(self.counts.values())

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.guards)


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


@dataclass
class _Computed:
    local: Dataset
    ids: IdMaps
    result: Reconciled
    view: View
    me: Me
    orphaned: tuple[str, ...]
    reattached: int
    brought_back: int


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


def _me(session: Session, ctx: ProjectContext) -> Me:
    clock = session.execute(select(ReplicaClock)).scalars().first()
    replica = clock.replica_id if clock is not None else ""
    last = clock.hlc if clock is not None else 0
    mine = known_replicas(ctx.analyst.uid) | ({replica} if replica else set())
    return Me(ctx.analyst.uid, replica, frozenset(mine), max(wall_hlc(), int(last or 0)))


def _compute(session: Session, ctx: ProjectContext, peer: PeerFile, take_settings: bool,
             *, estimate_anchors: bool = True) -> _Computed:
    stored, ids = read_dataset(session_fetch(session), ctx.path.name)
    local = {t: rows for t, rows in stored.items() if t not in LOCAL_TABLES}
    theirs = {t: rows for t, rows in peer.data.items() if t not in LOCAL_TABLES}
    # A separately created project keeps its own project record: the local one stays.
    own_uid = _own_project_uid(session)
    theirs["project"] = {u: r for u, r in theirs.get("project", {}).items() if u == own_uid}
    me = _me(session, ctx)
    result = reconcile(local, theirs, session_holdings(session), mapping_holdings(peer.history),
                       me, take_settings=take_settings)
    view = View(local, theirs, result)
    fold_duplicates(view)
    repairs = repair(view)
    if estimate_anchors:
        # The preview's estimate; the merge itself re-attaches with the anchors' own texts.
        fit_anchors(view, repairs)
    return _Computed(local, ids, result, view, me, tuple(repairs.orphaned),
                     len(repairs.reattached), len(repairs.brought_back))


def _counts(computed: _Computed) -> dict[str, KindCounts]:
    conflicts: dict[str, int] = {}
    for finding in computed.result.findings:
        conflicts[finding.table] = conflicts.get(finding.table, 0) + 1
    tallies: dict[str, list[int]] = {}
    for (table, _uid), draft in computed.result.drafts.items():
        tally = tallies.setdefault(table, [0, 0, 0])
        before = draft.base_row
        if before is None:
            tally[0] += int(is_live(draft.row))
        elif is_live(before) and not is_live(draft.row):
            tally[2] += 1
        else:
            tally[1] += 1
    counts: dict[str, KindCounts] = {}
    for kind in KINDS:
        new, updated, deleted = tallies.get(kind, [0, 0, 0])
        entry = KindCounts(new, updated, deleted, conflicts.get(kind, 0))
        if entry:
            counts[kind] = entry
    return counts


_HELD_NAMES = {"name": "project name", "default_marking": "default marking",
               "brief.options": "brief options"}


def _plan(peer: PeerFile, own_project_uid: str, computed: _Computed | None,
          merged_before_at: str | None, take_settings: bool) -> MergePlan:
    if computed is None:
        return MergePlan(
            peer_path=peer.path, peer_filename=peer.filename, peer_sha256=peer.sha256,
            peer_project_uid=peer.project_uid, peer_project_name=peer.project_name,
            same_project=peer.project_uid == own_project_uid,
            already_merged=merged_before_at is not None, merged_before_at=merged_before_at or "",
            take_settings=take_settings)
    merged_entities = {"entity": dict(computed.view.rows("entity")),
                       "entity_alias": dict(computed.view.rows("entity_alias"))}
    held = tuple(HeldBack(_HELD_NAMES.get(name, name), mine, theirs)
                 for _t, _u, name, mine, theirs in computed.result.held_back)
    return MergePlan(
        peer_path=peer.path, peer_filename=peer.filename, peer_sha256=peer.sha256,
        peer_project_uid=peer.project_uid, peer_project_name=peer.project_name,
        same_project=peer.project_uid == own_project_uid, already_merged=False,
        counts=_counts(computed),
        suggestions=suggest_entity_merges(merged_entities, computed.local.get("entity", {}).keys()),
        held_back=held, take_settings=take_settings,
        guards=check_guards(computed.local, computed.result, take_settings),
        orphaned=computed.orphaned, reattached=computed.reattached,
        brought_back=computed.brought_back, future_stamps=computed.result.future_stamps,
        clock_ahead_ms=_ahead(computed),
        near_duplicates=tuple(find_near_duplicates(
            {u: r for u, r in computed.local.get("source", {}).items()},
            {u: r for u, r in computed.view.peer.get("source", {}).items()})),
    )


def _ahead(computed: _Computed) -> int:
    ahead = hlc_physical_ms(computed.result.max_peer_hlc) - hlc_physical_ms(computed.me.now_hlc)
    return ahead if ahead > CLOCK_NOTE_MS else 0


def _reattach(session: Session, rec: Recorder, computed: _Computed) -> tuple[tuple[str, ...], int]:
    """Carry every anchor of a source whose merged text differs from a side's onto it.

    Each anchor is placed from the text its offsets were made on (this copy's
    or the colleague's), by ``reattach_source_anchors``; what cannot be placed
    with confidence is flagged orphaned and listed in the summary.
    """
    from desktop.services.reattach import reattach_source_anchors

    texts = anchors_to_check(computed.view)
    orphaned: list[str] = []
    moved = 0
    if not texts:
        return (), 0
    session.expire_all()  # the rows were just written with plain SQL
    for uid, merged in sorted(texts.items()):
        source = session.execute(select(Source).where(Source.uid == uid)).scalar_one()
        mine = computed.view.local.get("source", {}).get(uid)
        theirs = computed.view.peer.get("source", {}).get(uid)
        other = next((str(side["text"]) for side in (mine, theirs)
                      if side is not None and str(side["text"]) != merged), merged)
        report = reattach_source_anchors(session, source, merged, old_text=other, recorder=rec)
        orphaned.extend(r.anchor_uid for r in report.orphaned)
        moved += len(report.moved)
    return tuple(orphaned), moved


def preview_merge(ctx: ProjectContext, other_path: Path | str, *, take_settings: bool = False
                  ) -> MergePlan:
    """What ``merge`` would do with ``other_path`` now; changes nothing anywhere."""
    peer = read_peer(other_path, local_path=ctx.path)
    with ctx.reading() as session:
        own = _own_project_uid(session)
        before = _previous_merge(session, peer.sha256)
        if before is not None:
            return _plan(peer, own, None, before, take_settings)
        computed = _compute(session, ctx, peer, take_settings)
        return _plan(peer, own, computed, None, take_settings)


def merge(ctx: ProjectContext, other_path: Path | str, plan: MergePlan | None = None, *,
          confirm: bool = False, take_settings: bool | None = None) -> MergeSummary:
    """Merge ``other_path`` into the open project (backup first, then one transaction).

    ``take_settings`` takes the other copy's handling settings (name, marking,
    brief options); ``confirm`` is the analyst's yes to a merge that deletes or
    replaces a large share of the project or lowers a marking. Without it such
    a merge raises ``MergeNeedsConfirmation`` and changes nothing.
    """
    if ctx.read_only:
        raise SharingError("This project is open read-only, so nothing can be merged into it.")
    take = take_settings if take_settings is not None else bool(plan and plan.take_settings)
    peer = read_peer(other_path, local_path=ctx.path)
    if plan is not None and plan.peer_sha256 != peer.sha256:
        raise SharingError(
            f"{peer.filename} has changed since the preview; preview the merge again."
        )
    with ctx.reading() as session:
        before = _previous_merge(session, peer.sha256)
        own = _own_project_uid(session)
        if before is None:
            first = _plan(peer, own, _compute(session, ctx, peer, take), None, take)
    if before is not None:
        return MergeSummary(_plan(peer, own, None, before, take))
    if first.guards and not confirm:
        raise MergeNeedsConfirmation(" ".join(g.message for g in first.guards)
                                     + " Nothing was merged; confirm to go ahead.")
    backup = backup_project(ctx.path, "before-merge")
    with ctx.transaction() as session:
        computed = _compute(session, ctx, peer, take, estimate_anchors=False)
        merge_plan = _plan(peer, own, computed, None, take)
        if merge_plan.guards and not confirm:
            raise MergeNeedsConfirmation(" ".join(g.message for g in merge_plan.guards))
        rec = Recorder(session, ctx.analyst.uid)
        log = rec.add(MergeLog(
            peer_project_uid=peer.project_uid, peer_sha256=peer.sha256,
            peer_filename=peer.filename[:500], merged_at=utc_now(),
            counts={kind: vars(c) for kind, c in merge_plan.counts.items()},
        ))
        clock = rec.stamper.clock()
        stamp = max(int(clock.hlc or 0), computed.result.max_peer_hlc)
        now = utc_now()
        for key in sorted(computed.result.drafts):
            draft = computed.result.drafts[key]
            if draft.new_version:
                stamp = next_hlc(stamp)
                finish_version(draft, computed.me, stamp, now)
        clock.hlc = stamp
        keep_history(session, computed.result.history)
        written = write_drafts(session, computed.result.drafts, computed.ids)
        orphaned, moved = _reattach(session, rec, computed)
        merge_plan = replace(merge_plan, orphaned=orphaned, reattached=moved)
        conflicts = record_findings(session, rec, computed.result.findings, log.id)
        search.rebuild(session)
        changes = rec.changes(f"merge {peer.filename}", log.uid)
        changes = Changes(changes.label, changes.rows + written, log.uid,
                          {"conflicts": len(conflicts), "orphaned": len(computed.orphaned)})
    return MergeSummary(merge_plan, log.uid, backup, conflicts, changes)
