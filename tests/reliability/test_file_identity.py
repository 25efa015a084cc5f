"""The file you opened is the file you write (issue 16, item 8).

Sync clients replace files by renaming a new one over the old. The app that has
the old one open must notice, stop writing, and never fold its WAL into the
file that took its name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from db.file_faults import REPLACED_MESSAGE, ProjectReplacedError
from db.fileinfo import sha256_of
from db.repository import queries
from db.validate import inspect_file
from desktop.core.context import new_project, open_project
from desktop.services import entities
from tests.sharing.conftest import analyst

ANN = analyst("Ann")


def _project(path: Path, *names: str) -> Path:
    with new_project(path, path.stem, analyst=ANN) as ctx:
        for name in names:
            entities.create_entity(ctx, name, "PERSON")
    return path


def _entity_names(path: Path) -> list[str]:
    with open_project(path, read_only=True, analyst=ANN) as ctx, ctx.reading() as s:
        return sorted(e.name for e in queries.list_entities(s))


@pytest.mark.timeout(60)
def test_another_project_renamed_over_an_open_one_is_never_written(tmp_path: Path) -> None:
    mine = _project(tmp_path / "mine.dossier", "Mine before")
    other = _project(tmp_path / "other.dossier", "Other one", "Other two")
    ctx = open_project(mine, analyst=ANN)
    try:
        entities.create_entity(ctx, "Saved in my WAL", "PERSON")  # pages now in mine-wal
        assert mine.with_name("mine.dossier-wal").stat().st_size > 0
        other_sha = sha256_of(other)
        os.replace(other, mine)  # what a sync client does
        with pytest.raises(ProjectReplacedError) as refused:
            entities.create_entity(ctx, "After the swap", "PERSON")
        assert str(refused.value) == REPLACED_MESSAGE
        # And it stays stopped: reads and further writes refuse with the same sentence.
        with pytest.raises(ProjectReplacedError), ctx.reading() as s:
            queries.list_entities(s)
    finally:
        ctx.close()  # runs the closing hooks and the checkpoint: both must leave it alone
    assert sha256_of(mine) == other_sha, "the other project was written to"
    inspect_file(mine)
    assert _entity_names(mine) == ["Other one", "Other two"]


@pytest.mark.timeout(60)
def test_a_project_moved_while_open_stops_saving_and_keeps_what_was_saved(tmp_path: Path) -> None:
    mine = _project(tmp_path / "mine.dossier", "Before")
    moved = tmp_path / "elsewhere.dossier"
    ctx = open_project(mine, analyst=ANN)
    try:
        entities.create_entity(ctx, "Saved before the move", "PERSON")
        os.rename(mine, moved)
        with pytest.raises(ProjectReplacedError, match="replaced or moved while open"):
            entities.create_entity(ctx, "Never saved", "PERSON")
    finally:
        ctx.close()
    assert not mine.exists()
    assert _entity_names(moved) == ["Before", "Saved before the move"]


@pytest.mark.timeout(60)
def test_the_command_line_reports_a_replaced_file_on_one_line(tmp_path: Path, monkeypatch,
                                                              capsys) -> None:
    """The error type reaches the CLI's one-line handler like any other file error."""
    from desktop.cli.common import run_command

    mine = _project(tmp_path / "mine.dossier", "A")
    other = _project(tmp_path / "other.dossier", "B")

    def handler(_args: object) -> int:
        with open_project(mine, analyst=ANN) as ctx:
            os.replace(other, mine)
            entities.create_entity(ctx, "C", "PERSON")
        return 0

    class Args:
        pass

    args = Args()
    args.handler = handler  # type: ignore[attr-defined]
    assert run_command(args) == 1  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err == f"dossier: {REPLACED_MESSAGE}\n"
