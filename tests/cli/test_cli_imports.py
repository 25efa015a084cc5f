"""Each subcommand imports only its own module; a broken module is reported, not hidden."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import desktop.cli as cli
from desktop import app

REPO = Path(__file__).resolve().parents[2]


def test_the_command_table_names_what_each_module_registers() -> None:
    for module_name in set(cli.COMMANDS.values()):
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(dest="command")
        importlib.import_module(f"desktop.cli.{module_name}").register(sub)
        registered = set(sub.choices)
        listed = {c for c, m in cli.COMMANDS.items() if m == module_name}
        assert registered == listed, f"desktop/cli/__init__.COMMANDS is out of date for {module_name}"


def test_flags_spelled_in_app_match_their_modules() -> None:
    from desktop.ingest.reader_helper import HELPER_FLAG
    from desktop.selftest import FLAG

    assert app.READER_HELPER_FLAG == HELPER_FLAG
    assert app.SELF_TEST_FLAG == FLAG


def test_list_imports_neither_brief_nor_merge_nor_assist_nor_qt(sample_path: Path) -> None:
    code = (
        "import sys, json; from desktop.app import main; "
        f"code = main(['list', {str(sample_path)!r}, 'claims', '--json']); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('desktop.', 'PySide6', "
        "'reportlab', 'alembic', 'spacy', 'numpy')))), file=sys.stderr); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          check=True)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert len(json.loads(done.stdout)) == 7  # the sample's claims
    unwanted = [m for m in loaded if m.startswith((
        "desktop.brief", "desktop.sharing.merge", "desktop.sharing.peer",
        "desktop.sharing.share_copy", "desktop.assist", "desktop.ui", "desktop.selftest",
        "desktop.cli.brief_cmd", "desktop.cli.merge_cmd", "desktop.cli.assist_cmd",
        "desktop.cli.import_cmd", "desktop.cli.export_cmd", "PySide6", "reportlab", "alembic",
        "spacy", "numpy"))]
    assert unwanted == []


def test_a_subcommand_whose_module_fails_to_import_says_so(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    real = importlib.import_module

    def broken(name: str, *args: object) -> object:
        if name == "desktop.cli.brief_cmd":
            raise ImportError("cannot import name 'build_brief' from 'desktop.brief.build'")
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", broken)
    assert cli.main(["brief", "x.dossier"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("dossier: the brief command cannot start: ImportError: cannot import")
    assert err.count("\n") == 1


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in cli.COMMANDS:
        assert command in out
