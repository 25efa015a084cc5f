"""``list PROJECT KIND [--json] [--all | --suggested]``.

Plain ``list`` shows the analyst's accepted work, as the window's tables do;
``--all`` adds the suggestions waiting for review and ``--suggested`` shows only
them, with a ``review_state`` column. Each kind is one entry of ``LIST_KINDS``:
how to read its rows, and how to print one as a line. A new kind (conflicts,
events...) registers an entry there; nothing else changes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from db.repository import queries
from desktop.cli.common import open_ctx, print_json
from desktop.services.counts import type_label

Row = dict[str, Any]


@dataclass(frozen=True)
class ListKind:
    # Rows of this kind; include_suggested adds suggestions to the accepted rows.
    read: Callable[[Session, bool], list[Any]]
    line: Callable[[Row], str]  # one row as a line of plain output
    extra: Callable[[Any, Row], None] = lambda _row, _data: None  # fields beyond the row's own


def _claim_extra(row: Any, data: Row) -> None:
    data["grade"] = row.grade
    data["claimant"] = row.claimant_name or "(the source itself)"


def _entity_extra(row: Any, data: Row) -> None:
    data["aliases"] = list(row.aliases)
    data["type_label"] = type_label(row.type)


def _source_line(row: Row) -> str:
    return f"{row['reliability']}  {row['chars']:>7} chars  {row['title']}"


def _entity_line(row: Row) -> str:
    aliases = f" (aka {', '.join(row['aliases'])})" if row["aliases"] else ""
    return f"{row['type_label']:<22}  {row['name']}{aliases}"


def _claim_line(row: Row) -> str:
    return f"{row['grade']}  {row['claimant']}: {row['statement']}"


def _implication_line(row: Row) -> str:
    likely = f" [{row['likelihood']}, {row['confidence']} confidence]" if row["likelihood"] else ""
    return f"{row['kind']:<10}  {row['text']}{likely}"


def _read_conflicts(session: Session, every: bool) -> list[Any]:
    from desktop.sharing.conflicts import conflicts_in

    return list(conflicts_in(session, include_resolved=every))


def _conflict_line(row: Row) -> str:
    def shown(value: Any) -> str:
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        return text if len(text) <= 40 else text[:39] + "…"

    state = f"resolved: kept {row['resolution']}" if row["resolved"] else f"kept {row['kept_side']}"
    return (f"{row['table']:<12}  “{row['label']}” {row['field']}: mine {shown(row['mine'])} "
            f"({row['mine_by']}) | theirs {shown(row['theirs'])} ({row['theirs_by']}); {state}; "
            f"{row['reason']}")


def _conflict_extra(row: Any, data: Row) -> None:
    data["why"] = row.why
    data["deleted_side"] = row.deleted_side


LIST_KINDS: dict[str, ListKind] = {
    "sources": ListKind(lambda s, _all: list(queries.list_sources(s)), _source_line),
    "entities": ListKind(lambda s, every: list(queries.list_entities(s, include_suggested=every)),
                         _entity_line, _entity_extra),
    "claims": ListKind(lambda s, every: list(queries.list_claims(s, include_suggested=every)),
                       _claim_line, _claim_extra),
    "implications": ListKind(
        lambda s, every: list(queries.list_implications(s, include_suggested=every)),
        _implication_line),
    # What this copy's merges found both sides changed; --all adds the resolved ones.
    "conflicts": ListKind(_read_conflicts, _conflict_line, _conflict_extra),
}


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the project's rows (accepted work unless asked)")
    p.add_argument("path")
    p.add_argument("kind", choices=list(LIST_KINDS))
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true",
                       help="accepted rows and suggestions waiting for review")
    which.add_argument("--suggested", action="store_true",
                       help="only the suggestions waiting for review")
    p.set_defaults(handler=cmd_list)


def rows_for(ctx: Any, kind: str, which: str = "accepted") -> list[Row]:
    """Rows of ``kind`` as dicts; ``which`` is accepted, all or suggested."""
    spec = LIST_KINDS[kind]
    with ctx.reading() as session:
        found = spec.read(session, which != "accepted")
    rows = []
    for row in found:
        data = asdict(row)
        data.setdefault("review_state", "accepted")
        spec.extra(row, data)
        if which == "suggested" and data["review_state"] != "suggested":
            continue
        if which == "accepted" and data["review_state"] not in ("accepted", ""):
            continue
        rows.append(data)
    return rows


def _line(kind: str, row: Row, which: str) -> str:
    state = f"{row['review_state'] or 'accepted':<9}  " if which != "accepted" else ""
    return f"{row['uid'][:13]}  {state}{LIST_KINDS[kind].line(row)}"


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
