"""Child process, the baseline: the least PySide6 app, an empty QMainWindow shown."""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1440, 900)
    window.show()

    def done() -> None:
        print(json.dumps({"ready_process_s": time.process_time()}), flush=True)
        os._exit(0)

    QTimer.singleShot(0, done)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
