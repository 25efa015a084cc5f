"""Run every benchmark, print one table and write bench-results.json (``make bench``).

    python -m tests.benchmarks [--runs N] [--only startup,open,tables,...]

Generated projects are cached between runs (see projects.py); the first run makes
them and says how long that took.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.harness import (
    RESULTS_FILE,
    Result,
    machine,
    markdown,
    remove_scratch,
    scratch,
    table,
    write_results,
)

NAMES = ("startup", "open", "tables", "reader", "import", "search", "brief", "merge",
         "reattach")


def _prepare_generated() -> float:
    from tests.benchmarks.bench_merge import colleagues
    from tests.benchmarks.projects import BIG, BRIEF, READER, cached

    start = time.perf_counter()
    cached("big", BIG, seed=1)
    cached("reader", READER, seed=3)
    cached("brief", BRIEF, seed=4)
    colleagues()
    return time.perf_counter() - start


def _gui() -> None:
    from desktop.ui.application import make_app
    from tests.benchmarks.gui_support import pin_singletons

    pin_singletons()
    make_app()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=0, help="runs per benchmark (default: each "
                        "benchmark's own, 3 to 5)")
    parser.add_argument("--only", default="", help=f"comma-separated subset of {', '.join(NAMES)}")
    parser.add_argument("--markdown", metavar="JSON", help="print the table of a saved "
                        "bench-results.json as Markdown and stop")
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text(encoding="utf-8"))))
        return 0
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(NAMES)
    unknown = set(chosen) - set(NAMES)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = scratch("home")
    os.environ["DOSSIER_HOME"] = str(home)  # never the user's own settings or recent files
    from desktop.core.identity import save_identity
    from tests.benchmarks.gui_support import none_leak_per_void_call

    save_identity("Bench Analyst", "BA")
    started = time.time()
    load_before = machine()["load_1_5_15"]
    print(f"load average before: {load_before}; generating or reusing test projects ...",
          flush=True)
    setup_s = _prepare_generated()

    def runs(default: int) -> int:
        return args.runs or default

    plan: dict[str, Callable[[], Any]] = {}
    from tests.benchmarks import (
        bench_brief,
        bench_import,
        bench_merge,
        bench_open,
        bench_reader,
        bench_reattach,
        bench_search,
        bench_startup,
        bench_tables,
    )

    extra: dict[str, Any] = {"setup_s": round(setup_s, 1)}
    plan["startup"] = lambda: bench_startup.run(runs(5), home)
    plan["open"] = lambda: _with_extra(bench_open.run(runs(3), home), extra)
    plan["tables"] = lambda: (_gui(), bench_tables.run(runs(3)))[1]
    plan["reader"] = lambda: (_gui(), bench_reader.run(runs(5)))[1]
    plan["import"] = lambda: bench_import.run(runs(3))
    plan["search"] = lambda: bench_search.run(runs(5))
    plan["brief"] = lambda: bench_brief.run(runs(3))
    plan["merge"] = lambda: bench_merge.run(runs(3))
    plan["reattach"] = lambda: bench_reattach.run(runs(2))

    results: list[Result] = []
    for name in NAMES:
        if name in chosen:
            print(f"running {name} ...", flush=True)
            results.extend(plan[name]())
    extra["load_after"] = machine()["load_1_5_15"]
    extra["load_before"] = load_before
    extra["pyside_none_refs_lost_per_void_call"] = none_leak_per_void_call()
    remove_scratch()
    print()
    print(table(results))
    write_results(results, started, extra)
    print(f"\nload average before {load_before}, after {extra['load_after']}; "
          f"setup {setup_s:.1f} s; total {time.time() - started:.0f} s; "
          f"written to {RESULTS_FILE.name}")
    if extra["pyside_none_refs_lost_per_void_call"]:
        print("warning: this PySide6 build loses a reference to None on every void call; "
              "see docs/performance.md")
    return 0


def _with_extra(found: tuple[list[Result], dict[str, Any]], extra: dict[str, Any]
                ) -> list[Result]:
    results, more = found
    extra.update(more)
    return results


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)  # skip PySide's teardown: nothing is left to save, and it can crash
