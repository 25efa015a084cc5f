"""``import PROJECT FILE...``: one line per file; exit 1 if any failed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.models.vocab import Reliability
from desktop.cli.common import open_ctx
from desktop.services.importing import Outcome, import_path


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import documents as sources")
    p.add_argument("path")
    p.add_argument("files", nargs="+")
    p.add_argument("--reliability", choices=[r.value for r in Reliability], default=None,
                   help="source reliability grade A–F for every imported file")
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    failed = 0
    reliability = Reliability(args.reliability) if args.reliability else None
    with open_ctx(args.path) as ctx:
        for name in args.files:
            result = import_path(ctx, Path(name), reliability)
            if result.outcome == Outcome.FAILED:
                failed += 1
                print(f"failed    {result.message}")
            elif result.outcome == Outcome.DUPLICATE:
                print(f"skipped   {result.message}")
            else:
                print(f"imported  {result.message} [{result.source_uid}, {result.chars} chars]")
    return 1 if failed else 0
