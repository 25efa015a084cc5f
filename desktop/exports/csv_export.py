"""The project as a folder of CSV files, one per table, for spreadsheets and scripts.

``write(ctx, folder)`` creates ``folder`` (its parent must exist) and writes one
file per listed kind of the registry (``sources.csv``, ``entities.csv``, ``claims.csv``,
``implications.csv``, ``links.csv``, ``events.csv``, ``relations.csv``): every live row, suggestions included (see the ``review_state``
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
from pathlib import Path
from typing import Any

from desktop.core.errors import InvalidInputError
from desktop.core.kinds import LISTED

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TABLES = tuple(k.listing.name for k in LISTED if k.listing is not None)


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
        return {k.listing.name: [k.listing.as_dict(r) for r in k.listing.rows(session, True)]
                for k in LISTED if k.listing is not None}


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


_EMPTY_HEADERS = {k.listing.name: k.listing.columns for k in LISTED if k.listing is not None}


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
