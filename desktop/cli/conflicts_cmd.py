"""``resolve PROJECT CONFLICT --keep mine|theirs``: settle one conflict a merge found.

The conflicts themselves are listed with ``dossier list PROJECT conflicts [--json] [--all]``.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import open_ctx
from desktop.sharing.conflicts import find_conflict, list_conflicts, resolve_conflict


def register(sub: Any) -> None:
    p = sub.add_parser("resolve", help="settle a conflict a merge found: keep mine or theirs")
    p.add_argument("path")
    p.add_argument("conflict", help="the conflict's id (a unique prefix is enough)")
    p.add_argument("--keep", required=True, choices=["mine", "theirs"],
                   help="mine: this copy's value; theirs: the other copy's")
    p.set_defaults(handler=cmd_resolve)


def cmd_resolve(args: argparse.Namespace) -> int:
    with open_ctx(args.path) as ctx:
        uid = find_conflict(ctx, args.conflict)
        resolve_conflict(ctx, uid, args.keep)
        [row] = [c for c in list_conflicts(ctx, include_resolved=True) if c.uid == uid]
    value = row.mine if args.keep == "mine" else row.theirs
    print(f"resolved {uid}: {row.table} “{row.label}” {row.field} keeps {args.keep} "
          f"({value!r})")
    return 0
