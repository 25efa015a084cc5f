"""Child process: start Dossier the way ``dossier PROJECT`` does; say "ready" once it is usable.

Ready means the main window is shown and its four tables hold the project's rows,
after one more turn of the event loop (so the first paint is done). The parent
times from spawning this process to reading the line; the process then exits
without tearing down, as that is not part of starting.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def main(project: str) -> int:
    from PySide6.QtCore import QTimer

    from desktop.ui.application import launch, make_app
    from tests.benchmarks.gui_support import tables_populated

    app = make_app([sys.argv[0]])
    started = launch([project])
    if started is None:
        raise SystemExit("another Dossier window took the project")
    window = started.window

    def done() -> None:
        print(json.dumps({"ready_process_s": time.process_time()}), flush=True)
        started.server.stop()  # its socket file would outlive the quick exit below
        os._exit(0)

    def check() -> None:
        if window.isVisible() and tables_populated(window):
            QTimer.singleShot(0, done)
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
