"""``list PROJECT {sources,entities,claims,implications} [--json]``."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from db.repository import queries
from desktop.cli.common import open_ctx, print_json

KINDS = ("sources", "entities", "claims", "implications")


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the project's rows")
    p.add_argument("path")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    p.set_defaults(handler=cmd_list)


def rows_for(ctx: Any, kind: str) -> list[dict[str, Any]]:
    with ctx.reading() as session:
        if kind == "sources":
            found: list[Any] = queries.list_sources(session)
        elif kind == "entities":
            found = queries.list_entities(session)
        elif kind == "claims":
            found = queries.list_claims(session)
        else:
            found = queries.list_implications(session)
    rows = []
    for row in found:
        data = asdict(row)
        if kind == "claims":
            data["grade"] = row.grade
            data["claimant"] = row.claimant_name or "(the source itself)"
        if kind == "entities":
            data["aliases"] = list(row.aliases)
        rows.append(data)
    return rows


def _line(kind: str, row: dict[str, Any]) -> str:
    uid = row["uid"][:13]
    if kind == "sources":
        return f"{uid}  {row['reliability']}  {row['chars']:>7} chars  {row['title']}"
    if kind == "entities":
        aliases = f" (aka {', '.join(row['aliases'])})" if row["aliases"] else ""
        return f"{uid}  {row['type']:<12}  {row['name']}{aliases}"
    if kind == "claims":
        return f"{uid}  {row['grade']}  {row['claimant']}: {row['statement']}"
    likely = f" [{row['likelihood']}, {row['confidence']} confidence]" if row["likelihood"] else ""
    return f"{uid}  {row['kind']:<10}  {row['text']}{likely}"


def cmd_list(args: argparse.Namespace) -> int:
    with open_ctx(args.path, read_only=True) as ctx:
        rows = rows_for(ctx, args.kind)
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            print(_line(args.kind, row))
    return 0
