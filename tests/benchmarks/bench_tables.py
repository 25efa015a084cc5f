"""A claims table of 100,000 rows: load, sort, filter as you type, scroll to the end.

The real ClaimsModel and TablePane (model, filter proxy, view) run over generated
ClaimRow values; the controller behind them is a stand-in, since nothing here
writes. Baselines are the same work in plain Python (sorting and filtering the
row list) and, for scrolling, a bare QTableView over a minimal Python model.
"""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from db.repository.rows import ClaimRow
from tests.benchmarks.gui_support import scroll_to_end, settle, timed
from tests.benchmarks.harness import Result, Target
from tests.benchmarks.projects import _FIRST, _LAST, _WORDS

ROWS = 100_000
TYPED = "drone"
STATEMENT, CREDIBILITY = 0, 3


class _Context:
    read_only = False


class _Controller:
    """Enough of ProjectController for a table that is only read."""

    ctx = _Context()

    def analyst_names(self) -> dict[str, str]:
        return {"a1": "Bench Analyst"}

    def perform(self, action: Any) -> None:
        return None


def claim_rows(count: int, seed: int = 5) -> list[ClaimRow]:
    rng = random.Random(seed)
    statuses = ["unassessed", "reported", "corroborated", "disputed", "refuted"]
    rows = []
    for n in range(count):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 20)))
        who = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.7 else ""
        rows.append(ClaimRow(
            id=n + 1, uid=f"claim-{n:06d}", statement=words.capitalize() + ".",
            claimant_uid=f"entity-{rng.randrange(5000)}" if who else None, claimant_name=who,
            attribution=rng.choice(["", "officials say"]), source_uid=f"source-{n % 1000}",
            source_title=f"Report {n % 1000 + 1}", reliability=rng.choice("ABCDEF"),
            credibility=rng.randint(1, 6), status=rng.choice(statuses), notes="",
            review_state="accepted", start=0, end=10, implications=rng.randint(0, 3),
            created_by="a1",
        ))
    return rows


class _PlainModel(QAbstractTableModel):
    """The least a Python table model can do: every row at once, display text only."""

    def __init__(self, rows: list[ClaimRow]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 9

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()].statement if index.column() == 0 else "x"
        return None


def run(runs: int) -> list[Result]:
    from desktop.ui.delegates import FieldDelegate
    from desktop.ui.table_models import ClaimsModel
    from desktop.ui.table_pane import TablePane

    rows = claim_rows(ROWS)
    model = ClaimsModel(_Controller())  # type: ignore[arg-type]
    pane = TablePane("Claims", model, FieldDelegate(), [280, 140, 48, 160, 96, 120, 150, 44, 100])
    pane.resize(1200, 800)
    pane.show()
    settle()
    view = pane.view
    load, sort_text, sort_number, cold_key, warm_key, all_keys, clear, scroll, warm_up = (
        [] for _ in range(9))

    def type_filter() -> float:
        pane.filter.setFocus()
        keys = [timed(lambda ch=ch: QTest.keyClick(pane.filter, ch)) for ch in TYPED]
        all_keys.extend(keys)
        clear.append(timed(pane.filter.clear))
        return max(keys)

    for n in range(runs):
        model.set_rows([])
        settle()
        # Typing at once, before the texts were cached in idle time ...
        load.append(timed(lambda: model.set_rows(list(rows))))
        scroll.append(timed(lambda: scroll_to_end(view)))
        view.scrollToTop()
        cold_key.append(type_filter())
        # ... and a moment later, as a reader who looks before typing would.
        model.set_rows([])
        settle()
        model.set_rows(list(rows))
        warm_up.append(timed(lambda: _idle_until(lambda: not pane.proxy.warming())))
        warm_key.append(type_filter())
        order = Qt.SortOrder.DescendingOrder if n % 2 else Qt.SortOrder.AscendingOrder
        sort_text.append(timed(lambda o=order: view.sortByColumn(STATEMENT, o)))
        sort_number.append(timed(lambda o=order: view.sortByColumn(CREDIBILITY, o)))
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        settle()
    pane.close()

    texts = [r.statement.casefold() for r in rows]
    base_sort = [_clock(lambda: sorted(rows, key=lambda r: r.statement.casefold()))
                 for _ in range(runs)]
    base_sort_number = [_clock(lambda: sorted(rows, key=lambda r: r.credibility))
                        for _ in range(runs)]
    base_filter = [_clock(lambda: [r for r, t in zip(rows, texts, strict=True) if TYPED[:1] in t])
                   for _ in range(runs)]
    plain = QTableView()
    plain.resize(1200, 800)
    plain.show()
    base_scroll = []
    for _ in range(runs):
        plain.setModel(_PlainModel(rows))
        settle()
        plain.scrollToTop()
        base_scroll.append(timed(plain.scrollToBottom))
    plain.close()

    fast = Target(max_value=0.2)
    note = f"{ROWS:,} claim rows in the real ClaimsModel + TablePane"
    return [
        Result("table 100k: load rows", "s", load, note=note),
        Result("table 100k: sort by text", "s", sort_text, "python sorted()", base_sort, fast),
        Result("table 100k: sort by number", "s", sort_number, "python sorted()",
               base_sort_number, fast),
        Result("table 100k: filter, slowest keystroke", "s", warm_key,
               "python list filter", base_filter, fast,
               note=f"typing {TYPED!r} after the idle-time caching "
                    f"({statistics.median(warm_up) * 1000:.0f} ms of idle work); median "
                    f"keystroke {statistics.median(all_keys) * 1000:.0f} ms"),
        Result("table 100k: filter typed at once", "s", cold_key, "python list filter",
               base_filter, note="slowest keystroke when typing right after loading"),
        Result("table 100k: clear filter", "s", clear, target=fast),
        Result("table 100k: scroll to end", "s", scroll, "bare QTableView", base_scroll,
               Target(max_value=0.2)),
    ]


def _idle_until(done: Any) -> None:
    while not done():
        settle(1)


def _clock(func: Any) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start
