"""``make bench-scale``: how each operation grows from 1k to 1M mentions (issue 21).

    python -m tests.benchmarks.bench_scale [--sizes 1000,10000] [--skip brief,merge]

For each project size (other rows in proportion, see scale_projects.py) it times,
each in a fresh process so peak memory is the operation's own:

- open, known file: a project this installation closed cleanly, opened in the real
  window until the tables are painted (first pages), and until every row is loaded;
  floor: the rows the four tables show, read with plain sqlite3.
- open, new file: the full validation a received file gets (in the GUI it runs in a
  worker behind a progress dialog); floor: every row of every table read by sqlite3.
- add one mention to the source shown, in that window: the incremental refresh
  against the old full refresh (every span re-read, the tables reloaded), same run.
- brief with every section; floor: ReportLab alone laying out the same texts.
- merge a colleague's copy (all its rows new to us); floor: the same rows inserted
  with sqlite3 executemany in one transaction.

It also times adding a mention on one document as its highlights grow (1k-20k
spans), the window start-up against a bare PySide6 window and `dossier list`.
Prints one table (time, peak MB, floor, ratio, growth exponent between sizes),
writes bench-scale.json and docs/performance-scale.png.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.benchmarks.harness import REPO, machine, remove_scratch, scratch, script_env
from tests.benchmarks.projects import cache_dir, copy_of
from tests.benchmarks.scale_projects import SIZES, SPAN_SIZES, scale_project, span_project

RESULTS = REPO / "bench-scale.json"
PLOT = REPO / "docs" / "performance-scale.png"
TIMEOUT = {"brief": 300.0, "merge": 300.0}  # beyond this an operation is reported as not done


@dataclass
class Point:
    """One operation at one size."""

    operation: str
    size: int
    seconds: float | None  # None: did not finish within its time limit
    peak_mb: float | None = None
    floor_s: float | None = None
    floor_name: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.floor_s:
            return None
        return self.seconds / self.floor_s


def child(task: str, *args: str, env: dict[str, str], timeout: float = 1800) -> dict[str, Any] | None:
    """Run scale_child.py TASK in a fresh process; None if it ran out of time."""
    command = [sys.executable, str(Path(__file__).with_name("scale_child.py")), task, *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **env}, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def open_window(project: Path, env: dict[str, str], annotate: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).with_name("open_big.py")), str(project),
               "--annotate", str(annotate), "--close"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, **env}, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"open_big.py failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def close_cleanly(project: Path, env: dict[str, str]) -> None:
    """Open and close ``project`` once, as a user did yesterday: it is now known here."""
    code = ("import sys; from pathlib import Path; from desktop.core.context import open_project; "
            f"open_project(Path({str(project)!r})).close()")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=3600, cwd=REPO,
                   env={**os.environ, **env})


def emptied_copy(master: Path, folder: Path) -> Path:
    """The same project with none of its rows: a colleague's copy gives it all of them."""
    cached_empty = cache_dir() / f"{master.stem}-empty.dossier"
    if not cached_empty.exists():
        partial = cached_empty.with_name(cached_empty.name + ".partial")
        shutil.copyfile(master, partial)
        conn = sqlite3.connect(partial, isolation_level=None)
        for table in ("support", "claim", "implication", "mention", "anchor", "entity_alias",
                      "entity", "source", "search_index"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("VACUUM")
        conn.close()
        partial.rename(cached_empty)
    return copy_of(cached_empty, folder, "ours.dossier")


def measure_size(size: int, skip: set[str], log: Callable[[str], None]) -> list[Point]:
    from tests.benchmarks.bench_open import raw_read

    master = scale_project(size)
    work = scratch(f"scale-{size}")
    home = work / "home"
    home.mkdir()
    env = script_env(home)
    runs = 3 if size <= 100_000 else 1
    points: list[Point] = []

    log(f"{size:,}: opening a known file in the window ({runs} run(s)) ...")
    reports = []
    project = copy_of(master, work, "known.dossier")
    close_cleanly(project, env)  # each run closes it cleanly again
    for _ in range(runs + 1):
        reports.append(open_window(project, env, annotate=3))
    reports = reports[1:]  # the first warms the disk cache
    raw = []
    for _ in range(runs):
        start = time.perf_counter()
        raw_read(master)
        raw.append(time.perf_counter() - start)
    med = statistics.median
    fast = all(r["structural_only"] for r in reports)
    points.append(Point("open known file: tables painted", size, med([r["open_s"] for r in reports]),
                        med([r["peak_rss_mb"] for r in reports]), med(raw),
                        "raw sqlite3 read of every row the tables show",
                        note="" if fast else "NOT the fast path"))
    points.append(Point("open known file: every row loaded", size,
                        med([r["tables_full_s"] for r in reports]),
                        med([r["peak_rss_mb"] for r in reports]), med(raw),
                        "raw sqlite3 read of every row the tables show"))
    incremental = [t for r in reports for t in r["annotate"]["incremental"]]
    full = [t for r in reports for t in r["annotate"]["full"]]
    points.append(Point("add one mention (tables and reader)", size, med(incremental), None,
                        med(full), "the old full refresh, same run",
                        note=f"{int(reports[0]['annotate']['spans'][0])} spans on the source"))

    log(f"{size:,}: full validation of a file new here ...")
    foreign = copy_of(master, work, "foreign.dossier")
    checked = [child("validate", str(foreign), env=env) for _ in range(runs)]
    floors = [child("validate-raw", str(foreign), env=env) for _ in range(runs)]
    points.append(Point("open new file: full validation", size,
                        med([c["seconds"] for c in checked if c]),
                        med([c["peak_mb"] for c in checked if c]),
                        med([f["seconds"] for f in floors if f]),
                        "raw sqlite3 read of every row"))

    if "brief" not in skip:
        log(f"{size:,}: brief, every section ...")
        brief = child("brief", str(project), str(work / "brief.pdf"), env=env,
                      timeout=TIMEOUT["brief"])
        plain = child("brief-raw", str(foreign), env=env, timeout=TIMEOUT["brief"])
        points.append(Point("brief, every section", size, brief and brief["seconds"],
                            brief and brief["peak_mb"], plain and plain["seconds"],
                            "ReportLab alone, the same texts as paragraphs",
                            note=(f"{brief['pages']:,} pages" if brief else
                                  f"not finished in {TIMEOUT['brief']:.0f} s")))

    if "merge" not in skip:
        log(f"{size:,}: merge a colleague's copy ...")
        ours = emptied_copy(master, work)
        merged = child("merge", str(ours), str(foreign), env=env, timeout=TIMEOUT["merge"])
        ours_raw = emptied_copy(master, work)
        raw_merge = child("merge-raw", str(ours_raw), str(foreign), env=env,
                          timeout=TIMEOUT["merge"])
        points.append(Point("merge a colleague's copy", size, merged and merged["seconds"],
                            merged and merged["peak_mb"], raw_merge and raw_merge["seconds"],
                            "raw sqlite3 inserts of the same rows",
                            note=(f"{merged['new']:,} rows new" if merged else
                                  f"not finished in {TIMEOUT['merge']:.0f} s")))
    shutil.rmtree(work, ignore_errors=True)
    return points


def measure_spans(log: Callable[[str], None]) -> list[Point]:
    points = []
    for spans in SPAN_SIZES:
        log(f"document with {spans:,} highlights: add one mention ...")
        work = scratch(f"spans-{spans}")
        home = work / "home"
        home.mkdir()
        env = script_env(home)
        project = copy_of(span_project(spans), work)
        close_cleanly(project, env)
        report = open_window(project, env, annotate=5)
        points.append(Point("add one mention, by highlights on the document", spans,
                            statistics.median(report["annotate"]["incremental"]), None,
                            statistics.median(report["annotate"]["full"]),
                            "the old full refresh, same run",
                            note=f"{int(report['annotate']['spans'][0]):,} spans"))
        shutil.rmtree(work, ignore_errors=True)
    return points


def measure_startup(log: Callable[[str], None]) -> list[Point]:
    from tests.benchmarks import bench_startup

    log("start-up: window against a bare PySide6 window; `dossier list` ...")
    home = scratch("startup-home")
    window = bench_startup.run(5, home)[0]
    points = [Point("start-up: window shown", 0, window.median, None, window.baseline,
                    "a bare PySide6 QMainWindow, same run")]
    env = script_env(home)
    sample = scratch("list") / "sample.dossier"
    subprocess.run([sys.executable, "-m", "desktop.app", "sample", str(sample)], check=True,
                   cwd=REPO, env={**os.environ, **env}, capture_output=True)
    close_cleanly(sample, env)

    def wall(command: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO, env={**os.environ, **env},
                       capture_output=True)
        return time.perf_counter() - start

    lists, bare = [], []
    for _ in range(11):
        lists.append(wall([sys.executable, "-m", "desktop.app", "list", str(sample), "claims"]))
        bare.append(wall([sys.executable, "-c", "import sqlite3"]))
    points.append(Point("start-up: `dossier list PROJECT claims`", 0,
                        statistics.median(lists[1:]), None, statistics.median(bare[1:]),
                        "python -c 'import sqlite3', same run"))
    return points


# ---- report -----------------------------------------------------------------------------------
def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "not done"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def exponents(points: list[Point]) -> dict[tuple[str, int], float]:
    """Growth exponent k between consecutive sizes (time ∝ size^k): 1 linear, 0 flat."""
    out = {}
    by_op: dict[str, list[Point]] = {}
    for p in points:
        by_op.setdefault(p.operation, []).append(p)
    for series in by_op.values():
        series.sort(key=lambda p: p.size)
        for a, b in itertools.pairwise(series):
            if a.seconds and b.seconds and a.size and b.size != a.size:
                out[(b.operation, b.size)] = math.log(b.seconds / a.seconds) / math.log(
                    b.size / a.size)
    return out


def table(points: list[Point], markdown: bool = False) -> str:
    growth = exponents(points)
    header = ("operation", "size", "time", "peak MB", "floor", "ratio", "growth", "note")
    rows = []
    for p in points:
        rows.append((p.operation, f"{p.size:,}" if p.size else "–", _fmt(p.seconds),
                     f"{p.peak_mb:.0f}" if p.peak_mb else "–",
                     f"{_fmt(p.floor_s)} ({p.floor_name})" if p.floor_s else "–",
                     f"{p.ratio:.2f}×" if p.ratio is not None else "–",
                     f"{growth[(p.operation, p.size)]:.2f}" if (p.operation, p.size) in growth
                     else "–", p.note))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|--:|--:|--:|---|--:|--:|---|"]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_scale",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--skip", default="", help="comma-separated: brief, merge, spans, startup")
    parser.add_argument("--markdown", metavar="JSON", nargs="+", help="print saved "
                        "bench-scale.json files as one Markdown table (and redraw the plot)")
    parser.add_argument("--out", default=str(RESULTS), help="where to write the JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.markdown:
        saved = [Point(**p) for f in args.markdown
                 for p in json.loads(Path(f).read_text(encoding="utf-8"))["points"]]
        print(table(saved, markdown=True))
        from tests.benchmarks.scale_plot import plot

        plot(saved, PLOT)
        return 0
    results = Path(args.out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DOSSIER_HOME"] = str(scratch("home"))
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    started = time.time()
    load_before = machine()["load_1_5_15"]

    def log(message: str) -> None:
        print(f"[{time.time() - started:6.0f} s] {message}", flush=True)

    log(f"load average {load_before}; projects cached in {cache_dir()}")
    points: list[Point] = []
    if "startup" not in skip:
        points += measure_startup(log)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        points += measure_size(size, skip, log)
        results.write_text(json.dumps({"points": [vars(p) for p in points]}, indent=1))
    if "spans" not in skip:
        points += measure_spans(log)
    remove_scratch()
    print()
    print(table(points))
    payload = {"machine": machine(), "load_before": load_before,
               "started_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
               "duration_s": round(time.time() - started), "points": [vars(p) for p in points]}
    results.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    from tests.benchmarks.scale_plot import plot

    plot(points, PLOT)
    print(f"\nload average before {load_before}, after {machine()['load_1_5_15']}; "
          f"{time.time() - started:.0f} s; wrote {results.name} and {PLOT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)
