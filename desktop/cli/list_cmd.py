"""``list PROJECT KIND [--json]``: every kind the registry lists (sources, claims, events...)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import open_ctx, print_json
from desktop.core.kinds import LISTED, by_listing

KINDS = tuple(k.listing.name for k in LISTED if k.listing is not None)


def register(sub: Any) -> None:
    p = sub.add_parser("list", help="list the project's rows")
    p.add_argument("path")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--json", action="store_true", help="print a JSON list of objects")
    p.set_defaults(handler=cmd_list)


def rows_for(ctx: Any, kind: str) -> list[dict[str, Any]]:
    listing = by_listing(kind).listing
    assert listing is not None
    with ctx.reading() as session:
        return [listing.as_dict(row) for row in listing.rows(session, True)]


def cmd_list(args: argparse.Namespace) -> int:
    with open_ctx(args.path, read_only=True) as ctx:
        rows = rows_for(ctx, args.kind)
    if args.json:
        print_json(rows)
    else:
        listing = by_listing(args.kind).listing
        assert listing is not None
        for row in rows:
            print(listing.line(row))
    return 0
