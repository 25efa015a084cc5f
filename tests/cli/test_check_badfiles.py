"""`dossier check` on every bad file: one line, the right exit status, the file untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from tests.db.badfiles import CASE_NAMES, REPO_ROOT, fingerprint, held, make_case


@pytest.mark.parametrize("name", CASE_NAMES)
def test_check_reports_each_bad_file_on_one_line_and_leaves_it_untouched(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = make_case(name, tmp_path)
    before = fingerprint(case.path)
    with held(case):
        status = main(["check", str(case.path)])
    out, err = capsys.readouterr()
    assert fingerprint(case.path) == before
    if case.expect.check_ok:
        assert (status, err) == (0, "")
        assert out.count("\n") == 1 and out.startswith("ok: ")
    else:
        assert status != 0 and out == ""
        assert err.count("\n") == 1 and err.startswith("dossier: ")
        assert case.expect.says.split()[0] in err.lower() or "newer" in err.lower()


@pytest.mark.parametrize("name", ["foreign-trigger", "leftover-wal-from-a-crash"])
def test_the_installed_command_gives_the_same_answer(name: str, tmp_path: Path) -> None:
    case = make_case(name, tmp_path)
    before = fingerprint(case.path)
    run = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "check", str(case.path)],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    assert fingerprint(case.path) == before
    lines = (run.stdout if case.expect.check_ok else run.stderr).splitlines()
    assert len(lines) == 1, run
    assert (run.returncode == 0) == case.expect.check_ok
