"""``list PROJECT KIND [--json] [--all | --suggested]``: every kind the registry lists.

Plain ``list`` shows the analyst's accepted work, as the window's tables do;
``--all`` adds the suggestions waiting for review and ``--suggested`` shows only
them, with a ``review_state`` column. The kinds, how to read their rows and how to
print one as a line come from the kind registry (``desktop.core.kinds``): a new kind
is listed without an edit here. ``conflicts`` (what this copy's merges found both
sides changed; ``--all`` adds the resolved ones) is listed the same way.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.common import open_ctx, print_json
from desktop.core.kinds import LISTED, Listing

Row = dict[str, Any]


def _read_conflicts(session: Session, every: bool) -> list[Any]:
    from desktop.sharing.conflicts import conflicts_in

    return list(conflicts_in(session, include_resolved=every))


def _conflict_line(row: Mapping[str, Any]) -> str:
    def shown(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        return text if len(text) <= 40 else text[:39] + "…"

    state = f"resolved: kept {row['resolution']}" if row["resolved"] else f"kept {row['kept_side']}"
    return (f"{row['table']:<12}  “{row['label']}” {row['field']}: mine {shown(row['mine'])} "
            f"({row['mine_by']}) | theirs {shown(row['theirs'])} ({row['theirs_by']}); {state}; "
            f"{row['reason']}")


def _conflict_extra(row: Any) -> dict[str, Any]:
    return {"why": row.why, "deleted_side": row.deleted_side}


CONFLICTS = Listing("conflicts", _read_conflicts, _conflict_line, (), _conflict_extra)
LISTINGS: dict[str, Listing] = {
    **{k.listing.name: k.listing for k in LISTED if k.listing is not None},
    CONFLICTS.name: CONFLICTS,
}
KINDS = tuple(LISTINGS)


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the project's rows (accepted work unless asked)")
    p.add_argument("path")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true",
                       help="accepted rows and suggestions waiting for review")
    which.add_argument("--suggested", action="store_true",
                       help="only the suggestions waiting for review")
    p.set_defaults(handler=cmd_list)


def rows_for(ctx: Any, kind: str, which: str = "accepted") -> list[Row]:
    """Rows of ``kind`` as dicts; ``which`` is accepted, all or suggested."""
    listing = LISTINGS[kind]
    with ctx.reading() as session:
        found = listing.rows(session, which != "accepted")
    rows = []
    for row in found:
        data = listing.as_dict(row)
        data.setdefault("review_state", "accepted")
        if which == "suggested" and data["review_state"] != "suggested":
            continue
        if which == "accepted" and data["review_state"] not in ("accepted", ""):
            continue
        rows.append(data)
    return rows


def _line(kind: str, row: Row, which: str) -> str:
    state = f"{row['review_state'] or 'accepted':<9}  " if which != "accepted" else ""
    return f"{row['uid'][:13]}  {state}{LISTINGS[kind].line(row)}"


def cmd_list(args: argparse.Namespace) -> int:
    which = "all" if args.all else "suggested" if args.suggested else "accepted"
    with open_ctx(args.path, read_only=True) as ctx:
        rows = rows_for(ctx, args.kind, which)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(_line(args.kind, row, which))
    return 0
