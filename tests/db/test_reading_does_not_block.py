"""A reading session (the tables' background load) never holds an edit back."""

from __future__ import annotations

import threading

from sqlalchemy import text

from desktop.services import entities


def test_an_edit_goes_through_while_a_worker_reads(ctx) -> None:  # type: ignore[no-untyped-def]
    entered, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def reader() -> None:
        with ctx.reading() as session:
            seen.append(session.execute(text("SELECT count(*) FROM entity")).scalar_one())
            entered.set()
            release.wait(10)
            # Still the snapshot it began with: the edit below is not half-seen.
            seen.append(session.execute(text("SELECT count(*) FROM entity")).scalar_one())

    thread = threading.Thread(target=reader)
    thread.start()
    assert entered.wait(10)
    try:
        entities.create_entity(ctx, "Written while a worker reads", "PERSON")  # would wait 5 s, then fail
    finally:
        release.set()
        thread.join()
    assert seen == [0, 0]
    with ctx.reading() as session:
        assert session.execute(text("SELECT count(*) FROM entity")).scalar_one() == 1
