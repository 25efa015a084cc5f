"""Byte-flip mutants of a valid project, and the one rule they must obey when opened.

Opening a mutant ends in exactly one of two ways: a project whose every row
loads (and which takes a new write), or a ProjectFileError with one sentence.
Never another exception, never a hang, never a changed input file.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from db import search
from db.engine import inspect_file, open_project_file
from db.errors import ProjectFileError
from db.models import TRACKED_MODELS
from db.repository import queries
from desktop.core.context import open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import entities, implications
from tests.db.badfiles import base_project_bytes, fingerprint

PAGE = 4096
FUZZER = AnalystIdentity("0190a000-0000-7000-8000-0000000f0220", "Fuzz Tester", "FT")


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One mutant of ``data`` and a short description of what was done to it."""
    out = bytearray(data)
    pages = len(data) // PAGE
    how = rng.choice(["flip", "flip", "flip", "header", "page-header", "zero-run", "byte"])
    if how == "flip":  # a few single-bit flips anywhere
        spots = [rng.randrange(len(out)) for _ in range(rng.randint(1, 8))]
        for spot in spots:
            out[spot] ^= 1 << rng.randrange(8)
        return bytes(out), f"flip bits at {spots}"
    if how == "header":  # the 100-byte database header
        spot = rng.randrange(100)
        out[spot] = rng.randrange(256)
        return bytes(out), f"header byte {spot} = {out[spot]}"
    if how == "page-header":  # b-tree page headers: type, freeblocks, cell counts, pointers
        page = rng.randrange(1, pages)
        spot = page * PAGE + rng.randrange(12)
        out[spot] = rng.randrange(256)
        return bytes(out), f"page {page + 1} header byte {spot % PAGE} = {out[spot]}"
    if how == "zero-run":
        start = rng.randrange(len(out))
        length = rng.randint(1, 512)
        out[start:start + length] = bytes(len(out[start:start + length]))
        return bytes(out), f"zero {length} bytes at {start}"
    spot = rng.randrange(len(out))
    out[spot] = rng.randrange(256)
    return bytes(out), f"byte {spot} = {out[spot]}"


@dataclass
class FuzzReport:
    mutants: int = 0
    opened: int = 0
    refused: int = 0
    failures: list[str] = field(default_factory=list)


def _read_everything(path: Path) -> None:
    db = open_project_file(path, read_only=True)
    try:
        with db.reading() as session:
            for model in TRACKED_MODELS:
                session.execute(select(model)).scalars().all()
            queries.list_sources(session)
            queries.list_entities(session)
    finally:
        db.close()


def try_mutant(path: Path) -> str:
    """Open ``path`` the ways the app does; return "opened" or "refused", raise on a bug."""
    before = fingerprint(path)
    try:
        inspect_file(path)
        _read_everything(path)
    except ProjectFileError as err:
        message = str(err)
        assert message and "\n" not in message, f"not one sentence: {message!r}"
        assert fingerprint(path) == before, "refusing the file changed it"
        return "refused"
    assert fingerprint(path) == before, "reading the file changed it"
    # It passed: it must also take new work, like any sound project (on a copy).
    editable = path.with_name("editable-" + path.name)
    shutil.copyfile(path, editable)
    try:
        with open_project(editable, analyst=FUZZER) as ctx:
            entities.create_entity(ctx, "Written to a mutant that passed", "OTHER")
            implications.create_implication(ctx, implications.ImplicationDraft("Findable"))
            with ctx.reading() as session:
                assert search.search(session, "findable"), "the search index lost a new row"
        _read_everything(editable)
    except ProjectFileError as err:  # damage only a write could reach: still a clear refusal
        assert str(err) and "\n" not in str(err)
        return "refused"
    finally:
        editable.unlink(missing_ok=True)
        for extra in ("-wal", "-shm", ".lock"):
            Path(f"{editable}{extra}").unlink(missing_ok=True)
    return "opened"


def fuzz(folder: Path, count: int, seed: int) -> FuzzReport:
    rng = random.Random(seed)
    base = base_project_bytes()

    def mutants() -> Iterator[tuple[str, bytes]]:
        for n in range(count):
            data, how = mutate(base, rng)
            yield f"mutant {n} ({how})", data

    return _try_each(folder, "mutant", mutants())


def _try_each(folder: Path, stem: str, cases: Iterable[tuple[str, bytes]]) -> FuzzReport:
    """Open each damaged file in turn; anything but a sound project or a clear refusal fails."""
    report = FuzzReport()
    for n, (how, data) in enumerate(cases):
        path = folder / f"{stem}-{n}.dossier"
        path.write_bytes(data)
        try:
            outcome = try_mutant(path)
        except Exception as err:  # noqa: BLE001 - any other exception is the bug we look for
            report.failures.append(f"{how}: {type(err).__name__}: {err}")
        else:
            report.opened += outcome == "opened"
            report.refused += outcome == "refused"
        report.mutants += 1
        path.unlink()
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    return report


def hostile_variants(rng: random.Random) -> list[tuple[str, bytes]]:
    """Structured damage beyond single flips: every truncation point, torn pages, pages
    swapped or duplicated, and garbage behind a genuine header."""
    base = base_project_bytes()
    pages = len(base) // PAGE
    found: list[tuple[str, bytes]] = []
    for page in range(1, pages):
        found.append((f"truncated after page {page}", base[: page * PAGE]))
        found.append((f"torn inside page {page + 1}", base[: page * PAGE + rng.randrange(PAGE)]))
    for _ in range(pages):
        a, b = sorted(rng.sample(range(1, pages), 2))
        swapped = bytearray(base)
        swapped[a * PAGE:(a + 1) * PAGE], swapped[b * PAGE:(b + 1) * PAGE] = (
            base[b * PAGE:(b + 1) * PAGE], base[a * PAGE:(a + 1) * PAGE])
        found.append((f"pages {a + 1} and {b + 1} swapped", bytes(swapped)))
        copied = bytearray(base)
        copied[b * PAGE:(b + 1) * PAGE] = base[a * PAGE:(a + 1) * PAGE]
        found.append((f"page {a + 1} written over page {b + 1}", bytes(copied)))
    for n in range(pages):
        found.append((f"genuine header, garbage body #{n}",
                      base[:100] + rng.randbytes(len(base) - 100)))
    return found


def try_hostile_variants(folder: Path, seed: int) -> FuzzReport:
    return _try_each(folder, "hostile", hostile_variants(random.Random(seed)))
