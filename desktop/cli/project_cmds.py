"""``new``, ``check`` and ``sample``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from db.engine import SCHEMA_VERSION, inspect_file
from db.errors import ProjectFileError
from db.fileinfo import sha256_of
from db.repository.dangling import dangling_references
from desktop.cli.common import fail, open_ctx
from desktop.services.anchor_check import AnchorProblem, check_anchors
from desktop.services.counts import counts_line, plural, project_counts


def register(sub: Any) -> None:
    p = sub.add_parser("new", help="create an empty project")
    p.add_argument("path")
    p.add_argument("--name", default="")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("check", help="integrity and schema report; exit status says if it is ok")
    p.add_argument("path")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("sample", help="write the bundled sample project")
    p.add_argument("path")
    p.set_defaults(handler=cmd_sample)


def cmd_new(args: argparse.Namespace) -> int:
    from desktop.core.context import new_project

    with new_project(Path(args.path), args.name) as ctx:
        print(f"created {ctx.path} ({ctx.project().name})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.path)
    try:
        report = inspect_file(path, thorough=True)  # the full check, whatever the size
    except ProjectFileError as err:
        return fail(str(err))
    if report.newer:
        return fail(
            f"{path.name} was saved by a newer Dossier (schema {report.user_version}, this one "
            f"reads {SCHEMA_VERSION}); it can only be opened read-only."
        )
    # The same counts, in the same words, as the window's status bar and `summary`.
    with open_ctx(args.path, read_only=True) as ctx:
        counts = counts_line(project_counts(ctx))
        with ctx.reading() as session:
            anchors = check_anchors(session)
            dangling = dangling_references(session)
    if dangling:
        more = f" (and {len(dangling) - 3} more)" if len(dangling) > 3 else ""
        return fail(f"{path.name}: {len(dangling)} live row(s) point at deleted rows: "
                    + "; ".join(d.describe() for d in dangling[:3]) + more + ".")
    if not anchors.ok:
        n = len(anchors.wrong)
        verb, their = ("is", "its") if n == 1 else ("are", "their")
        fail(f"{path.name}: {plural(n, 'annotation')} {verb} not on {their} quoted words "
             "and not flagged orphaned:")
        for problem in anchors.wrong:
            print(f"  {problem.wrong_line()}", file=sys.stderr)
        return 1
    print(f"ok: {path.name}: schema {report.user_version}, integrity ok; {counts}; "
          f"sha256 {sha256_of(path)}")
    _list_orphans(anchors.orphaned)
    return 0


# Orphaned annotations listed by check before it says how many more there are.
_ORPHANS_LISTED = 50


def _list_orphans(orphans: tuple[AnchorProblem, ...]) -> None:
    if not orphans:
        return
    print(f"{plural(len(orphans), 'orphaned annotation')}: the source's text changed and "
          "these could not be placed with confidence; re-place or delete them:")
    for problem in orphans[:_ORPHANS_LISTED]:
        print(f"  {problem.orphan_line()}")
    if len(orphans) > _ORPHANS_LISTED:
        print(f"  … and {len(orphans) - _ORPHANS_LISTED} more")


def cmd_sample(args: argparse.Namespace) -> int:
    from desktop.services.sample import write_sample

    changes = write_sample(Path(args.path))
    print(f"wrote the sample project to {args.path} ({changes})")
    return 0


__all__ = ["open_ctx", "register"]
