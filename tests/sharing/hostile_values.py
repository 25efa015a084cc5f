"""Random hostile values in any column of a colleague's file (shared by the test and the soak)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from db.errors import ProjectFileError
from db.fileinfo import sha256_of
from db.validate import inspect_file
from desktop.core.identity import AnalystIdentity
from desktop.sharing.merge import merge
from tests.sharing.conftest import opened

# Values no column of Dossier's should accept whatever its name (the attacks were not tuned
# to the checks: any column of any table may receive any of them).
POISON: tuple[object, ...] = (
    "~~~~", "../../etc/passwd", "a/b", "2" * 10_000, "x" * 2_000_000, -1, -(2**40), 2**40,
    1e300, "9999-12-31T23:59:59.999999Z", "", "\u202e", "0190b000-0000-7000-8000-00000000019A",
    "2026-13-01T00:00:00.000000Z", "null", "[]", '{"format": 1, "seen": 5}',
)


def columns_of(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name NOT LIKE 'search%' AND name != 'alembic_version'")]
        return [(t, r[1]) for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')
                if r[1] != "id"]
    finally:
        conn.close()


def poison_trials(folder: Path, mine: Path, theirs: Path, who: AnalystIdentity, *,
                  trials: int, seed: int) -> tuple[int, int]:
    """Merge ``trials`` copies of ``theirs``, each with one random cell poisoned.

    Each merge must either be refused with one line and leave the local copy
    byte for byte as it was, or succeed and leave a project that still opens.
    Returns (refused, merged).
    """
    rng = random.Random(seed)
    template, local_template = theirs.read_bytes(), mine.read_bytes()
    columns = columns_of(theirs)
    refused = merged = 0
    for trial in range(trials):
        table, column = rng.choice(columns)
        value = rng.choice(POISON)
        victim = folder / f"victim-{trial}.dossier"
        victim.write_bytes(template)
        conn = sqlite3.connect(victim, isolation_level=None)
        try:
            hit = conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = '
                               f'(SELECT {rng.choice(("max", "min"))}(id) FROM "{table}")',
                               (value,)).rowcount
        except sqlite3.DatabaseError:
            hit = 0  # a unique or NOT NULL constraint said no
        finally:
            conn.close()
        if not hit:
            victim.unlink()
            continue
        local = folder / f"mine-{trial}.dossier"
        local.write_bytes(local_template)
        what = (seed, trial, table, column, repr(value)[:40])
        with opened(local, who) as ctx:
            before = sha256_of(local)
            try:
                merge(ctx, victim)
            except ProjectFileError as err:
                assert "\n" not in str(err), what
                assert sha256_of(local) == before, what
                refused += 1
            else:
                merged += 1
        inspect_file(local)  # whatever happened, the project still opens
        victim.unlink()
        local.unlink()
    return refused, merged
