"""Entry points that are not subcommands: the GUI, the self-test and the reader helper.

``main`` is what the frozen build runs (packaging/dossier_main.py): it must also serve
as the guarded reader helper when started with its flag (a frozen app has no separate
Python to run the helper with), and run the self-test, before anything imports Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from desktop.ui.application import main

    return main(list(argv))


# The two flags, spelled here so that a plain start imports neither module
# (tests/cli/test_cli_imports.py checks they match the modules' own constants).
READER_HELPER_FLAG = "--dossier-reader-helper"
SELF_TEST_FLAG = "--self-test"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [READER_HELPER_FLAG]:
        from desktop.ingest.reader_helper import run_if_requested

        run_if_requested(args)
        return 0
    if args[:1] == [SELF_TEST_FLAG]:
        from desktop.selftest import main as self_test

        return self_test(args[1:])
    from desktop.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
