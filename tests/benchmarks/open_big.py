"""Child process: open a big project in the real main window, time it, then use its tables.

Run by the benchmark runner as ``python open_big.py PROJECT [--interact N]``.
Prints one JSON line: seconds to tables populated, RSS after opening and its
peak, and (with --interact) timings of sorting, filtering and scrolling.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psutil
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.ui.application import make_app
from tests.benchmarks.gui_support import (
    pin_singletons,
    scroll_to_end,
    settle,
    tables_populated,
    timed,
)

FILTER_TYPED = "drone"


def interact(window: object, rounds: int) -> dict[str, object]:
    pane = window.claims_pane  # type: ignore[attr-defined]
    window.tabs.setCurrentWidget(pane)  # type: ignore[attr-defined]
    settle()
    view = pane.view
    out: dict[str, list[float]] = {"sort": [], "filter_keystroke": [], "filter_clear": [],
                                   "scroll_end": [], "edit": []}
    out["scroll_end"].append(timed(lambda: scroll_to_end(view)))  # from the first batch
    for n in range(rounds):
        for column in (0, 3, 1):  # statement (text), credibility (number), claimant
            order = Qt.SortOrder.DescendingOrder if n % 2 else Qt.SortOrder.AscendingOrder
            out["sort"].append(timed(lambda c=column, o=order: view.sortByColumn(c, o)))
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        settle()
        while pane.proxy.warming():  # a reader looks before typing: texts cached meanwhile
            settle(1)
        pane.filter.setFocus()
        for char in FILTER_TYPED:
            out["filter_keystroke"].append(timed(lambda ch=char: QTest.keyClick(pane.filter, ch)))
        out["filter_clear"].append(timed(pane.filter.clear))
        # One edit as a user makes it: the service call, its undo step, the tables refreshed.
        model = window.claims_model  # type: ignore[attr-defined]
        for status in ("corroborated", "disputed"):
            row = model.row_at(0)
            out["edit"].append(timed(lambda m=model, r=row, s=status: m.commit_edit(r, "status", s)))
    return out


def annotate(window: object, rounds: int) -> dict[str, list[float]]:
    """Add one mention to the source shown, as the E key does: incremental, then the old
    full refresh (every span re-read and re-placed, the tables reloaded) as the baseline."""
    import re

    import desktop.ui.main_window as main_window
    from desktop.services import entities

    controller = window.controller  # type: ignore[attr-defined]
    source_uid = window.reader.source_uid  # type: ignore[attr-defined]
    text = controller.source_text(source_uid)
    taken = {(s.row.start, s.row.end) for s in window.reader.view.highlighter.spans}  # type: ignore[attr-defined]
    words = [(m.start(), m.end()) for m in re.finditer(r"\b[a-z]{5,}\b", text)
             if (m.start(), m.end()) not in taken]
    entity = window.entities_model.row_at(0)  # type: ignore[attr-defined]
    out: dict[str, list[float]] = {"incremental": [], "full": []}
    real = main_window.annotation_refresh
    for mode in ("incremental", "full"):
        main_window.annotation_refresh = real if mode == "incremental" else (lambda c: None)  # type: ignore[assignment]
        for _ in range(rounds):
            start, end = words.pop()

            def add(s: int = start, e: int = end) -> None:
                controller.perform(lambda: entities.add_mention(
                    controller.ctx, entity.uid, source_uid, s, e, learn_alias=False))
                window.reader.view.viewport().repaint()  # type: ignore[attr-defined]

            out[mode].append(timed(add))
    main_window.annotation_refresh = real
    out["spans"] = [float(len(window.reader.view.highlighter.spans))]  # type: ignore[attr-defined]
    return out


def _time_calls(module_name: str, name: str) -> list[float]:
    """Record how long each call of module.name takes (to split the opening time up)."""
    import importlib

    module = importlib.import_module(module_name)
    original = getattr(module, name)
    seconds: list[float] = []

    def timed_call(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - start)

    setattr(module, name, timed_call)
    return seconds


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    rounds = int(argv[argv.index("--interact") + 1]) if "--interact" in argv else 0
    pin_singletons()  # sorting and filtering make many void calls; see gui_support
    make_app()
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    settle()
    validating = _time_calls("db.engine", "inspect_file")
    rss_before = psutil.Process().memory_info().rss
    start = time.perf_counter()
    cpu = time.process_time()
    if not window.open_path(path):
        raise SystemExit("the project did not open")
    while not tables_populated(window):
        settle(1)
    settle()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu
    rss = psutil.Process().memory_info().rss
    loader = window.table_loader
    while loader is not None and loader.loading:  # the rest of the rows, read by a worker
        settle(1)
    tables_full = time.perf_counter() - start
    result: dict[str, object] = {
        "open_s": seconds, "open_cpu_s": cpu_seconds, "rss_mb": rss / 2**20,
        "validate_s": sum(validating),
        "rss_before_mb": rss_before / 2**20,
        "rows": {name: len(getattr(window, f"{name}_model").all_rows())
                 for name in ("sources", "entities", "claims", "implications")},
    }
    result["tables_full_s"] = tables_full
    result["structural_only"] = bool(window.controller.ctx.db.report
                                     and window.controller.ctx.db.report.structural_only)
    if "--annotate" in argv:
        result["annotate"] = annotate(window, int(argv[argv.index("--annotate") + 1]))
    if rounds:
        result["interact"] = interact(window, rounds)
        result["filter_keystroke_median"] = statistics.median(
            result["interact"]["filter_keystroke"])  # type: ignore[index]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if "--close" in argv:  # close cleanly (not timed), so the next run opens a known file
        window.detach()
    print(json.dumps(result), flush=True)
    os._exit(0)  # tearing down is not measured, and PySide's teardown is slow and fragile


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
