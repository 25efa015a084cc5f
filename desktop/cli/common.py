"""What every subcommand shares: opening the project, one-line errors, exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from db.errors import ProjectFileError
from db.file_faults import os_error_sentence, storage_error
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
    """Run the subcommand; every failure a user can cause ends as one line on stderr."""
    handler: Handler = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a reader that went away is noticed here, not at exit
        return code
    except BrokenPipeError:
        return pipe_closed()
    except (ProjectFileError, ServiceError, ImportError_, CommandError) as err:
        return fail(str(err))
    except OSError as err:
        return fail(os_error_sentence(err))
    except (sqlite3.Error, SQLAlchemyError) as err:
        return fail(_database_sentence(args, err))
    except KeyboardInterrupt:
        return fail("interrupted; nothing was changed by the unfinished step.")


def pipe_closed() -> int:
    """The reader of our output went away (``dossier list … | head``): stop quietly.

    Python would print "Broken pipe" again when it flushes stdout at exit, so
    stdout is pointed at the null device first.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # stdout is not a real file (tests capture it): nothing will flush to a pipe
    return 141  # 128 + SIGPIPE: what a shell reports for a command stopped by a closed pipe


def _database_sentence(args: argparse.Namespace, err: Exception) -> str:
    """One line for a database error that escaped the engine's own wording; never any SQL."""
    cause = getattr(err, "orig", None) or err
    path = Path(str(getattr(args, "path", "") or "project"))
    found = storage_error(path, cause) if isinstance(cause, sqlite3.Error) else None
    if found is not None:
        return str(found)
    detail = " ".join(str(cause).split("\n")[0].split())[:100]
    return f"{path.name} could not be read or written ({detail}); nothing more was saved."


def open_ctx(path: str, *, read_only: bool = False) -> ProjectContext:
    return open_project(Path(path), read_only=read_only)


def print_json(rows: list[dict[str, Any]]) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
