"""Issue 19 item 6: plain text keeps its title line, never invents "…", and reads a date."""

from __future__ import annotations

import json

from desktop.cli import main
from desktop.ingest.plain_text import date_near_top, name_as_title, title_line

ARTICLE = ("Drone deal talks advance\n"
           "Kyiv, 6 December 2026\n"
           "Officials met on Friday to discuss the purchase of drones.\n"
           "The Proposed Deal\n"
           "Under the plan, the United States would buy battle-tested drones.\n")
RUNNING = ("Ukrainian President Volodymyr Zelenskyy has announced ongoing discussions with the "
           "United States for a potential mega deal that could reshape cooperation.\n"
           "Second paragraph.\n")


def _import(tmp_path, capsys, name: str, text: str) -> dict:
    project = tmp_path / "p.dossier"
    if not project.exists():
        assert main(["new", str(project)]) == 0
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["import", str(project), str(tmp_path / name)]) == 0
    capsys.readouterr()
    assert main(["list", str(project), "sources", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    return next(r for r in rows if r["original_filename"] == name)


def test_title_line_and_date_are_read(tmp_path, capsys):
    row = _import(tmp_path, capsys, "deal.txt", ARTICLE)
    assert row["title"] == "Drone deal talks advance"
    assert row["published_at"] == "2026-12-06"
    assert row["reliability"] == "unassessed"


def test_a_running_first_sentence_is_not_cut_into_a_title(tmp_path, capsys):
    row = _import(tmp_path, capsys, "us-ukraine-drone-mega-deal.txt", RUNNING)
    assert "…" not in row["title"]
    assert row["title"] == "Us ukraine drone mega deal"
    assert row["published_at"] == ""


def test_dates_only_in_unambiguous_forms():
    assert date_near_top("Report\n2026-03-01 update") == "2026-03-01"
    assert date_near_top("Report\nMarch 1st, 2026") == "2026-03-01"
    assert date_near_top("Report\n01/03/2026") == ""
    assert date_near_top("Report\n31 February 2026") == ""
    assert date_near_top("A\nB\nC\nD\nE\nF\nG\n6 December 2026") == ""  # not near the top
    assert title_line("# Heading\n\ntext") == "Heading"
    assert name_as_title("field_notes-2.txt") == "Field notes 2"
