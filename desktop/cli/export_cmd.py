"""``export PROJECT --format {json,csv,md,brat} -o OUT``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import CommandError, open_ctx
from desktop.exports.registry import available_formats, exporter

FORMATS = ("json", "csv", "md", "brat")


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export project data")
    p.add_argument("path")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    if args.format not in available_formats():
        raise CommandError(f"the {args.format} export is not available in this build.")
    out = Path(args.output)
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist.")
    with open_ctx(args.path, read_only=True) as ctx:
        print(exporter(args.format)(ctx, out))
    return 0
