"""``merge PROJECT OTHER [--dry-run]`` and ``share-copy PROJECT OUT``."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from db.errors import ProjectLockedError
from desktop.cli.common import open_ctx
from desktop.core.kinds import table_label
from desktop.sharing.merge import KindCounts, MergePlan, merge, preview_merge
from desktop.sharing.share_copy import save_copy


def register(sub: Any) -> None:
    p = sub.add_parser("merge", help="merge a colleague's copy of the project into this one")
    p.add_argument("path")
    p.add_argument("other", help="the other project file (it is only read)")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would change, and change nothing")
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("share-copy", help="write a verified copy of the project to send")
    p.add_argument("path")
    p.add_argument("out")
    p.set_defaults(handler=cmd_share_copy)


def _kind(kind: str) -> str:
    return table_label(kind)


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
    if plan.suggestions:
        lines.append("entities that may be the same (merge them if so):")
        for s in plan.suggestions:
            lines.append(f"  “{s.keep_name}” ({s.entity_type}) and “{s.other_name}” "
                         f"({s.other_type}): {s.reason}")
    return lines


def cmd_merge(args: argparse.Namespace) -> int:
    other = Path(args.other)
    if args.dry_run:
        with open_ctx(args.path, read_only=True) as ctx:
            plan = preview_merge(ctx, other)
        if plan.already_merged:
            print(f"already merged: {plan.peer_filename} was merged on {plan.merged_before_at}; "
                  "merging it again would change nothing.")
            return 0
        print("\n".join(plan_lines(plan)))
        print("dry run: nothing was changed.")
        return 0
    with open_ctx(args.path) as ctx:
        summary = merge(ctx, other)
    if summary.already_merged:
        print(f"already merged: {summary.plan.peer_filename} was merged on "
              f"{summary.plan.merged_before_at}; nothing changed.")
        return 0
    print("merged " + "\n".join(plan_lines(summary.plan)))
    if summary.conflicts:
        print(f"{len(summary.conflicts)} conflict(s): both copies changed these; the later change "
              "was kept and the other is saved for review:")
        for c in summary.conflicts:
            fields = ", ".join(c.fields) or "no visible difference"
            print(f"  {c.table} “{c.label}” ({fields}): kept {c.kept_by}'s change of "
                  f"{c.kept_at}; set aside {c.other_by}'s of {c.other_at} [{c.uid}]")
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
