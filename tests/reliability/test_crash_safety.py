"""A writer killed with SIGKILL at random moments never loses an action it reported as saved,
and share copies taken from the live file meanwhile always open."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from tests.reliability.crashloop import check_round, crash_rounds

ROUNDS = 50


@pytest.mark.timeout(240)
def test_killed_writer_never_loses_an_action_it_reported_saved(tmp_path: Path) -> None:
    seed = int(os.environ.get("DOSSIER_CRASH_SEED") or random.randrange(1 << 30))
    report = crash_rounds(tmp_path, ROUNDS, seed)
    assert report.problems == [], f"seed {seed}: " + "\n".join(report.problems[:20])
    assert report.rounds == ROUNDS
    assert report.actions >= ROUNDS, "the writer hardly worked; the kills proved little"
    assert report.copies > 0, "no share copy was taken while writing"


# The checker must be able to fail: these feed it a log and a file that disagree.


def _one_logged_action(tmp_path: Path) -> tuple[Path, Path, dict]:  # type: ignore[type-arg]
    from desktop.core.context import open_project
    from desktop.services import entities
    from tests.reliability.crash_writer import WRITER
    from tests.reliability.crashloop import new_crash_project

    project = tmp_path / "p.dossier"
    baseline = new_crash_project(project)
    with open_project(project, analyst=WRITER) as ctx:
        changes = entities.create_entity(ctx, "Logged entity", "PERSON")
    log = tmp_path / "round.log"
    rows = [[r.table, r.uid, r.after] for r in changes.rows]
    log.write_text(json.dumps({"begin": "create_entity", "at": "2000-01-01T00:00:00.000000Z"})
                   + "\n" + json.dumps({"done": "create_entity", "rows": rows}) + "\n")
    return project, log, baseline


def test_checker_accepts_a_file_that_matches_its_log(tmp_path: Path) -> None:
    project, log, baseline = _one_logged_action(tmp_path)
    result, _ = check_round(project, log, baseline)
    assert (result.lost, result.unexplained, result.actions_done) == ([], [], 1)


def test_checker_notices_a_logged_change_missing_from_the_file(tmp_path: Path) -> None:
    project, log, baseline = _one_logged_action(tmp_path)
    with log.open("a") as fh:
        fh.write(json.dumps({"done": "edit", "rows": [["entity", "no-such-uid", {"name": "x"}]]})
                 + "\n")
    result, _ = check_round(project, log, baseline)
    assert len(result.lost) == 1 and "no-such-uid" in result.lost[0]


def test_checker_notices_a_change_nobody_logged(tmp_path: Path) -> None:
    project, log, baseline = _one_logged_action(tmp_path)
    conn = sqlite3.connect(project)
    conn.execute("UPDATE entity SET description = 'changed behind the log'")
    conn.commit()
    conn.close()
    result, _ = check_round(project, log, baseline)
    assert len(result.lost) == 1 and "changed behind the log" in result.lost[0]


def test_checker_treats_a_log_line_cut_short_by_the_kill_as_unfinished(tmp_path: Path) -> None:
    project, log, baseline = _one_logged_action(tmp_path)
    with log.open("a") as fh:
        fh.write(json.dumps({"begin": "edit_entity", "at": "2000-01-01T00:00:00.000000Z"}) + "\n")
        fh.write('{"done": "edit_entity", "rows": [["entity", "01a2')  # killed mid-write
    result, _ = check_round(project, log, baseline)
    assert (result.lost, result.unexplained, result.actions_done) == ([], [], 1)
    assert result.in_flight is not None
