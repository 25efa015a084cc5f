"""Hold a project file the way another program would, until stdin closes.

    python hold_file.py exclusive PATH     # BEGIN EXCLUSIVE (readers and writers get "busy")
    python hold_file.py write PATH         # BEGIN IMMEDIATE with a pending change (writers wait)
    python hold_file.py writer-lock PATH NAME   # Dossier's own writer lock, as analyst NAME

Prints "ready" once the hold is in place, so the test never has to guess with a sleep.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    kind, path = argv[0], Path(argv[1])
    if kind == "writer-lock":
        sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
        from db.lock import WriterLock

        lock = WriterLock(path, argv[2])
        lock.acquire()
        print("ready", flush=True)
        sys.stdin.read()
        lock.release()
        return 0
    conn = sqlite3.connect(path, isolation_level=None)
    if kind == "exclusive":
        conn.execute("BEGIN EXCLUSIVE")
    else:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE project SET description = description || ' (held)'")
    print("ready", flush=True)
    sys.stdin.read()
    conn.execute("ROLLBACK")
    conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
