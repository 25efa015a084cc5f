"""Faults of the disk under a project give one clear line and change nothing (issue 16, item 7).

Disk full and read-only media are real, on a small tmpfs, where this machine
allows mounting one (root); otherwise SQLite's own "disk is full" is simulated
with ``max_page_count``, so the wording and the rollback are still checked.
A broken pipe (``dossier list … | head``) ends quietly.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from db import engine
from db.errors import ProjectFileError
from db.file_faults import REPLACED_MESSAGE, StorageError
from db.fileinfo import sha256_of
from desktop.cli import main
from desktop.core.context import ProjectContext, new_project, open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import entities
from tests.sharing.conftest import analyst

ANN = analyst("Ann")
REPO = Path(__file__).resolve().parents[2]


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str = "4m") -> Iterator[Path]:
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, size):
        pytest.skip("mounting a small tmpfs needs root (mount -t tmpfs); "
                    "the simulated disk-full test covers the wording")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system holding ``folder`` until about ``leave`` bytes are free."""
    info = os.statvfs(folder)
    free = info.f_bavail * info.f_frsize
    with (folder / "filler.bin").open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


def _baseline(path: Path, who: AnalystIdentity | None = ANN) -> str:
    """Open and close once (the analyst is recorded), then the file's SHA-256."""
    with open_project(path, analyst=who):
        pass
    return sha256_of(path)


@pytest.mark.timeout(120)
def test_disk_full_during_an_import_is_one_line_and_the_project_is_unchanged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with small_disk(tmp_path) as disk:
        project = disk / "p.dossier"
        with new_project(project, "P", analyst=ANN) as ctx:
            entities.create_entity(ctx, "Kept", "PERSON")
        before = _baseline(project, None)  # as the command line's analyst
        article = tmp_path / "long.txt"
        article.write_text(("The ferry stayed closed for a week, officials said. " * 40 + "\n")
                           * 2000)  # ~4 MB of text: more than the disk has left
        _fill(disk, 64 * 1024)
        capsys.readouterr()
        code = main(["import", str(project), str(article)])
        out, err = capsys.readouterr()
        assert code == 1
        assert err.count("\n") == 1 and "is full" in err, err
        assert "Traceback" not in out + err and "SQL" not in out + err
        (disk / "filler.bin").unlink()
        assert sha256_of(project) == before


@pytest.mark.timeout(60)
def test_disk_full_simulated_by_sqlite_rolls_back_with_one_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p.dossier"
    with new_project(project, "P", analyst=ANN):
        pass
    before = _baseline(project)
    configure = engine.ProjectDb._configure

    def no_room(self: engine.ProjectDb, conn):  # type: ignore[no-untyped-def]
        conn = configure(self, conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
        return conn

    monkeypatch.setattr(engine.ProjectDb, "_configure", no_room)
    with open_project(project, analyst=ANN) as ctx, pytest.raises(StorageError) as full:
        entities.create_entity(ctx, "x" * 400, "PERSON", description="y" * 200_000)
    assert str(full.value).startswith("The disk holding p.dossier is full")
    monkeypatch.undo()
    assert sha256_of(project) == before


@pytest.mark.timeout(60)
def test_a_project_on_read_only_media_opens_read_only_and_refuses_edits_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with small_disk(tmp_path) as disk:
        project = disk / "p.dossier"
        with new_project(project, "P", analyst=ANN) as ctx:
            entities.create_entity(ctx, "Kept", "PERSON")
        before = sha256_of(project)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with open_project(project, analyst=ANN) as ctx:
            assert ctx.read_only and any("read-only" in w for w in ctx.db.warnings)
            with pytest.raises(ProjectFileError) as refused:
                entities.create_entity(ctx, "Never saved", "PERSON")
            assert "read-only" in str(refused.value)
        article = tmp_path / "a.txt"
        article.write_text("The ferry stayed closed for a week, officials said.\n")
        capsys.readouterr()
        assert main(["import", str(project), str(article)]) == 1
        out, err = capsys.readouterr()
        assert err.count("\n") == 1 and "read-only" in err and "Traceback" not in out + err
        assert sha256_of(project) == before


@pytest.mark.timeout(60)
def test_media_turning_read_only_while_open_is_one_sentence(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A disk that turns read-only under an open project (simulated: SQLite's SQLITE_READONLY)."""
    project = tmp_path / "p.dossier"
    with new_project(project, "P", analyst=ANN):
        pass
    before = _baseline(project)
    with open_project(project, analyst=ANN) as ctx:
        for conn in _pooled(ctx):
            conn.execute("PRAGMA query_only = ON")
        with pytest.raises(StorageError) as refused:
            entities.create_entity(ctx, "Never saved", "PERSON")
        assert str(refused.value).startswith("p.dossier cannot be written: its disk or folder "
                                             "is read-only")
    assert sha256_of(project) == before


def _pooled(ctx: ProjectContext) -> list[sqlite3.Connection]:
    """Every connection the engine's pool will hand out next (opened now if need be)."""
    held = [ctx.db.engine.raw_connection() for _ in range(4)]
    conns = [h.driver_connection for h in held]
    for h in held:
        h.close()  # back to the pool, still open
    return conns  # type: ignore[return-value]


@pytest.mark.timeout(60)
def test_a_vanished_folder_is_one_line_and_nothing_hangs(tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        project = disk / "p.dossier"
        with new_project(project, "P", analyst=ANN):
            pass
        ctx = open_project(project, analyst=ANN)
        try:
            # What a dropped network share looks like from here: the path is gone.
            subprocess.run(["umount", "-l", str(disk)], check=True)
            with pytest.raises(Exception) as refused:
                entities.create_entity(ctx, "Never saved", "PERSON")
            assert str(refused.value) == REPLACED_MESSAGE
        finally:
            ctx.close()


@pytest.mark.timeout(120)
def test_a_closed_pipe_ends_the_listing_quietly(tmp_path: Path) -> None:
    project = tmp_path / "p.dossier"
    with new_project(project, "P", analyst=ANN) as ctx:
        for n in range(160):  # well over a pipe buffer (64 KB) of listing
            entities.create_entity(ctx, f"Entity {n:03d} " + "x" * 480, "PERSON")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "desktop.cli", "list", str(project),
                             "entities"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=REPO, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    code = proc.wait(60)
    assert first
    assert err == "", err
    assert code in (0, 141)
