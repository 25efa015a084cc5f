from __future__ import annotations

from pathlib import Path

import pytest

from db.engine import inspect_file
from db.errors import ProjectLockedError
from db.fileinfo import read_header, sha256_of
from db.repository import queries
from desktop.services import entities
from desktop.sharing.errors import SharingError
from desktop.sharing.share_copy import save_copy
from tests.sharing.conftest import dump, fresh_ancestor, opened


def test_copy_is_one_verified_rollback_journal_file_with_its_sha256(tmp_path: Path, people):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    out = tmp_path / "to-send" / "for-bob.dossier"
    out.parent.mkdir()
    with opened(origin.path, people["Olga"]) as ctx:
        result = save_copy(ctx, out)
    assert result.path == out and result.sha256 == sha256_of(out)
    header = read_header(out)
    assert header is not None and not header.wal_mode
    assert sorted(p.name for p in out.parent.iterdir()) == ["for-bob.dossier"]
    report = inspect_file(out)
    assert not report.newer and report.counts["claim"] == 3
    assert dump(out) == dump(origin.path)


def test_copy_includes_changes_still_in_the_write_ahead_log(tmp_path: Path, people):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    with opened(origin.path, people["Olga"]) as ctx:
        entities.create_entity(ctx, "Made just now", "EVENT")
        assert Path(str(origin.path) + "-wal").stat().st_size > 0
        save_copy(ctx, tmp_path / "copy.dossier")
    with opened(tmp_path / "copy.dossier", people["Bob"]) as ctx, ctx.reading() as s:
        assert "Made just now" in [e.name for e in queries.list_entities(s)]


@pytest.mark.parametrize("spelling", ["origin.dossier", "./origin.dossier",
                                      "sub/../origin.dossier", "origin.dossier-wal"])
def test_copy_refuses_to_overwrite_the_open_project(tmp_path: Path, people, spelling: str):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    (tmp_path / "sub").mkdir()
    before = dump(origin.path)
    with (opened(origin.path, people["Olga"]) as ctx,
          pytest.raises(SharingError, match="open project's own file")):
        save_copy(ctx, tmp_path / spelling)
    assert dump(origin.path) == before


def test_copy_refuses_a_missing_folder_and_a_folder_name(tmp_path: Path, people):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    with opened(origin.path, people["Olga"]) as ctx:
        with pytest.raises(SharingError, match="does not exist"):
            save_copy(ctx, tmp_path / "nowhere" / "copy.dossier")
        with pytest.raises(SharingError, match="is a folder"):
            save_copy(ctx, tmp_path)


def test_copy_will_not_overwrite_a_project_someone_has_open(tmp_path: Path, people):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    other = fresh_ancestor(tmp_path / "bobs.dossier")
    with opened(other.path, people["Bob"]):
        pass  # Bob has used it before: his name is in it
    before = sha256_of(other.path)
    with (opened(other.path, people["Bob"]), opened(origin.path, people["Olga"]) as ctx,
          pytest.raises(ProjectLockedError, match="Bob")):
        save_copy(ctx, other.path)
    assert sha256_of(other.path) == before


def test_saving_again_replaces_an_older_copy(tmp_path: Path, people):
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    out = tmp_path / "copy.dossier"
    with opened(origin.path, people["Olga"]) as ctx:
        first = save_copy(ctx, out)
        entities.create_entity(ctx, "Later", "EVENT")
        second = save_copy(ctx, out)
    assert first.sha256 != second.sha256 == sha256_of(out)
    assert not list(tmp_path.glob("copy.dossier.*"))
