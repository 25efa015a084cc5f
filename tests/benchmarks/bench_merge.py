"""Merge two colleagues' copies of one project, 50,000 rows of their own work each.

Both copies start from the same new project; each then holds 50,000 rows the other
lacks, so merging writes all of the other's rows. The baseline inserts those same
rows into a copy of the project with plain sqlite3 executemany, in one transaction,
with the settings Dossier writes with (WAL, synchronous=FULL, foreign keys on).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path

from tests.benchmarks.harness import Result, Target, scratch
from tests.benchmarks.projects import (
    MERGE_HALF,
    add_rows,
    cache_dir,
    copy_of,
    new_project,
    row_count,
)

# Table -> (column, table it points at) for every foreign key the generator fills.
LINKS = {
    "source": (),
    "entity": (),
    "entity_alias": (("entity_id", "entity"),),
    "anchor": (("source_id", "source"),),
    "mention": (("entity_id", "entity"), ("source_id", "source"), ("anchor_id", "anchor")),
    "claim": (("claimant_id", "entity"), ("source_id", "source"), ("anchor_id", "anchor")),
    "implication": (("source_id", "source"), ("anchor_id", "anchor")),
    "support": (("claim_id", "claim"), ("implication_id", "implication")),
}


def colleagues() -> tuple[Path, Path]:
    """Two copies of one project, each with its own 50,000 rows (made once, then cached)."""
    folder = cache_dir()
    ours = folder / f"merge-ours-{MERGE_HALF.key}.dossier"
    theirs = folder / f"merge-theirs-{MERGE_HALF.key}.dossier"
    if not (ours.exists() and theirs.exists()):
        base = folder / f"merge-base.{os.getpid()}.dossier"
        base.unlink(missing_ok=True)
        new_project(base, "Shared investigation")
        for path, seed in ((ours, 11), (theirs, 12)):
            partial = path.with_name(path.name + ".partial")
            shutil.copyfile(base, partial)
            add_rows(partial, MERGE_HALF, seed)
            partial.rename(path)
        base.unlink()
    return ours, theirs


def raw_insert(target: Path, source: Path) -> int:
    """Insert every generated row of ``source`` into ``target`` with plain sqlite3."""
    dest = sqlite3.connect(target, isolation_level=None)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    written = 0
    try:
        for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = FULL"):
            dest.execute(f"PRAGMA {pragma}")
        offsets = {t: dest.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
                   for t in LINKS}
        dest.execute("BEGIN IMMEDIATE")
        for table, links in LINKS.items():
            cursor = src.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            shifts = [(names.index("id"), offsets[table])]
            shifts += [(names.index(column), offsets[target_table]) for column, target_table in links]
            rows = []
            for row in cursor:
                values = list(row)
                for at, offset in shifts:
                    if values[at] is not None:
                        values[at] += offset
                rows.append(values)
            quoted = ", ".join(f'"{n}"' for n in names)
            dest.executemany(f"INSERT INTO {table} ({quoted}) VALUES "
                             f"({', '.join('?' * len(names))})", rows)
            written += len(rows)
        dest.execute("COMMIT")
    finally:
        src.close()
        dest.close()
    return written


def run(runs: int) -> list[Result]:
    from desktop.core.context import open_project
    from desktop.sharing.merge import merge

    ours, theirs = colleagues()
    work = scratch("merge")
    peer = copy_of(theirs, work, "colleague.dossier")
    merged: list[float] = []
    new_rows = 0
    for n in range(runs):
        project = copy_of(ours, work, f"ours-{n}.dossier")
        with open_project(project, backup_dir=work / "backups") as ctx:
            start = time.perf_counter()
            summary = merge(ctx, peer)
            merged.append(time.perf_counter() - start)
            new_rows = sum(c.new for c in summary.counts.values())
    raw: list[float] = []
    for n in range(runs):
        project = copy_of(ours, work, f"raw-{n}.dossier")
        start = time.perf_counter()
        written = raw_insert(project, theirs)
        raw.append(time.perf_counter() - start)
    return [Result("merge: two 50,000-row copies", "s", merged, "raw sqlite3 inserts", raw,
                   Target(max_ratio=3.0),
                   note=f"{row_count(MERGE_HALF):,} rows each; merge added {new_rows:,} rows, "
                        f"raw inserted {written:,}; merge includes its backup and FTS rebuild")]
