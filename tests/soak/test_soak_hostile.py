"""Long hostile-peer and hostile-import runs (issue 16): `make soak` only."""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from db.errors import ProjectFileError
from db.fileinfo import sha256_of
from desktop.ingest.document import ImportError_
from desktop.ingest.registry import import_file
from desktop.sharing.merge import merge
from desktop.sharing.share_copy import save_copy
from desktop.sharing.syncstate import SYNC_STATE_UID
from tests.ingest.hostile_inputs import deflate_bomb, pdf_bomb, pdf_with_content
from tests.sharing.conftest import OLGA, analyst, fresh_ancestor, opened
from tests.sharing.hostile_values import poison_trials

POISONED = int(os.environ.get("DOSSIER_SOAK_POISONED", "300"))


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    origin = fresh_ancestor(tmp_path / "origin.dossier")
    mine, theirs = tmp_path / "mine.dossier", tmp_path / "theirs.dossier"
    with opened(origin.path, OLGA) as ctx:
        save_copy(ctx, mine)
        save_copy(ctx, theirs)
    return mine, theirs


@pytest.mark.timeout(1800)
def test_soak_poisoned_cells_never_slip_through(tmp_path: Path, tally: Counter[str]) -> None:
    seed = int(os.environ.get("DOSSIER_POISON_SEED") or random.randrange(1 << 30))
    print(f"DOSSIER_POISON_SEED={seed}")
    mine, theirs = _copies(tmp_path)
    refused, merged = poison_trials(tmp_path, mine, theirs, analyst("Ann"),
                                    trials=POISONED, seed=seed)
    tally["hostile values"] += refused + merged
    print(f"poisoned peers: {refused} refused with one line, {merged} merged harmlessly")
    assert refused > merged


@pytest.mark.timeout(600)
def test_soak_three_million_fake_versions_are_refused_cheaply(tmp_path: Path) -> None:
    mine, theirs = _copies(tmp_path)
    seen = [f"{i:016x}" for i in range(3_000_000)]
    conn = sqlite3.connect(theirs)
    with conn:  # the old merge's row (files no longer hold one), planted with plain SQL
        conn.execute(
            "INSERT INTO setting (key, value, uid, created_by, updated_by, created_at, "
            "updated_at, revision, deleted_at, version_id, parent_version, merge_parent, "
            "replica_id, hlc, deleted_with, merged_into) VALUES ('sharing.sync_state', ?, ?, "
            "'', '', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 1, NULL, "
            "'', '', '', '', 0, '', '')",
            (json.dumps({"format": 1, "seen": seen, "aliases": {}}), SYNC_STATE_UID))
    conn.close()
    del seen
    with opened(mine, analyst("Ann")) as ctx:
        before = sha256_of(mine)
        started = time.perf_counter()
        with pytest.raises(ProjectFileError, match="far more than any real history"):
            merge(ctx, theirs)
        took = time.perf_counter() - started
        assert sha256_of(mine) == before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"3,000,000 fake versions ({theirs.stat().st_size / 1e6:.0f} MB file): refused in "
          f"{took:.1f} s, peak RSS {peak} MB")


@pytest.mark.timeout(900)
@pytest.mark.parametrize("inflated_mb", [300, 1024])
def test_soak_pdf_bombs_are_refused(tmp_path: Path, inflated_mb: int) -> None:
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf_bomb(inflated_mb))
    started = time.perf_counter()
    with pytest.raises(ImportError_, match="decompression bomb"):
        import_file(path)
    print(f"PDF inflating to {inflated_mb} MB: refused in {time.perf_counter() - started:.1f} s")


@pytest.mark.timeout(900)
def test_soak_many_small_bombs_add_up_to_a_refusal(tmp_path: Path) -> None:
    unit = b"0 0 m\n" * 170_000  # ~1 MB
    stream = deflate_bomb(unit, 100)  # 100 MB: under the per-stream cap
    extra = b"".join(b"%d 0 obj\n<</Length %d/Filter/FlateDecode>>\nstream\n" % (10 + i, len(stream))
                     + stream + b"\nendstream\nendobj\n" for i in range(6))
    path = tmp_path / "many.pdf"
    path.write_bytes(pdf_with_content(stream) + extra)
    with pytest.raises(ImportError_, match="decompression bomb"):
        import_file(path)
