"""The guarded helper: stalls are stopped, crashes are contained, the network is shut."""

from __future__ import annotations

import os
import socket
import time

import pytest

from desktop.ingest import guard
from desktop.ingest.document import ImportCancelledError, ImportError_, ParserTimeoutError
from desktop.ingest.html_page import parse_html


def test_a_reader_that_never_finishes_is_stopped_at_its_time_limit():
    # time.sleep stands in for a parser stuck on a hostile file, inside the helper.
    with pytest.raises(ParserTimeoutError) as err:
        guard.run_guarded(time.sleep, 3600, timeout=0.5, name="stall.pdf")
    assert str(err.value).startswith("stall.pdf: reading took longer than 0.5 seconds")
    # A fresh helper serves the next file.
    page = ("<html><body><article><h1>Ferry closed</h1>"
            + "".join(f"<p>Paragraph {n}: the crossing stayed closed on day {n} of the month, "
                      "officials said, and fuel deliveries took two extra days.</p>"
                      for n in range(1, 8))
            + "</article></body></html>").encode()
    doc = guard.run_guarded(parse_html, page, "next.html", timeout=60, name="next.html")
    assert "Paragraph 7: the crossing stayed closed" in doc.text


def test_a_reader_that_crashes_the_helper_gives_a_one_line_error():
    with pytest.raises(ImportError_) as err:
        guard.run_guarded(os._exit, 3, timeout=60, name="crash.docx")
    assert str(err.value).startswith("crash.docx: the document reader stopped unexpectedly")
    assert guard.run_guarded(len, "still alive", timeout=60, name="x") == 11


def test_the_helper_cannot_open_network_connections():
    with pytest.raises(ImportError_, match=r"network access is disabled"):
        guard.run_guarded(socket.create_connection, ("127.0.0.1", 9), timeout=60,
                          name="phone-home.html")


def test_an_unexpected_reader_error_names_the_file():
    with pytest.raises(ImportError_, match=r"^odd.pdf: could not be read \(ZeroDivisionError"):
        guard.run_guarded(divmod, 1, 0, timeout=60, name="odd.pdf")


def test_cancelling_during_a_long_read_stops_the_helper_at_once():
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) >= 3

    with pytest.raises(ImportCancelledError, match=r"^slow.pdf: import cancelled"):
        guard.run_guarded(time.sleep, 3600, timeout=3600, name="slow.pdf", cancelled=cancelled)
    assert guard.run_guarded(len, "next", timeout=60, name="x") == 4
