"""The ``dossier`` command: the GUI by default, or one subcommand per service (DESIGN §6)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from desktop.cli import export_cmd, import_cmd, list_cmd, project_cmds
from desktop.cli.common import run_command

# Each module registers its subcommands; add new ones here.
COMMAND_MODULES = [project_cmds, import_cmd, list_cmd, export_cmd]


def _optional_modules() -> list[object]:
    found = []
    for name in ("brief_cmd", "merge_cmd", "conflicts_cmd", "assist_cmd"):
        try:
            found.append(__import__(f"desktop.cli.{name}", fromlist=["register"]))
        except ModuleNotFoundError:
            continue
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Dossier: read sources, mark up entities, claims and judgements, "
        "and publish a PDF brief. Run without a command to open the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in [*COMMAND_MODULES, *_optional_modules()]:
        module.register(sub)  # type: ignore[attr-defined]
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if not args_list or (args_list[0] not in commands and not args_list[0].startswith("-")):
        from desktop.app import run_gui

        return run_gui(args_list)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
