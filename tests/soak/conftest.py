"""The soak run (`make soak`): long versions of the reliability tests and their one-line tally."""

from __future__ import annotations

import os
from collections import Counter

import pytest

TALLY: Counter[str] = Counter()

SOAK = os.environ.get("DOSSIER_SOAK") == "1"


@pytest.fixture
def tally() -> Counter[str]:
    return TALLY


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SOAK:
        return
    skip = pytest.mark.skip(reason="soak tests run only from `make soak` (DOSSIER_SOAK=1)")
    for item in items:
        item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SOAK:
        terminalreporter.write_line(
            f"rounds {TALLY['rounds']}, mutants {TALLY['mutants']}, "
            f"hostile files {TALLY['hostile']}, lost {TALLY['lost']}"
        )
