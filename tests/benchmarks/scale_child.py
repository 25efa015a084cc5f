"""Child process of ``make bench-scale``: one timed operation, its peak memory, one JSON line.

    python scale_child.py validate PROJECT        full validation, as for a file new here
    python scale_child.py validate-raw PROJECT    floor: every row of every table read by sqlite3
    python scale_child.py brief PROJECT OUT       build_brief with every section
    python scale_child.py brief-raw PROJECT       floor: ReportLab alone, the same texts as paragraphs
    python scale_child.py merge OURS THEIRS       merge a colleague's copy into ours
    python scale_child.py merge-raw OURS THEIRS   floor: the same rows inserted with sqlite3

Each runs in a fresh process so its peak RSS (ru_maxrss) is its own.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _validate(path: Path) -> dict[str, object]:
    from db.validate import inspect_file

    start = time.perf_counter()
    report = inspect_file(path)
    return {"rows": sum(report.counts.values()), "seconds": time.perf_counter() - start}


def _validate_raw(path: Path) -> dict[str, object]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.text_factory = bytes
    rows = 0
    tables = [r[0].decode() for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'search_index%'")]
    for table in tables:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        while batch := cursor.fetchmany(10_000):
            rows += len(batch)
    conn.close()
    return {"rows": rows}


def _brief(path: Path, out: Path) -> dict[str, object]:
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options
    from desktop.core.context import open_project
    from tests.benchmarks.bench_brief import plain_reportlab

    plain_reportlab(["warm"])  # ReportLab imported and the font registered, as for the floor
    with open_project(path) as ctx:  # not timed: opening is measured on its own
        start = time.perf_counter()
        result = build_brief(ctx, default_options(ctx), out)
        seconds = time.perf_counter() - start
    return {"pages": result.pages, "seconds": seconds}


def _brief_texts(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    texts = [r[0] for r in conn.execute("SELECT text FROM implication ORDER BY rank")]
    texts += [r[0] for r in conn.execute("SELECT statement FROM claim ORDER BY id")]
    conn.close()
    return texts


def _brief_raw(path: Path) -> dict[str, object]:
    from tests.benchmarks.bench_brief import plain_reportlab

    texts = _brief_texts(path)
    plain_reportlab(texts[:10])  # ReportLab imported and the font registered, as for the brief
    start = time.perf_counter()
    size = plain_reportlab(texts)
    return {"bytes": size, "seconds": time.perf_counter() - start}


def _merge(ours: Path, theirs: Path) -> dict[str, object]:
    from desktop.core.context import open_project
    from desktop.sharing.merge import merge

    with open_project(ours, backup_dir=ours.parent / "backups") as ctx:
        start = time.perf_counter()
        summary = merge(ctx, theirs)  # its own backup, validation of theirs and FTS rebuild
        seconds = time.perf_counter() - start
    return {"new": sum(c.new for c in summary.counts.values()), "seconds": seconds}


def _merge_raw(ours: Path, theirs: Path) -> dict[str, object]:
    from tests.benchmarks.bench_merge import raw_insert

    start = time.perf_counter()
    rows = raw_insert(ours, theirs)
    return {"new": rows, "seconds": time.perf_counter() - start}


TASKS = {
    "validate": lambda a: _validate(Path(a[0])),
    "validate-raw": lambda a: _validate_raw(Path(a[0])),
    "brief": lambda a: _brief(Path(a[0]), Path(a[1])),
    "brief-raw": lambda a: _brief_raw(Path(a[0])),
    "merge": lambda a: _merge(Path(a[0]), Path(a[1])),
    "merge-raw": lambda a: _merge_raw(Path(a[0]), Path(a[1])),
}


def main(argv: list[str]) -> int:
    task, args = argv[0], argv[1:]
    start = time.perf_counter()
    found = TASKS[task](args)  # may report its own "seconds" (what is not set-up)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, **found}), flush=True)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
