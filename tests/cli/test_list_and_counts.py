"""Issue 19 item 5: the command line and the window count the same work in the same words."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.context import open_project
from desktop.services import suggestions
from desktop.services.counts import counts_line, plural, project_counts


@pytest.fixture
def suggested_sample(sample_path, analyst):
    """The sample project with rule-based suggestions stored on its first source."""
    with open_project(sample_path, analyst=analyst) as ctx:
        with ctx.reading() as session:
            from db.repository import queries
            first = queries.list_sources(session)[0].uid
        suggestions.suggest_for_source(ctx, first, engine="rules")
        counts = project_counts(ctx)
        waiting = len(suggestions.pending(ctx, first))
    assert counts.suggestions == waiting > 0
    return sample_path


def test_list_shows_accepted_work_unless_asked(suggested_sample, capsys):
    assert main(["list", str(suggested_sample), "claims", "--json"]) == 0
    accepted = json.loads(capsys.readouterr().out)
    assert len(accepted) == 7 and {r["review_state"] for r in accepted} == {"accepted"}
    assert main(["list", str(suggested_sample), "claims", "--all", "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert len(every) > 7 and {r["review_state"] for r in every} == {"accepted", "suggested"}
    assert main(["list", str(suggested_sample), "claims", "--suggested"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(every) - 7
    assert all(line.split()[1] == "suggested" for line in lines)
    assert main(["list", str(suggested_sample), "claims"]) == 0
    plain = capsys.readouterr().out.splitlines()
    assert len(plain) == 7 and not any("suggested" in line for line in plain)


def test_list_entities_uses_human_type_names(sample_path, capsys):
    assert main(["list", str(sample_path), "entities"]) == 0
    out = capsys.readouterr().out
    assert "Person" in out and "PERSON" not in out and "GPE" not in out


def test_check_summary_and_status_bar_say_the_same(suggested_sample, capsys, qtbot):
    with open_project(suggested_sample) as ctx:
        expected = counts_line(project_counts(ctx))
    assert "7 claims" in expected and "suggestions waiting" in expected
    assert main(["check", str(suggested_sample)]) == 0
    assert f"; {expected};" in capsys.readouterr().out
    assert main(["summary", str(suggested_sample)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == expected

    from desktop.ui.application import make_app
    from desktop.ui.main_window import MainWindow

    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(suggested_sample)
    assert win.counts_label.text() == expected
    win.close()


def test_plurals_read_right():
    assert plural(1, "claim") == "1 claim" and plural(2, "entity") == "2 entities"
    assert plural(0, "implication") == "0 implications"
    assert plural(1, "suggestion waiting") == "1 suggestion waiting"
