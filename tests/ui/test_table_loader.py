"""Tables paint their first rows at once and take the rest from a worker (issue 21)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import entities
from desktop.ui import table_loader


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(table_loader, "FIRST_PAGE", 3)  # the sample's 12 entities: 4 pages


def _open(qtbot, sample_path: Path):  # type: ignore[no-untyped-def]
    from desktop.ui.application import make_app
    from desktop.ui.main_window import MainWindow

    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.open_path(sample_path)
    return win


def test_first_rows_then_all_rows_in_the_tables_own_order(qtbot, sample_path, analyst,  # type: ignore[no-untyped-def]
                                                          small_pages):
    win = _open(qtbot, sample_path)
    loader = win.table_loader
    assert loader.loading  # the rest arrives through the event loop, not before
    assert len(win.entities_model.all_rows()) == 3
    assert "loading the tables" in win.counts_label.text()
    with qtbot.waitSignal(loader.completed, timeout=10000):
        pass
    full = win.controller.entities()
    assert [r.uid for r in win.entities_model.all_rows()] == [r.uid for r in full]
    assert win.entities_model.all_rows() == full  # the counts too, not only the names
    # The counts follow from a worker once the rows are in.
    qtbot.waitUntil(lambda: "loading" not in win.counts_label.text(), timeout=10000)
    assert "12 entities" in win.counts_label.text()
    win.close()


def test_a_change_while_loading_is_not_lost(qtbot, sample_path, analyst, small_pages):  # type: ignore[no-untyped-def]
    win = _open(qtbot, sample_path)
    loader = win.table_loader
    win.controller.perform(lambda: entities.create_entity(win.controller.ctx, "Made while loading",
                                                          "PERSON"))
    if loader.loading:
        with qtbot.waitSignal(loader.completed, timeout=10000):
            pass
    names = {r.name for r in win.entities_model.all_rows()}
    assert "Made while loading" in names and len(names) == 13
    win.close()


def test_closing_while_loading_waits_for_the_reader_and_leaves_the_file_clean(  # type: ignore[no-untyped-def]
        qtbot, sample_path, analyst, small_pages):
    win = _open(qtbot, sample_path)
    win.close()
    assert win.table_loader is None
    wal = Path(str(sample_path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
