"""The project as a folder of CSV files, one per table, for spreadsheets and scripts.

``write(ctx, folder)`` creates ``folder`` (its parent must exist) and writes
``sources.csv``, ``entities.csv``, ``claims.csv``, ``implications.csv`` and
``links.csv``: every live row, suggestions included (see the ``review_state``
column), in the same order as ``dossier list``. Files are UTF-8 with a byte-order
mark so spreadsheet programs detect the encoding; lists (aliases) are joined with
"; ". A cell that a spreadsheet would run as a formula (starting with = + - @, a tab
or a carriage return) gets a leading apostrophe, so opening an export of hostile
source text cannot execute anything.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from db.repository import queries
from desktop.core.errors import InvalidInputError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TABLES = ("sources", "entities", "claims", "implications", "links")


def safe_cell(value: Any) -> Any:
    """``value`` as a CSV cell that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = "; ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _rows(ctx: Any) -> dict[str, list[dict[str, Any]]]:
    with ctx.reading() as session:
        claims = []
        for row in queries.list_claims(session):
            data = asdict(row)
            data["grade"] = row.grade
            claims.append(data)
        return {
            "sources": [asdict(r) for r in queries.list_sources(session)],
            "entities": [asdict(r) for r in queries.list_entities(session)],
            "claims": claims,
            "implications": [asdict(r) for r in queries.list_implications(session)],
            "links": [asdict(r) for r in queries.list_supports(session)],
        }


def _write_table(path: Path, rows: Sequence[dict[str, Any]], empty_header: Iterable[str]) -> None:
    header = list(rows[0]) if rows else list(empty_header)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow([safe_cell(row.get(key)) for key in header])
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


_EMPTY_HEADERS = {
    "sources": ("id", "uid", "title", "kind", "author", "publisher", "published_at", "url",
                "language", "reliability", "original_filename", "content_sha256", "chars"),
    "entities": ("id", "uid", "name", "type", "aliases", "description", "mentions", "sources",
                 "review_state"),
    "claims": ("id", "uid", "statement", "claimant_uid", "claimant_name", "attribution",
               "source_uid", "source_title", "reliability", "credibility", "status", "grade"),
    "implications": ("id", "uid", "kind", "text", "likelihood", "confidence", "rationale",
                     "rank"),
    "links": ("uid", "claim_uid", "implication_uid", "relation", "weight", "note"),
}


def write(ctx: Any, out: Path) -> str:
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InvalidInputError(
            f"{folder} is a file; the CSV export writes a folder of files, so give a folder name.")
    folder.mkdir(exist_ok=True)
    tables = _rows(ctx)
    for name in TABLES:
        _write_table(folder / f"{name}.csv", tables[name], _EMPTY_HEADERS[name])
    counts = ", ".join(f"{len(tables[name])} {name}" for name in TABLES)
    return f"wrote {len(TABLES)} CSV files to {folder}: {counts}"
