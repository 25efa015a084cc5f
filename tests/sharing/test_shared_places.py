"""Projects in synced folders: one self-contained file, a warning, and a lock that names its holder."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from db.errors import ProjectLockedError
from db.fileinfo import read_header
from desktop.core.context import open_project
from desktop.services import entities
from desktop.sharing.merge import merge
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import fresh_ancestor, opened


def _beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p != path)


def test_a_project_in_a_dropbox_folder_uses_a_rollback_journal_and_warns(tmp_path: Path,
                                                                         people) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Dropbox" / "team"
    folder.mkdir(parents=True)
    project = fresh_ancestor(folder / "deal.dossier").path
    with opened(project, people["Ann"]) as ctx:
        assert ctx.db.journal_mode == "DELETE"
        assert any("shared place" in w and "dropbox" in w for w in ctx.db.warnings)
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
        # Nothing but our own lock beside it while open: no -wal for the sync client to race.
        assert _beside(project) == ["deal.dossier.lock"]
    header = read_header(project)
    assert header is not None and not header.wal_mode
    assert _beside(project) == []


def test_merging_inside_a_synced_folder_leaves_one_file_each(tmp_path: Path,
                                                             people) -> None:  # type: ignore[no-untyped-def]
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    shared = tmp_path / "OneDrive - Ministry"
    shared.mkdir()
    mine, theirs = shared / "ann.dossier", shared / "bob.dossier"
    with opened(origin.path, people["Olga"]) as ctx:
        save_copy(ctx, mine)
        save_copy(ctx, theirs)
    with opened(theirs, people["Bob"]) as ctx:
        entities.create_entity(ctx, "NATO", "ORGANIZATION")
    with opened(mine, people["Ann"]) as ctx:
        assert merge(ctx, theirs).counts["entity"].new == 1
    assert sorted(p.name for p in shared.iterdir()) == ["ann.dossier", "bob.dossier"]
    assert all(not read_header(p).wal_mode for p in (mine, theirs))  # type: ignore[union-attr]


def test_a_second_writer_is_told_who_has_the_project_open(tmp_path: Path,
                                                          people) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "Dropbox"
    folder.mkdir()
    project = fresh_ancestor(folder / "deal.dossier").path
    with opened(project, people["Ann"]):
        with pytest.raises(ProjectLockedError) as held:
            open_project(project, analyst=people["Bob"])
        message = str(held.value)
    assert "Ann" in message and socket.gethostname() in message
    with opened(project, people["Bob"]):  # free again once Ann closes it
        pass
