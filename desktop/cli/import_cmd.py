"""``import PROJECT FILE...``: one line per file; exit 1 if any failed.

A folder among the FILEs stands for the supported files inside it (recursively,
in name order; links that leave the folder are reported and not read). Files
that are already in the project are reported as skipped, which is not a failure.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from db.models.vocab import Reliability
from desktop.cli.common import open_ctx
from desktop.services.importing import ImportResult, Outcome, files_to_import, import_path


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import documents as sources",
                       description="Import .txt, .md, .html, .pdf, .docx and brat (.txt + .ann) "
                       "files as sources; a folder imports the supported files inside it. A JSON "
                       "export of a Dossier project (export --format json) is read back whole.")
    p.add_argument("path", help="the project file")
    p.add_argument("files", nargs="+", help="files or folders to import")
    p.add_argument("--reliability", choices=[r.value for r in Reliability], default=None,
                   help="source reliability grade A–F (or 'unassessed') for every imported file")
    p.set_defaults(handler=cmd_import)


def result_line(result: ImportResult) -> str:
    if result.outcome == Outcome.FAILED:
        return f"failed    {result.message}"
    if result.outcome == Outcome.DUPLICATE:
        return f"skipped   {result.message}"
    return f"imported  {result.message} [{result.source_uid}, {result.chars} chars]"


def is_json_export(path: Path) -> bool:
    """A Dossier JSON export (``dossier export --format json``), read back as a project."""
    return path.suffix.lower() == ".json" and path.is_file()


def import_export_line(ctx: Any, path: Path) -> tuple[bool, str]:
    from desktop.core.errors import ServiceError
    from desktop.exports.json_import import import_export

    try:
        summary = import_export(ctx, path)
    except ServiceError as err:
        return False, f"failed    {path.name}: {err}"
    return True, f"imported  {path.name}: {summary.line()}"


def cmd_import(args: argparse.Namespace) -> int:
    failed = 0
    reliability = Reliability(args.reliability) if args.reliability else None
    files, refused = files_to_import(Path(name) for name in args.files)
    for result in refused:  # links leaving a folder: named, never read
        failed += 1
        print(" ".join(result_line(result).splitlines()), flush=True)
    with open_ctx(args.path) as ctx:
        for path in files:
            if is_json_export(path):
                ok, line = import_export_line(ctx, path)
                failed += not ok
                print(" ".join(line.splitlines()), flush=True)
                continue
            result = import_path(ctx, path, reliability)
            failed += result.outcome == Outcome.FAILED
            print(" ".join(result_line(result).splitlines()), flush=True)
    return 1 if failed else 0
