"""Daily backups, listing and restoring them (File ▸ Restore from backup… calls these)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.engine import inspect_file
from db.errors import ProjectLockedError
from desktop.core.context import new_project, open_project
from desktop.services import entities
from desktop.services.backups import (
    BEFORE_RESTORE,
    DAMAGED_FOLDER,
    BackupError,
    ensure_daily_backup,
    latest_usable_backup,
    list_project_backups,
    restore_backup,
)
from tests.db.badfiles import make_case

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _entity_names(path: Path, analyst) -> set[str]:  # type: ignore[no-untyped-def]
    with open_project(path, read_only=True, analyst=analyst) as ctx:
        return {name for _uid, name, _type in entities.find_entities(ctx, "", limit=1000)}


@pytest.fixture
def project(tmp_path: Path, analyst) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "work" / "case.dossier"
    path.parent.mkdir()
    with new_project(path, "Case", analyst=analyst) as ctx:
        entities.create_entity(ctx, "Monday's entity", "PERSON")
    return path


def test_daily_backup_is_taken_once_per_day(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    first = ensure_daily_backup(project, folder, now=NOON)
    assert first is not None and inspect_file(first).counts["entity"] == 1
    assert ensure_daily_backup(project, folder, now=NOON + timedelta(minutes=5)) is None
    assert ensure_daily_backup(project, folder, now=NOON + timedelta(days=1)) is not None
    assert [b.reason for b in list_project_backups(project, folder)] == ["daily", "daily"]


def test_backups_are_listed_newest_first_with_what_they_hold(project: Path, tmp_path: Path,
                                                             analyst) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    for day in range(3):
        ensure_daily_backup(project, folder, now=NOON + timedelta(days=day))
    listed = list_project_backups(project, folder)
    assert [b.taken_at for b in listed] == [NOON + timedelta(days=d) for d in (2, 1, 0)]
    assert all(b.readable and b.project_name == "Case" for b in listed)


def test_a_different_project_with_the_same_file_name_is_not_listed(
    project: Path, tmp_path: Path, analyst  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "backups"
    other = tmp_path / "elsewhere" / "case.dossier"
    other.parent.mkdir()
    new_project(other, "Another case", analyst=analyst).close()
    ensure_daily_backup(other, folder, now=NOON)
    ensure_daily_backup(project, folder, now=NOON)
    assert [b.project_name for b in list_project_backups(project, folder)] == ["Case"]
    assert [b.project_name for b in list_project_backups(other, folder)] == ["Another case"]


def test_restoring_to_a_new_path_gives_a_project_that_opens(project: Path, tmp_path: Path,
                                                            analyst) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    backup = ensure_daily_backup(project, folder, now=NOON)
    assert backup is not None
    result = restore_backup(backup, tmp_path / "restored.dossier", backup_dir=folder)
    assert result.previous is None
    assert _entity_names(result.target, analyst) == {"Monday's entity"}


def test_restoring_over_a_closed_project_backs_the_current_one_up_first(
    project: Path, tmp_path: Path, analyst  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "backups"
    backup = ensure_daily_backup(project, folder, now=NOON)
    assert backup is not None
    with open_project(project, analyst=analyst) as ctx:
        entities.create_entity(ctx, "Tuesday's entity", "PERSON")
    result = restore_backup(backup, project, replace=True, backup_dir=folder)
    assert _entity_names(project, analyst) == {"Monday's entity"}
    assert result.previous is not None and BEFORE_RESTORE in result.previous.name
    # ...so the restore itself can be undone.
    restore_backup(result.previous, project, replace=True, backup_dir=folder)
    assert _entity_names(project, analyst) == {"Monday's entity", "Tuesday's entity"}


def test_restore_refuses_an_open_project_and_changes_nothing(project: Path, tmp_path: Path,
                                                             analyst) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "backups"
    backup = ensure_daily_backup(project, folder, now=NOON)
    assert backup is not None
    with open_project(project, analyst=analyst) as ctx:
        entities.create_entity(ctx, "Unsaved? No: saved at once", "PERSON")
        with pytest.raises(ProjectLockedError, match="already open"):
            restore_backup(backup, project, replace=True, backup_dir=folder)
    assert "Unsaved? No: saved at once" in _entity_names(project, analyst)


def test_restore_does_not_overwrite_without_being_asked(project: Path, tmp_path: Path) -> None:
    backup = ensure_daily_backup(project, tmp_path / "b", now=NOON)
    assert backup is not None
    with pytest.raises(BackupError, match="already exists"):
        restore_backup(backup, project)


def test_a_damaged_backup_is_not_restored(project: Path, tmp_path: Path) -> None:
    damaged = make_case("corrupted-page", tmp_path).path
    with pytest.raises(BackupError, match="cannot be restored"):
        restore_backup(damaged, tmp_path / "new.dossier")
    assert not (tmp_path / "new.dossier").exists()


def test_restoring_over_a_damaged_project_keeps_its_exact_bytes_aside(
    project: Path, tmp_path: Path, analyst  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "backups"
    backup = ensure_daily_backup(project, folder, now=NOON)
    assert backup is not None
    shutil.copyfile(make_case("corrupted-page", tmp_path).path, project)
    damaged_bytes = project.read_bytes()
    result = restore_backup(backup, project, replace=True, backup_dir=folder)
    assert result.previous is not None and result.previous.parent.name == DAMAGED_FOLDER
    assert result.previous.read_bytes() == damaged_bytes
    assert _entity_names(project, analyst) == {"Monday's entity"}
    assert latest_usable_backup(project, folder) is not None


def test_a_stale_wal_beside_the_target_is_not_replayed_onto_the_restore(
    project: Path, tmp_path: Path, analyst  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "backups"
    backup = ensure_daily_backup(project, folder, now=NOON)
    assert backup is not None
    crashed = make_case("leftover-wal-from-a-crash", tmp_path).path
    shutil.copyfile(crashed, project)
    shutil.copyfile(f"{crashed}-wal", f"{project}-wal")
    restore_backup(backup, project, replace=True, backup_dir=folder)
    assert _entity_names(project, analyst) == {"Monday's entity"}
