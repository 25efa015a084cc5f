"""Re-attaching 1,000 annotations to a colleague's version of a ~50k-character source (issue 15).

Prints the figure for every edit (22 characters prepended, a paragraph inserted
mid-text, 20 scattered one-word edits, and all three at once), both directions,
on the held-out seeds the tests assert on and on the seeds the thresholds were
tuned on (reattach_gen.py says which are which): how many annotations landed
exactly on their quote, how many were flagged orphaned (and how many of those
had their own words changed by the edit, so could only be orphaned), and how
many were placed on other words (must be 0).

Timed: placing the 1,000 (diff of the two texts included) against a naive
exact search for each quote; and the whole re-import through the service
(every anchor row written with its history) against plain SQL updates of the
same rows.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tests.benchmarks.harness import Result, Target, scratch
from tests.sharing.reattach_gen import DEV_SEEDS, EDITS, TEST_SEEDS, Case, Tally, build_case


def _place_all(case: Case, own_text_known: bool = True) -> tuple[Tally, float]:
    from desktop.services.anchoring import OffsetMap, make_anchor, place

    start = time.perf_counter()
    mapping = OffsetMap(case.made_on, case.moved_to) if own_text_known else None
    placed = [place(make_anchor(case.made_on, s, e), case.moved_to, mapping).spec
              for s, e in case.spans]
    elapsed = time.perf_counter() - start
    tally = Tally()
    for spec, expected in zip(placed, case.expected, strict=True):
        tally.add(None if spec is None else (spec.start, spec.end), expected)
    return tally, elapsed


def _naive(case: Case) -> tuple[Tally, float]:
    """What the issue measured: the first occurrence of the quote, no context."""
    start = time.perf_counter()
    found = []
    for s, e in case.spans:
        quote = case.made_on[s:e]
        pos = case.moved_to.find(quote)
        found.append(None if pos < 0 else (pos, pos + len(quote)))
    elapsed = time.perf_counter() - start
    tally = Tally()
    for got, expected in zip(found, case.expected, strict=True):
        tally.add(got, expected)
    return tally, elapsed


def figures() -> tuple[list[str], int, list[float], list[float]]:
    lines, wrong, times, naive_times = [], 0, [], []
    for label, seeds in (("held-out", TEST_SEEDS), ("tuning", DEV_SEEDS)):
        for seed in seeds:
            for edit in EDITS:
                for reverse in (False, True):
                    case = build_case(seed, edit, reverse)
                    tally, elapsed = _place_all(case)
                    naive, naive_s = _naive(case)
                    wrong += tally.wrong
                    times.append(elapsed)
                    naive_times.append(naive_s)
                    lines.append(f"{label:8} {case.name:32} {tally}   "
                                 f"(first exact occurrence: {naive.right} right, "
                                 f"{naive.wrong} wrong)")
    for seed in TEST_SEEDS:
        case = build_case(seed, "word-edits", False)
        tally, _ = _place_all(case, own_text_known=False)
        wrong += tally.wrong
        lines.append(f"held-out {case.name:32} {tally}   (annotation's own text unknown)")
    return lines, wrong, times, naive_times


def _service_run(folder: Path) -> tuple[float, float, Tally]:
    from sqlalchemy import select

    from db.models import Anchor
    from desktop.core.context import new_project
    from desktop.ingest.document import ImportedDocument
    from desktop.services.importing import reimport_source
    from tests.sharing.test_reattach_figure import _annotate

    case = build_case(TEST_SEEDS[0], "all-three", False)
    path = folder / "reattach.dossier"
    with new_project(path, "Re-attach") as ctx:
        suid, uids = _annotate(ctx, case)
        start = time.perf_counter()
        reimport_source(ctx, suid, ImportedDocument(text=case.moved_to))
        service_s = time.perf_counter() - start
        with ctx.reading() as session:
            rows = {a.uid: a for a in session.execute(select(Anchor)).scalars()}
            tally = Tally()
            for uid, expected in zip(uids, case.expected, strict=True):
                row = rows[uid]
                tally.add(None if row.orphaned else (row.start, row.end), expected)
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM anchor")]
    start = time.perf_counter()
    with conn:
        conn.executemany('UPDATE anchor SET start = start + 22, "end" = "end" + 22, '
                         "revision = revision + 1 WHERE id = ?", [(i,) for i in ids])
    raw_s = time.perf_counter() - start
    conn.close()
    path.unlink()
    return service_s, raw_s, tally


def run(runs: int) -> list[Result]:
    lines, wrong, times, naive_times = figures()
    print("\n".join(lines), flush=True)
    service, raw, tallies = [], [], []
    for i in range(max(1, min(runs, 2))):
        s, r, tally = _service_run(scratch(f"reattach-{i}"))
        service.append(s)
        raw.append(r)
        tallies.append(tally)
    return [
        Result("re-attach: 1,000 anchors on a 50k-char text", "s", times,
               "first exact occurrence of each quote", naive_times, Target(max_value=1.0),
               note=f"{len(times)} cases; placed on other words: {wrong} (must be 0)"),
        Result("re-import with 1,000 annotations (service)", "s", service,
               "plain SQL update of the same anchor rows", raw, Target(max_value=30.0),
               note=f"{tallies[0]}"),
    ]
