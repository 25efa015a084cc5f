"""Kill a writer at random moments, then prove nothing it reported as saved was lost.

Each round starts ``crash_writer.run_writer`` in a fresh process (forked from a
clean fork server that has the services preloaded, so a round costs
milliseconds, not an interpreter start), lets it work for a random moment,
SIGKILLs it, and checks the file:

* it passes ``inspect_file`` (quick_check and the schema allow-list) and a full
  ``PRAGMA integrity_check``, and opens for editing;
* every row change the writer logged as done is there, exactly;
* nothing changed that the log does not explain, except by the one action that
  had begun and not yet been logged (it may or may not have committed).

Optionally a second process takes "share copies" with ``db.backup.snapshot``
while the writer works (and is killed with it); every finished copy must open.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, select

from db.engine import inspect_file, open_project_file
from db.models import TRACKED_MODELS
from desktop.core.context import new_project, open_project
from desktop.core.recorder import _BOOKKEEPING  # the columns snapshots leave out
from desktop.ingest.document import ImportedDocument
from desktop.services import sources
from desktop.sharing.syncstate import SYNC_STATE_KEY
from tests.reliability.crash_writer import SOURCE_TEXT, WRITER, run_copier, run_writer

State = dict[tuple[str, str], tuple[str, Any]]  # (table, uid) -> (updated_at, content)


def _context() -> Any:
    ctx = multiprocessing.get_context("forkserver")
    # Only takes effect before the fork server starts; later calls are harmless.
    ctx.set_forkserver_preload(["tests.reliability.crash_writer"])
    return ctx


def _normal(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _plain(column: Any, value: Any) -> Any:
    """A stored value as ``Recorder.snapshot`` reports it (enums by value, JSON decoded)."""
    if value is None:
        return None
    if isinstance(column.type, JSON):
        return json.loads(value)
    if isinstance(column.type, Boolean):
        return bool(value)
    return value


def read_state(project: Path) -> State:
    """Every row of every user table, as the checker compares it.

    Read with plain SQL (column names from our models) rather than the ORM: it
    is many times faster, and the ORM's reading is proven by the bad-file tests.
    """
    state: State = {}
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        for model in TRACKED_MODELS:
            table = model.__table__  # type: ignore[attr-defined]
            columns = [c for c in table.columns if c.name not in _BOOKKEEPING]
            names = ", ".join(f'"{c.name}"' for c in columns)
            for row in conn.execute(f'SELECT uid, updated_at, {names} FROM "{table.name}"'):
                content = {c.name: _plain(c, v) for c, v in zip(columns, row[2:], strict=True)}
                if table.name == "setting" and content.get("key") == SYNC_STATE_KEY:
                    continue  # bookkeeping written on close, not a user action
                state[(table.name, row[0])] = (row[1], _normal(content))
    finally:
        conn.close()
    return state


@dataclass
class RoundResult:
    actions_done: int = 0
    in_flight: str | None = None
    lost: list[str] = field(default_factory=list)  # logged as done, not in the file
    unexplained: list[str] = field(default_factory=list)  # in the file, not in the log
    copies_checked: int = 0


def _read_log(log: Path) -> tuple[list[list[Any]], str | None, int]:
    """(rows of done actions in order, begin time of the unlogged action or None, done count)."""
    rows: list[list[Any]] = []
    pending: str | None = None
    done = 0
    if not log.exists():
        return rows, None, 0
    # A kill can cut the last write short; a line without its newline was never finished,
    # so that action counts as cut off (its begin line already set ``pending``).
    *lines, _unfinished = log.read_bytes().split(b"\n")
    for line in lines:
        record = json.loads(line.decode("utf-8"))
        if "begin" in record:
            pending = record["at"]
        elif "done" in record:
            rows.extend(record["rows"])
            pending, done = None, done + 1
        else:
            pending = None
    return rows, pending, done


def check_round(project: Path, log: Path, baseline: State) -> tuple[RoundResult, State]:
    """Compare the file with baseline + the log; return the result and the new baseline."""
    result = RoundResult()
    inspect_file(project)
    with open_project(project, analyst=WRITER) as ctx:  # as the user would, after the crash
        raw = ctx.db.raw_connection()
        try:
            verdict = raw.execute("PRAGMA integrity_check").fetchall()
        finally:
            raw.close()
        assert verdict == [("ok",)], verdict
    rows, pending, result.actions_done = _read_log(log)
    result.in_flight = pending
    expected = {key: content for key, (_at, content) in baseline.items()}
    for table, uid, after in rows:
        expected[(table, uid)] = _normal(after)
    actual = read_state(project)
    for key, content in expected.items():
        found = actual.get(key)
        if found is not None and found[1] == content:
            continue
        if found is not None and pending is not None and found[0] >= pending:
            continue  # changed again by the action that was cut off
        result.lost.append(f"{key[0]} {key[1]}: expected {content!r}, found {found!r}")
    for key, (updated_at, _content) in actual.items():
        if key not in expected and not (pending is not None and updated_at >= pending):
            result.unexplained.append(f"{key[0]} {key[1]}")
    return result, actual


def new_crash_project(path: Path) -> State:
    with new_project(path, "Crash test", analyst=WRITER) as ctx:
        sources.add_source(ctx, ImportedDocument(text=SOURCE_TEXT, title="Wire report"))
    return read_state(path)


@dataclass
class CrashReport:
    rounds: int = 0
    actions: int = 0
    copies: int = 0
    lost: int = 0
    unexplained: int = 0
    problems: list[str] = field(default_factory=list)


def crash_rounds(folder: Path, rounds: int, seed: int, *, max_delay: float = 0.25,
                 rounds_per_project: int = 25, copier_every: int = 2,
                 copies_per_round: int = 4, open_kills: float = 0.1) -> CrashReport:
    """Run ``rounds`` kill-and-check rounds; every ``copier_every``-th runs the share-copier."""
    mp = _context()
    rng = random.Random(seed)
    report = CrashReport()
    project = folder / "crash.dossier"
    baseline: State = {}
    for n in range(rounds):
        if n % rounds_per_project == 0:  # a fresh project keeps each check small
            project = folder / f"crash-{n // rounds_per_project}.dossier"
            baseline = new_crash_project(project)
        log = folder / f"round-{n}.log"
        copies = folder / f"copies-{n}"
        copies.mkdir()
        ready, stop = mp.Event(), mp.Event()
        writer = mp.Process(target=run_writer,
                            args=(str(project), str(log), rng.getrandbits(32), ready))
        copier = None
        if copier_every and n % copier_every == 0:
            copier = mp.Process(target=run_copier,
                                args=(str(project), str(copies), stop, copies_per_round))
        writer.start()
        if copier is not None:
            copier.start()
        if rng.random() >= open_kills:  # most crashes strike mid-work, some while opening
            assert ready.wait(timeout=60), "the writer never opened the project"
        writer.join(timeout=rng.uniform(0.0, max_delay))  # the random moment of the crash
        writer.kill()
        writer.join()
        if copier is not None:
            if rng.random() < 0.5:
                copier.kill()  # sometimes the copier dies too, mid-copy
            stop.set()
            copier.join(timeout=60)
            assert copier.exitcode is not None, "the copier hung"
        result, baseline = check_round(project, log, baseline)
        result.copies_checked = _check_copies(copies)
        report.rounds += 1
        report.actions += result.actions_done
        report.copies += result.copies_checked
        report.lost += len(result.lost)
        report.unexplained += len(result.unexplained)
        report.problems += [f"round {n}: lost {p}" for p in result.lost]
        report.problems += [f"round {n}: unexplained {p}" for p in result.unexplained]
    return report


def _check_copies(folder: Path) -> int:
    """Every finished copy opens; unfinished ``.part`` files never took a final name."""
    checked = 0
    for copy in sorted(folder.glob("*.dossier")):
        db = open_project_file(copy, read_only=True)  # the full check: integrity, schema, values
        try:
            with db.reading() as session:
                session.execute(select(TRACKED_MODELS[0])).scalars().one()
        finally:
            db.close()
        copy.unlink()
        checked += 1
    for part in folder.glob("*.part"):
        part.unlink()
    return checked
