"""A corpus of damaged, hostile and odd project files, generated on demand (never committed).

``bad_file_cases(folder)`` writes every case into ``folder`` and returns
``BadFile(name, path, expect)`` tuples; ``make_case(name, folder)`` writes one.
``held(case)`` keeps the helper process a case needs (another program holding
the file) running for the length of a ``with`` block. ``fingerprint(path)``
is what "the file was not touched" is measured with.

Other suites (sharing, merge) reuse these files: a merge must refuse exactly
what opening refuses.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.db import badfile_cases_files, badfile_cases_schema  # noqa: F401 - they register
from tests.db.badfile_support import (
    CASES,
    HOLD_SCRIPT,
    HOLDER_NAME,
    MARKER_ENTITY,
    REPO_ROOT,
    WAL_ENTITY,
    BadFile,
    Expectation,
    Holder,
    Outcome,
    base_project_bytes,
    fingerprint,
)

CASE_NAMES: tuple[str, ...] = tuple(CASES)


def make_case(name: str, folder: Path) -> BadFile:
    """Write the case called ``name`` into ``folder`` (its own subfolder) and return it."""
    build, expect = CASES[name]
    home = folder / name
    home.mkdir(parents=True, exist_ok=True)
    return BadFile(name, build(home), expect)


def bad_file_cases(folder: Path) -> list[BadFile]:
    return [make_case(name, folder) for name in CASE_NAMES]


@contextmanager
def held(case: BadFile) -> Iterator[None]:
    """Run the process that holds ``case``'s file (if it needs one) for the block."""
    holder = case.expect.holder
    if holder is None:
        yield
        return
    args = [sys.executable, str(HOLD_SCRIPT), holder.value, str(case.path)]
    if holder is Holder.WRITER_LOCK:
        args.append(HOLDER_NAME)
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


__all__ = [
    "CASE_NAMES",
    "HOLDER_NAME",
    "MARKER_ENTITY",
    "REPO_ROOT",
    "WAL_ENTITY",
    "BadFile",
    "Expectation",
    "Holder",
    "Outcome",
    "bad_file_cases",
    "base_project_bytes",
    "fingerprint",
    "held",
    "make_case",
]
