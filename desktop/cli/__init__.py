"""The ``dossier`` command: the GUI by default, or one subcommand per service (DESIGN §6).

Each subcommand lives in a module that registers its arguments. Only the module of
the subcommand being run is imported (``dossier list`` must not load ReportLab, the
merge or the assist code), so the table below names every subcommand's module; a
test checks it against what the modules register. If that module cannot be
imported, the user is told so on one line, never shown "invalid choice".
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

# Subcommand -> module in desktop/cli that registers it. Add new subcommands here.
COMMANDS: dict[str, str] = {
    "new": "project_cmds",
    "check": "project_cmds",
    "sample": "project_cmds",
    "import": "import_cmd",
    "list": "list_cmd",
    "export": "export_cmd",
    "brief": "brief_cmd",
    "merge": "merge_cmd",
    "share-copy": "merge_cmd",
    "resolve": "conflicts_cmd",
    "suggest": "assist_cmd",
    "summary": "assist_cmd",
    "duplicates": "versions_cmd",
    "fold": "versions_cmd",
}


class CommandUnavailable(Exception):
    """A subcommand's module failed to import: the installation is broken, say how."""


def load_module(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"desktop.cli.{name}")
    except ImportError as err:  # a real error in that module or a missing dependency
        commands = ", ".join(sorted(c for c, m in COMMANDS.items() if m == name))
        raise CommandUnavailable(
            f"the {commands} command cannot start: {type(err).__name__}: {err}. "
            "The installation is incomplete; reinstall Dossier (or run `make install`)."
        ) from err


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with ``only``'s subcommands, or every one (for --help)."""
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Dossier: read sources, mark up entities, claims and judgements, "
        "and publish a PDF brief. Run without a command to open the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = [COMMANDS[only]] if only else list(dict.fromkeys(COMMANDS.values()))
    for name in names:
        load_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0] not in COMMANDS and not args_list[0].startswith("-")):
        from desktop.app import run_gui

        return run_gui(args_list)
    only = args_list[0] if args_list[0] in COMMANDS else None
    try:
        parser = build_parser(only)
    except CommandUnavailable as err:
        print(f"dossier: {err}", file=sys.stderr)
        return 1
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return 2
    from desktop.cli.common import run_command

    return run_command(args)


if __name__ == "__main__":
    raise SystemExit(main())
