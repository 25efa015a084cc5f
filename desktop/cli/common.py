"""What every subcommand shares: opening the project, one-line errors, exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.errors import ProjectFileError
from desktop import sharing  # noqa: F401 - arms the sync-point hook run when a project closes
from desktop.core.context import ProjectContext, open_project
from desktop.core.errors import ServiceError
from desktop.ingest.document import ImportError_

Handler = Callable[[argparse.Namespace], int]


class CommandError(Exception):
    """A problem to report on one line and exit 1."""


def fail(message: str) -> int:
    print(f"dossier: {' '.join(message.split())}", file=sys.stderr)
    return 1


def run_command(args: argparse.Namespace) -> int:
    handler: Handler = args.handler
    try:
        return handler(args)
    except (ProjectFileError, ServiceError, ImportError_, CommandError) as err:
        return fail(str(err))
    except OSError as err:
        return fail(f"{err.filename or ''}: {err.strerror or err}")
    except KeyboardInterrupt:
        return fail("interrupted; nothing was changed by the unfinished step.")


def open_ctx(path: str, *, read_only: bool = False) -> ProjectContext:
    return open_project(Path(path), read_only=read_only)


def print_json(rows: list[dict[str, Any]]) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
