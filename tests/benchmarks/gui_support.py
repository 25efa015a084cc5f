"""Small Qt helpers shared by the GUI benchmarks (run inside a QApplication)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication


def settle(rounds: int = 3) -> None:
    """Run pending events (layout, paint) so a timing includes what the user waits for."""
    for _ in range(rounds):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        QApplication.sendPostedEvents()


def timed(func: Callable[[], Any]) -> float:
    """Seconds for ``func()`` plus the events it leaves behind."""
    start = time.perf_counter()
    func()
    settle()
    return time.perf_counter() - start


def tables_populated(window: Any) -> bool:
    models = ("sources_model", "entities_model", "claims_model", "implications_model")
    if window.controller is None or not all(hasattr(window, m) for m in models):
        return False
    return all(getattr(window, m).rowCount() > 0 for m in models)


def scroll_to_end(view: Any) -> int:
    """Scroll a lazily loaded table to its last row, as holding End would; returns batches."""
    model = view.model()
    batches = 0
    while True:
        view.scrollToBottom()
        settle(1)
        if not model.canFetchMore(view.rootIndex()):
            break
        model.fetchMore(view.rootIndex())
        batches += 1
    view.scrollToBottom()
    settle(1)
    return batches


def pin_singletons() -> None:
    """Keep None, True and False alive whatever PySide does to their reference counts.

    PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a
    C++ method returning void (setText, setFormat...), so a long or busy session
    ends in "Fatal Python error: none_dealloc". Benchmarks make that many calls
    on purpose; this gives the singletons the immortality CPython 3.12 gives
    them, so the numbers can be taken. See docs/performance.md.
    """
    import ctypes
    import sys

    if sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


def none_leak_per_void_call() -> int:
    """References to None PySide loses per void method call (0 when healthy)."""
    import sys

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return round((before - sys.getrefcount(None)) / 100)
