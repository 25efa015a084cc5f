"""``brief PROJECT -o OUT.pdf [--title T] [--marking M] [--include S ...] [--date D] [--strict]``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from desktop.brief.build import write_brief
from desktop.brief.data import load_brief_data
from desktop.brief.options import ALL_SECTIONS, marking_of, sections_of
from desktop.brief.preflight import preflight
from desktop.brief.settings import load_options
from desktop.cli.common import CommandError, open_ctx


def register(sub: Any) -> None:
    p = sub.add_parser(
        "brief", help="write the PDF brief",
        description="Write the project's PDF brief. Options not given on the command line "
        "come from the options saved in the project (File ▸ Export brief…), or defaults. "
        "A pre-flight check runs first and prints what a reader would miss or misread.")
    p.add_argument("path")
    p.add_argument("-o", "--output", required=True, help="the PDF file to write")
    p.add_argument("--title")
    p.add_argument("--subtitle")
    p.add_argument("--analyst", help="name printed as the preparer of the brief")
    p.add_argument("--marking", help="TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, "
                   "TLP:RED, or your own handling text printed as typed")
    p.add_argument("--date", help="the date printed on the brief, YYYY-MM-DD "
                   "(default: the project's latest change)")
    p.add_argument("--include", nargs="+", metavar="SECTION",
                   choices=[s.value for s in ALL_SECTIONS],
                   help="only these sections (the title block is always there): "
                   + ", ".join(s.value for s in ALL_SECTIONS))
    p.add_argument("--strict", action="store_true",
                   help="write nothing (exit status 1) when the pre-flight check finds a problem")
    p.set_defaults(handler=cmd_brief)


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise CommandError(f"the date {text!r} is not a date like 2026-03-09.") from None


def cmd_brief(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if not out.parent.is_dir():
        raise CommandError(f"the folder {out.parent} does not exist.")
    with open_ctx(args.path, read_only=True) as ctx:
        options = load_options(ctx)
        changes: dict[str, Any] = {}
        if args.title is not None:
            changes["title"] = args.title
        if args.subtitle is not None:
            changes["subtitle"] = args.subtitle
        if args.analyst is not None:
            changes["analyst"] = args.analyst
        if args.marking is not None:
            if not args.marking.strip():
                raise CommandError("the marking is empty; give a TLP label or your own text.")
            changes["marking"] = args.marking
        if args.date is not None:
            changes["date"] = _date(args.date)
        if args.include:
            changes["sections"] = sections_of(args.include)
        chosen = replace(options, **changes)
        data = load_brief_data(ctx, chosen.cleaned())
        findings = preflight(data, chosen)
        for finding in findings:
            print(f"pre-flight: {finding.text}", file=sys.stderr)
        if args.strict and any(f.blocking for f in findings):
            raise CommandError("the pre-flight check found problems (listed above); "
                               "no brief was written (--strict).")
        result = write_brief(data, replace(chosen, marking=marking_of(chosen.marking)), out)
    print(f"wrote {result.path}: {result.pages} page{'s' if result.pages != 1 else ''}, "
          f"sha256 {result.sha256}")
    return 0

