"""Write a merge's result into the open project, parents before children.

Merged rows are written exactly as decided, stamps included: a version
brought in from a colleague keeps its author, time and revision, which is
what lets every copy recognise it later. That is why this bypasses
``Recorder`` (which would restamp every row as the local analyst's edit);
the ``Changes`` it returns are still built in Recorder's snapshot form so
views refresh as after any other action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from desktop.core.changes import RowChange
from desktop.sharing.errors import SharingError
from desktop.sharing.portable import (
    SPEC_BY_NAME,
    SPECS,
    Dataset,
    IdMaps,
    Row,
    change_snapshot,
    column_values,
)

_CHUNK = 500


@dataclass(frozen=True)
class RowDiff:
    inserts: dict[str, list[Row]] = field(default_factory=dict)
    updates: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.inserts.values()) or any(self.updates.values())


def diff_rows(local: Dataset, merged: Dataset) -> RowDiff:
    """Rows to add and rows whose stored form changes (content, stamps or references)."""
    diff = RowDiff()
    for spec in SPECS:
        mine = local.get(spec.name, {})
        for uid, row in merged.get(spec.name, {}).items():
            current = mine.get(uid)
            if current is None:
                diff.inserts.setdefault(spec.name, []).append(row)
            elif current != row:
                diff.updates.setdefault(spec.name, []).append((uid, row))
    return diff


def _values(spec_name: str, row: Row, ids: IdMaps) -> dict[str, Any]:
    try:
        return column_values(SPEC_BY_NAME[spec_name], row, ids)
    except KeyError as err:
        raise SharingError(
            f"A {spec_name.replace('_', ' ')} in the other file refers to a row that neither "
            f"project has ({err}); nothing was merged."
        ) from None


def write_rows(session: Session, diff: RowDiff, local: Dataset, ids: IdMaps,
               insert_extra: Mapping[str, Any]) -> tuple[RowChange, ...]:
    """Apply ``diff``; ``insert_extra`` fills local-only columns of new conflict records."""
    changes: list[RowChange] = []
    for spec in SPECS:
        table = spec.table
        new_rows = diff.inserts.get(spec.name, [])
        if new_rows:
            extra = {k: v for k, v in insert_extra.items() if k in table.c}
            session.execute(insert(table), [{**_values(spec.name, r, ids), **extra}
                                            for r in new_rows])
            known = ids.setdefault(spec.name, {})
            uids = [r["uid"] for r in new_rows]
            for start in range(0, len(uids), _CHUNK):
                chunk = uids[start:start + _CHUNK]
                known.update((r[0], r[1]) for r in session.execute(
                    select(table.c.uid, table.c.id).where(table.c.uid.in_(chunk))
                ))
            changes.extend(RowChange(spec.name, r["uid"], None, change_snapshot(spec, r, ids))
                           for r in new_rows)
        changed = diff.updates.get(spec.name, [])
        if changed:
            stmt = update(table).where(table.c.id == bindparam("row_id_")).values(
                {c: bindparam(f"v_{c}", type_=table.c[c].type) for c in spec.columns}
            )
            params = []
            for uid, row in changed:
                values = _values(spec.name, row, ids)
                params.append({"row_id_": ids[spec.name][uid],
                               **{f"v_{c}": v for c, v in values.items()}})
                changes.append(RowChange(spec.name, uid,
                                         change_snapshot(spec, local[spec.name][uid], ids),
                                         change_snapshot(spec, row, ids)))
            session.execute(stmt, params)
    return tuple(changes)
