"""The self-test the frozen build runs, run here from the source tree, and what the bundle holds."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from desktop import app, selftest

REPO = Path(__file__).resolve().parents[2]


def test_self_test_passes_from_a_source_checkout_in_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DOSSIER_HOME": str(home)}
    # The rule engine keeps this quick; spaCy's own loading is covered in tests/assist.
    done = subprocess.run([sys.executable, "-m", "desktop.app", "--self-test", "--rules-only"],
                          cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dossier self-test passed"), done.stdout
    assert "brief" in lines[0] and "assist rules" in lines[0]
    assert done.stderr.strip() == ""
    assert list(home.iterdir()) == []  # the user's own settings were never touched


def test_a_failing_step_is_reported_in_one_line_with_exit_1(monkeypatch, capsys):
    def broken(ws: selftest.Workspace) -> str:
        raise ValueError("the widget\nwas not there")

    monkeypatch.setattr(selftest, "_quiet_offscreen_noise", lambda: None)
    monkeypatch.setattr(selftest, "STEPS", (("window", broken),))
    assert selftest.main([]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "dossier self-test failed: window: ValueError: the widget was not there\n"


def test_the_entry_point_routes_the_self_test_and_the_reader_helper(monkeypatch):
    from desktop.ingest import reader_helper

    seen: list[str] = []
    monkeypatch.setattr(selftest, "main", lambda argv: seen.append("self-test") or 7)
    monkeypatch.setattr(reader_helper, "serve", lambda: seen.append("helper"))
    assert app.main(["--self-test"]) == 7
    assert app.main([reader_helper.HELPER_FLAG]) == 0
    assert seen == ["self-test", "helper"]


def _bundled_folders(spec: str) -> set[str]:
    return set(re.findall(r'tree\("([^"]+)"', spec)) | set(
        re.findall(r'ROOT / "([^"]+)" / "[^"]+"\), "', spec))


def test_every_folder_the_code_reads_at_run_time_is_in_the_bundle():
    from db.engine import MIGRATIONS_DIR
    from desktop.brief.fonts import FONT_DIR
    from desktop.services.sample import SAMPLE_DIR
    from desktop.ui.help_actions import GUIDE
    from desktop.ui.icons import ICON_DIR

    spec = (REPO / "packaging" / "dossier.spec").read_text(encoding="utf-8")
    bundled = _bundled_folders(spec)
    for folder in (MIGRATIONS_DIR, FONT_DIR, SAMPLE_DIR, GUIDE.parent, ICON_DIR,
                   REPO / "resources" / "linux"):
        assert folder.relative_to(REPO).as_posix() in bundled, folder


def test_an_unknown_self_test_option_is_refused(capsys):
    assert selftest.main(["--fast"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
