"""``dossier check`` names live rows that point at deleted rows."""

from __future__ import annotations

import sqlite3

from desktop.cli import main
from tests.sharing.conftest import fresh_ancestor


def test_check_fails_and_names_a_live_row_pointing_at_a_deleted_one(tmp_path, capsys):
    origin = fresh_ancestor(tmp_path / "p.dossier")
    assert main(["check", str(origin.path)]) == 0
    conn = sqlite3.connect(origin.path)
    with conn:  # another tool deletes the entity but leaves its mention
        conn.execute("UPDATE entity SET deleted_at = '2026-01-01T00:00:00.000000Z' "
                     "WHERE uid = ?", (origin.entities[0],))
    conn.close()
    capsys.readouterr()
    assert main(["check", str(origin.path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "mention" in err and origin.entities[0] in err
