"""Power-loss style damage: what Dossier detects, what SQLite repairs, and what is honestly lost.

A torn or short main file is refused (never opened as garbage), nothing is
written to it, and the newest good backup is offered and restores cleanly.
Damage confined to the WAL is different: SQLite stops reading the WAL at the
first frame whose checksum fails, so the file opens in the state of the last
intact commit. That loses the torn commit (and any after it in the same WAL)
but never mixes good and bad pages.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from db.engine import inspect_file, open_project_file
from db.errors import CorruptProjectError
from desktop.core.context import new_project, open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import entities
from desktop.services.backups import latest_usable_backup, restore_backup
from tests.db.badfiles import fingerprint

PAGE = 4096


def _names(path: Path, analyst: AnalystIdentity) -> set[str]:
    with open_project(path, read_only=True, analyst=analyst) as ctx:
        return {name for _u, name, _t in entities.find_entities(ctx, "", limit=10_000)}


def _page_of(path: Path, table: str) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                (table,)).fetchone()[0])
    finally:
        conn.close()


def _cut_last_page(data: bytes, path: Path) -> bytes:
    return data[:-PAGE]


def _zero_last_pages(data: bytes, path: Path) -> bytes:
    return data[:-3 * PAGE] + bytes(3 * PAGE)


def _tear_a_btree_page(data: bytes, path: Path) -> bytes:
    # Half of the entity table's root page written, the other half never reached the disk.
    start = (_page_of(path, "entity") - 1) * PAGE
    return data[:start + PAGE // 2] + bytes(PAGE // 2) + data[start + PAGE:]


def _lose_the_second_half(data: bytes, path: Path) -> bytes:
    return data[: len(data) // 2]


@pytest.fixture
def worked_on(tmp_path: Path, analyst: AnalystIdentity) -> tuple[Path, Path]:
    """A project with a backup from this morning and more work since; returns (project, backups)."""
    from desktop.services.backups import ensure_daily_backup

    path = tmp_path / "case.dossier"
    folder = tmp_path / "backups"
    with new_project(path, "Case", analyst=analyst) as ctx:
        entities.create_entity(ctx, "In the backup", "PERSON")
    ensure_daily_backup(path, folder)
    with open_project(path, analyst=analyst) as ctx:
        for i in range(150):
            entities.create_entity(ctx, f"Afternoon entity {i}", "OTHER", description="d" * 200)
    return path, folder


@pytest.mark.parametrize("tear", [_cut_last_page, _zero_last_pages, _tear_a_btree_page,
                                  _lose_the_second_half], ids=lambda f: f.__name__.strip("_"))
def test_torn_main_file_is_refused_untouched_and_the_last_backup_restores(
    worked_on: tuple[Path, Path], tear: Callable[[bytes, Path], bytes],
    analyst: AnalystIdentity,
) -> None:
    path, folder = worked_on
    path.write_bytes(tear(path.read_bytes(), path))
    before = fingerprint(path)

    with pytest.raises(CorruptProjectError):
        inspect_file(path)
    with pytest.raises(CorruptProjectError):
        open_project_file(path)  # so nothing can be written to it
    assert fingerprint(path) == before

    offer = latest_usable_backup(path, folder)
    assert offer is not None and offer.reason == "daily"
    restored = restore_backup(offer.path, path.with_name("case (restored).dossier"),
                              backup_dir=folder)
    assert _names(restored.target, analyst) == {"In the backup"}
    assert fingerprint(path) == before  # restoring elsewhere leaves the damaged file for experts


def _crash_image(project: Path, analyst: AnalystIdentity, commits: int,
                 dest: Path) -> tuple[Path, list[int]]:
    """Copy main file + WAL after ``commits`` transactions, as a power cut would leave them.

    Returns the copy and the WAL size after each commit (the commit boundaries).
    """
    ends: list[int] = []
    wal = Path(f"{project}-wal")
    ctx = open_project(project, analyst=analyst)
    for i in range(commits):
        entities.create_entity(ctx, f"Commit {i}", "OTHER")
        ends.append(wal.stat().st_size)
    checkpoint = ctx.db.close

    def copy_then_checkpoint() -> None:
        # Closing commits a little bookkeeping (the sync point) before its checkpoint:
        # the image is what the disk holds at that last moment.
        shutil.copyfile(project, dest)
        shutil.copyfile(wal, Path(f"{dest}-wal"))
        checkpoint()

    ctx.db.close = copy_then_checkpoint  # type: ignore[method-assign]
    ctx.close()
    return dest, ends


def test_torn_checkpoint_is_repaired_from_the_wal(tmp_path: Path, analyst: AnalystIdentity) -> None:
    project = tmp_path / "p.dossier"
    new_project(project, analyst=analyst).close()
    image, _ = _crash_image(project, analyst, 5, tmp_path / "image.dossier")
    after_checkpoint = project.read_bytes()  # close() copied the WAL into the file
    before_checkpoint = image.read_bytes()
    # Power failed half-way through the checkpoint: every changed page is torn in two.
    torn = bytearray(after_checkpoint)
    for offset in range(0, min(len(torn), len(before_checkpoint)), PAGE):
        torn[offset + PAGE // 2: offset + PAGE] = before_checkpoint[offset + PAGE // 2:
                                                                    offset + PAGE]
    image.write_bytes(bytes(torn[: len(after_checkpoint)]))
    assert inspect_file(image).counts["entity"] == 5
    assert _names(image, analyst) == {f"Commit {i}" for i in range(5)}


@pytest.mark.parametrize("damage", ["truncate", "zero"])
def test_torn_wal_tail_loses_only_the_last_commit_and_opens_consistent(
    tmp_path: Path, analyst: AnalystIdentity, damage: str
) -> None:
    project = tmp_path / "p.dossier"
    new_project(project, analyst=analyst).close()
    image, ends = _crash_image(project, analyst, 4, tmp_path / "image.dossier")
    wal = Path(f"{image}-wal")
    data = wal.read_bytes()
    cut = ends[-1] - 100  # inside the last commit's final frame
    wal.write_bytes(data[:cut] if damage == "truncate" else data[:cut] + bytes(len(data) - cut))
    report = inspect_file(image)
    assert report.counts["entity"] == 3
    assert _names(image, analyst) == {"Commit 0", "Commit 1", "Commit 2"}
    with open_project(image, analyst=analyst) as ctx:  # and it takes new work normally
        entities.create_entity(ctx, "After recovery", "OTHER")
    assert inspect_file(image).counts["entity"] == 4


def test_damaged_frame_mid_wal_drops_that_commit_and_every_later_one(
    tmp_path: Path, analyst: AnalystIdentity
) -> None:
    project = tmp_path / "p.dossier"
    new_project(project, analyst=analyst).close()
    image, ends = _crash_image(project, analyst, 4, tmp_path / "image.dossier")
    wal = Path(f"{image}-wal")
    data = bytearray(wal.read_bytes())
    data[ends[1] + 200] ^= 0xFF  # a bit flip inside the third commit
    wal.write_bytes(bytes(data))
    assert _names(image, analyst) == {"Commit 0", "Commit 1"}
    assert inspect_file(image).counts["entity"] == 2
