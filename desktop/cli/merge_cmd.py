"""``merge PROJECT OTHER [--dry-run]`` and ``share-copy PROJECT OUT``."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from db.errors import ProjectLockedError
from desktop.cli.common import open_ctx
from desktop.sharing.merge import (
    KindCounts,
    MergeNeedsConfirmation,
    MergePlan,
    merge,
    preview_merge,
)
from desktop.sharing.share_copy import save_copy

_PLURALS = {"entity": "entities", "entity_alias": "aliases", "analyst": "analysts",
            "tagging": "taggings", "support": "links", "project": "project"}


def register(sub: Any) -> None:
    p = sub.add_parser("merge", help="merge a colleague's copy of the project into this one")
    p.add_argument("path")
    p.add_argument("other", help="the other project file (it is only read)")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would change, and change nothing")
    p.add_argument("--yes", action="store_true",
                   help="confirm a merge that deletes or replaces a large share of the project "
                   "or lowers a handling marking")
    p.add_argument("--take-settings", action="store_true",
                   help="also take the other copy's handling settings (project name, default "
                   "marking, brief options); without it they stay as they are here")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("share-copy", help="write a verified copy of the project to send")
    p.add_argument("path")
    p.add_argument("out")
    p.set_defaults(handler=cmd_share_copy)


def _kind(kind: str) -> str:
    return _PLURALS.get(kind, kind + "s")


def count_lines(counts: Mapping[str, KindCounts]) -> list[str]:
    if not counts:
        return ["  nothing to bring in"]
    lines = [f"  {'':<12} {'new':>6} {'updated':>8} {'deleted':>8} {'conflicts':>10}"]
    for kind, c in counts.items():
        lines.append(f"  {_kind(kind):<12} {c.new:>6} {c.updated:>8} {c.deleted:>8} "
                     f"{c.conflicts:>10}")
    return lines


def plan_lines(plan: MergePlan) -> list[str]:
    lines = [f"{plan.peer_filename} (sha256 {plan.peer_sha256})"]
    if not plan.same_project:
        lines.append(f"  a separately created project (“{plan.peer_project_name}”): its work is "
                     "added alongside; this project keeps its name")
    lines.extend(count_lines(plan.counts))
    for held in plan.held_back:
        verb = "takes" if plan.take_settings else "keeps"
        lines.append(f"  {held.what}: this project {verb} "
                     f"{_short(held.theirs if plan.take_settings else held.mine)} (the other "
                     f"copy has {_short(held.theirs if not plan.take_settings else held.mine)})"
                     + ("" if plan.take_settings else "; --take-settings to take theirs"))
    if plan.clock_ahead_ms:
        lines.append(f"  the other copy's clock runs about {_duration(plan.clock_ahead_ms)} "
                     "ahead of this one; its changes are ordered by history, not by clock")
    if plan.future_stamps:
        lines.append(f"  {plan.future_stamps} row(s) are stamped far in the future; they never "
                     "win a conflict on their own")
    if plan.reattached or plan.orphaned:
        lines.append(f"  anchors on a changed text: {plan.reattached} re-attached, "
                     f"{len(plan.orphaned)} could not be placed (flagged orphaned)")
        lines.extend(f"    orphaned: {uid}" for uid in plan.orphaned)
    for dup in plan.near_duplicates:
        lines.append(f"  new version of the same source? {dup.first_uid[:13]} here and "
                     f"{dup.second_uid[:13]} theirs: {dup.describe()} (fold them with "
                     f"`dossier fold PROJECT {dup.first_uid[:13]} {dup.second_uid[:13]}` after merging if so)")
    for guard in plan.guards:
        lines.append(f"  needs confirmation: {guard.message}")
    if plan.suggestions:
        lines.append("entities that may be the same (merge them if so):")
        for s in plan.suggestions:
            lines.append(f"  “{s.keep_name}” ({s.entity_type}) and “{s.other_name}” "
                         f"({s.other_type}): {s.reason}")
    return lines


def _short(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("marking", value)
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _duration(ms: int) -> str:
    hours = ms / 3_600_000
    return f"{hours:.0f} hours" if hours >= 2 else f"{ms // 60_000} minutes"


def _shown(value: object) -> str:
    if isinstance(value, dict) and "deleted_at" in value:
        return "deleted" if value.get("deleted_at") else "kept"
    text = repr(value)
    return text if len(text) <= 50 else text[:49] + "…"


def cmd_merge(args: argparse.Namespace) -> int:
    other = Path(args.other)
    if args.dry_run:
        with open_ctx(args.path, read_only=True) as ctx:
            plan = preview_merge(ctx, other, take_settings=args.take_settings)
        if plan.already_merged:
            print(f"already merged: {plan.peer_filename} was merged on {plan.merged_before_at}; "
                  "merging it again would change nothing.")
            return 0
        print("\n".join(plan_lines(plan)))
        print("dry run: nothing was changed.")
        return 0
    with open_ctx(args.path) as ctx:
        try:
            summary = merge(ctx, other, confirm=args.yes, take_settings=args.take_settings)
        except MergeNeedsConfirmation as err:
            raise MergeNeedsConfirmation(f"{err} (run again with --yes)") from None
    if summary.already_merged:
        print(f"already merged: {summary.plan.peer_filename} was merged on "
              f"{summary.plan.merged_before_at}; nothing changed.")
        return 0
    print("merged " + "\n".join(plan_lines(summary.plan)))
    if summary.conflicts:
        print(f"{len(summary.conflicts)} conflict(s), each kept on the list with both values "
              "(dossier list PROJECT conflicts; dossier resolve PROJECT ID --keep mine|theirs):")
        for c in summary.conflicts:
            print(f"  {c.table} “{c.label}” {c.field} ({c.why}): kept {c.kept_side} "
                  f"{_shown(c.kept)} by {c.kept_by} of {c.kept_at}; other {_shown(c.other)} "
                  f"by {c.other_by} of {c.other_at} [{c.uid}]")
    else:
        print("no conflicts.")
    print(f"backup of the project before the merge: {summary.backup_path}")
    return 0


def cmd_share_copy(args: argparse.Namespace) -> int:
    try:
        ctx = open_ctx(args.path)
    except ProjectLockedError:
        # Open elsewhere: a consistent copy can still be read, it just cannot note the sync.
        ctx = open_ctx(args.path, read_only=True)
    with ctx:
        result = save_copy(ctx, Path(args.out))
    print(f"wrote {result.path}")
    print(f"sha256 {result.sha256}")
    return 0
