"""The growth series of ``make bench-scale``: projects of 1k, 10k, 100k and 1M mentions.

Other rows grow in proportion (per 100 mentions: 1 source, 5 entities, 10 claims,
2 implications, 10 links, 1 alias), as a long-running team project's would. Each
size is written in chunks of at most 100,000 mentions with the fast raw inserts of
``projects.fill`` (a chunk's rows and Python objects are freed before the next), so
the 1M project is made in a few minutes and in bounded memory. Finished files are
cached in ``$DOSSIER_BENCH_CACHE`` (ignored by git) under a key of the shape, the
generator and the schema, so a new migration makes them again.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from db.rawfile import SCHEMA_VERSION
from tests.benchmarks.projects import (
    GENERATOR_VERSION,
    Shape,
    cache_dir,
    fill,
    new_project,
    rebuild_search,
)

SIZES = (1_000, 10_000, 100_000, 1_000_000)
CHUNK = 100_000  # mentions written per chunk


def shape_for(mentions: int) -> Shape:
    unit = mentions // 100
    return Shape(sources=unit, source_chars=3_200, entities=5 * unit, mentions=mentions,
                 claims=10 * unit, implications=2 * unit, supports=10 * unit, aliases=unit)


def _key(mentions: int) -> str:
    raw = repr((GENERATOR_VERSION, SCHEMA_VERSION, shape_for(mentions), CHUNK, 2))
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def scale_project(mentions: int, log: bool = True) -> Path:
    """The cached project of ``mentions`` mentions, generated the first time."""
    path = cache_dir() / f"scale-{mentions}-{_key(mentions)}.dossier"
    if path.exists():
        return path
    partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
    for stale in (partial, partial.with_name(partial.name + ".creating")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    new_project(partial, f"Scale {mentions:,}")
    whole = shape_for(mentions)
    chunks = max(1, mentions // CHUNK)
    part = replace(whole, sources=whole.sources // chunks, entities=whole.entities // chunks,
                   mentions=whole.mentions // chunks, claims=whole.claims // chunks,
                   implications=whole.implications // chunks,
                   supports=whole.supports // chunks, aliases=whole.aliases // chunks)
    conn = sqlite3.connect(partial, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = OFF")  # a generated file can be made again
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA cache_size = -262144")
        for n in range(chunks):
            conn.execute("BEGIN")
            fill(conn, part, seed=1000 + n)  # another seed: other uids, same proportions
            conn.execute("COMMIT")
            if log:
                print(f"  {mentions:,} mentions: chunk {n + 1}/{chunks} written "
                      f"({time.perf_counter() - started:.0f} s)", flush=True)
        # Each chunk numbered its judgements from 1; the brief orders by rank.
        conn.execute("UPDATE implication SET rank = id")
        conn.execute("PRAGMA journal_mode = DELETE")
        rebuild_search(conn)  # closes the connection when done
    finally:
        conn.close()
    partial.rename(path)
    if log:
        print(f"  {mentions:,} mentions: generated in {time.perf_counter() - started:.0f} s "
              f"({path.stat().st_size / 2**20:.0f} MB)", flush=True)
    return path


SPAN_SIZES = (1_000, 5_000, 10_000, 20_000)


def span_shape(spans: int) -> Shape:
    """One source with ``spans`` highlights, in the proportions of the 5,000-span reader
    benchmark (3,800 mentions, 570 nested; 1,000 claims; 200 implications over sentences)."""
    return Shape(sources=1, source_chars=155 * spans, entities=400, mentions=spans * 19 // 25,
                 claims=spans // 5, implications=spans // 25, supports=0,
                 anchored_implications=1.0, nested_mentions=0.15)


def span_project(spans: int) -> Path:
    from tests.benchmarks.projects import cached

    return cached(f"spans-{spans}", span_shape(spans), seed=3)


if __name__ == "__main__":
    import sys

    for size in [int(a) for a in sys.argv[1:]] or SIZES:
        print(scale_project(size))
