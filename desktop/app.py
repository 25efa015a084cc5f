"""Entry point for the GUI (imports Qt only when the GUI is asked for)."""

from __future__ import annotations

from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from desktop.ui.application import main

    return main(list(argv))
