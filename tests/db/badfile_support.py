"""What the bad-file corpus is made of: expectations, the base project, editing helpers.

The cases themselves live in ``badfile_cases_files`` (bytes, journals, locks,
paths) and ``badfile_cases_schema`` (schema and stored values); ``badfiles`` is
the module other tests import.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path
from typing import NamedTuple

from db.errors import ProjectFileError

REPO_ROOT = Path(__file__).resolve().parents[2]
HOLD_SCRIPT = Path(__file__).with_name("hold_file.py")
HOLDER_NAME = "Bob Holder"
MARKER_ENTITY = "Marker Entity"  # present in every case built from the base project
WAL_ENTITY = "Written before the crash"


class Outcome(Enum):
    REJECTED = "rejected"  # opening raises ``error``; nothing is written
    OPENS = "opens"  # opens for editing
    READ_ONLY = "read-only"  # opens, but read-only, with a warning
    LOCKED = "locked"  # refused while another process holds it


class Holder(Enum):
    EXCLUSIVE = "exclusive"
    WRITE = "write"
    WRITER_LOCK = "writer-lock"


@dataclass(frozen=True)
class Expectation:
    outcome: Outcome
    says: str  # word(s) the error or warning must contain, lower case
    error: type[ProjectFileError] | None = None
    check_ok: bool = True  # does `dossier check` pass (exit 0)?
    holder: Holder | None = None
    must_contain: str = ""  # an entity that must be there once open


class BadFile(NamedTuple):
    name: str
    path: Path
    expect: Expectation


def rejected(error: type[ProjectFileError], says: str) -> Expectation:
    return Expectation(Outcome.REJECTED, says, error, check_ok=False)


def fingerprint(path: Path) -> tuple[object, ...]:
    """SHA-256, size and mtime of the file and of a non-empty -wal beside it.

    SQLite's readers may create an empty -wal and a -shm (shared memory, no data)
    next to a WAL-mode file; those hold nothing of the project, so they do not count.
    """
    if not path.exists():
        return ("absent",)
    if not path.is_file():
        st = path.stat()
        return ("not-a-file", st.st_mode, st.st_mtime_ns)
    parts: list[object] = []
    for item in (path, path.with_name(path.name + "-wal")):
        if item.is_file() and (item == path or item.stat().st_size):
            st = item.stat()
            parts += [hashlib.sha256(item.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns]
    return tuple(parts)


# ---------------------------------------------------------------- the base project


@cache
def base_project_bytes() -> bytes:
    """A small, valid project built through the services (one of everything)."""
    from db.models.vocab import SupportRelation
    from desktop.core.context import new_project
    from desktop.core.identity import AnalystIdentity
    from desktop.ingest.document import ImportedDocument
    from desktop.services import claims, entities, implications, sources

    me = AnalystIdentity("0190a000-0000-7000-8000-00000000ada0", "Ada Analyst", "AA")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base.dossier"
        text = "The ministry said the convoy left Odesa on Monday. Officials denied it."
        with new_project(path, "Base project", analyst=me) as ctx:
            source = sources.add_source(ctx, ImportedDocument(text=text, title="Report"))
            suid = str(source.primary_uid)
            ent = entities.create_entity_with_mention(ctx, MARKER_ENTITY, "ORGANIZATION", suid,
                                                      4, 12)
            claim = claims.create_claim(ctx, claims.ClaimDraft(
                "The convoy left Odesa on Monday.", suid, 0, 50,
                claimant_uid=str(ent.primary_uid)))
            judgement = implications.create_implication(
                ctx, implications.ImplicationDraft("Movement is likely."))
            implications.link_claim(ctx, str(claim.primary_uid), str(judgement.primary_uid),
                                    SupportRelation.SUPPORTS)
        return path.read_bytes()


def write_base(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base_project_bytes())
    return path


def edit(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Change a file with plain SQLite, as another tool (or an attacker) would."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for sql in statements:
            conn.execute(sql, params) if "?" in sql else conn.execute(sql)
    finally:
        conn.close()


def random_bytes(size: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(size)


def page_of(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def recreate_tag_table(path: Path, colour_clause: str) -> None:
    """Rebuild table ``tag`` with one clause of the column ``colour`` changed."""
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name='tag'").fetchone()[0]
    conn.close()
    old = "colour VARCHAR(16) NOT NULL"
    assert old in sql, sql
    edit(path, "DROP TABLE tag", sql.replace(old, f"colour VARCHAR(16) NOT NULL {colour_clause}"))


# ---------------------------------------------------------------- the registry

Builder = Callable[[Path], Path]
CASES: dict[str, tuple[Builder, Expectation]] = {}


def case(name: str, expect: Expectation) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        CASES[name] = (build, expect)
        return build
    return register
