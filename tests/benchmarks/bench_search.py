"""Full-text search over the big project (db.search.search), against the same FTS5 query in sqlite3."""

from __future__ import annotations

import sqlite3
import statistics
import time

from tests.benchmarks.harness import Result, Target, scratch
from tests.benchmarks.projects import BIG, cached, copy_of

# A common word, a rare name, a prefix being typed, several words, a word in no row.
QUERIES = ("drone", "Kovalenko", "reinfor", "supply convoy river", "artillery shortage", "zzzz")


def run(runs: int) -> list[Result]:
    from db import search
    from desktop.core.context import open_project

    project = copy_of(cached("big", BIG, seed=1), scratch("search"))
    per_query: dict[str, float] = {}
    times: list[float] = []
    hits: dict[str, int] = {}
    with open_project(project) as ctx:
        for query in QUERIES:
            runs_for_query = []
            for _ in range(runs):
                with ctx.reading() as session:
                    start = time.perf_counter()
                    found = search.search(session, query)
                    runs_for_query.append(time.perf_counter() - start)
            hits[query] = len(found)
            per_query[query] = statistics.median(runs_for_query)
            times.extend(runs_for_query)
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    raw: list[float] = []
    sql = (f"SELECT kind, uid, title, snippet({search.FTS_TABLE}, 3, '[', ']', ' … ', 12) "
           f"FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH ? ORDER BY rank LIMIT 200")
    for query in QUERIES:
        for _ in range(runs):
            start = time.perf_counter()
            conn.execute(sql, (search.to_match_query(query),)).fetchall()
            raw.append(time.perf_counter() - start)
    conn.close()
    slowest = max(per_query, key=lambda q: per_query[q])
    return [Result("search: big project, 200 best hits", "s", times, "same FTS5 SQL in sqlite3",
                   raw, Target(max_value=0.1),
                   note=f"{len(QUERIES)} queries × {runs}; slowest {slowest!r} "
                        f"{per_query[slowest] * 1000:.0f} ms; hits {hits}")]
