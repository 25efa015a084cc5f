"""``dossier suggest`` and ``dossier summary`` from the command line."""

from __future__ import annotations

from desktop.cli import main
from desktop.core.context import open_project
from desktop.ingest.document import ImportedDocument
from desktop.services import sources, suggestions

TEXT = ("Defense Secretary Pete Hegseth said that the Pentagon will buy Ukrainian drones. "
        "The deal could be signed in Denmark next month.")


def test_suggest_prints_counts_per_kind_and_rerun_skips(sample_path, capsys):
    assert main(["suggest", str(sample_path), "1", "--engine", "rules"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "engine rules"
    assert "claim suggestions" in out and "implication suggestions" in out
    assert main(["suggest", str(sample_path), "1", "--engine", "rules"]) == 0
    again = capsys.readouterr().out
    assert "    0  mention suggestions" in again and "skipped" in again


def test_suggest_accepts_a_uid_prefix(tmp_path, analyst, capsys):
    from desktop.core.context import new_project

    path = tmp_path / "p.dossier"
    with new_project(path, "P", analyst=analyst) as ctx:
        uid = str(sources.add_source(ctx, ImportedDocument(text=TEXT, title="T")).primary_uid)
    assert main(["suggest", str(path), uid[:30], "--engine", "rules"]) == 0
    with open_project(path, analyst=analyst) as ctx:
        kinds = {r.kind for r in suggestions.pending(ctx, uid)}
    assert kinds == {"entity", "mention", "claim", "implication"}
    capsys.readouterr()


def test_unknown_source_is_one_line_on_stderr(sample_path, capsys):
    assert main(["suggest", str(sample_path), "99", "--engine", "rules"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "dossier: No source matches '99'."


def test_summary_of_a_source_and_of_the_project(sample_path, capsys):
    assert main(["summary", str(sample_path), "1"]) == 0
    source = capsys.readouterr().out
    assert source.startswith("Explosion damages Kessel pipeline off Port Vanta\n")
    assert "Extractive summary, not stored yet" in source and "[" in source
    assert main(["summary", str(sample_path)]) == 0
    project = capsys.readouterr().out
    assert "3 sources" in project and "Sources by date:" in project
    assert "Weakest-supported judgements:" in project and "Kessel pipeline (Facility)" in project


def test_the_cli_lists_the_engines_the_engine_knows():
    from desktop.assist.engine import ENGINES
    from desktop.cli.assist_cmd import ENGINES as CLI_ENGINES

    assert CLI_ENGINES == ENGINES


def test_building_the_command_line_imports_neither_spacy_nor_the_assist_engine():
    import subprocess
    import sys

    code = ("import sys, desktop.cli.assist_cmd; "
            "sys.exit(1 if {'spacy', 'desktop.assist.engine'} & set(sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
