"""Write a merge's decided rows and kept past versions into the open project.

Rows are written exactly as decided, stamps and version ids included: a
version brought in from a colleague keeps its author, clock stamp and id,
which is what lets every copy recognise it later. That is why this bypasses
``Recorder`` (which would make every row a new local version); the
``Changes`` it returns are still in Recorder's snapshot form so views
refresh as after any other action. Parents are written before children.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from db.models import RowVersion
from desktop.core.changes import RowChange
from desktop.core.versions import prune_history
from desktop.sharing.errors import SharingError
from desktop.sharing.portable import (
    SPEC_BY_NAME,
    SPECS,
    IdMaps,
    Row,
    change_snapshot,
    column_values,
)
from desktop.sharing.reconcile import Draft

_CHUNK = 500


def _values(spec_name: str, row: Row, ids: IdMaps) -> dict[str, Any]:
    try:
        return column_values(SPEC_BY_NAME[spec_name], row, ids)
    except KeyError as err:
        raise SharingError(
            f"A {spec_name.replace('_', ' ')} in the other file refers to a row that neither "
            f"project has ({err}); nothing was merged."
        ) from None


def write_drafts(session: Session, drafts: Mapping[tuple[str, str], Draft], ids: IdMaps
                 ) -> tuple[RowChange, ...]:
    """Insert new rows and update changed ones, table by table, parents first."""
    changes: list[RowChange] = []
    by_table: dict[str, list[Draft]] = {}
    for (table, _uid), draft in sorted(drafts.items()):
        by_table.setdefault(table, []).append(draft)
    for spec in SPECS:
        items = by_table.get(spec.name, [])
        new_rows = [d.row for d in items if d.base_row is None]
        if new_rows:
            session.execute(insert(spec.table), [_values(spec.name, r, ids) for r in new_rows])
            known = ids.setdefault(spec.name, {})
            uids = [r["uid"] for r in new_rows]
            for start in range(0, len(uids), _CHUNK):
                chunk = uids[start:start + _CHUNK]
                known.update((r[0], r[1]) for r in session.execute(
                    select(spec.table.c.uid, spec.table.c.id).where(spec.table.c.uid.in_(chunk))
                ))
            changes.extend(RowChange(spec.name, r["uid"], None, change_snapshot(spec, r, ids))
                           for r in new_rows)
        changed = [d for d in items if d.base_row is not None]
        if changed:
            stmt = update(spec.table).where(spec.table.c.id == bindparam("row_id_")).values(
                {c: bindparam(f"v_{c}", type_=spec.table.c[c].type) for c in spec.columns}
            )
            params = []
            for draft in changed:
                uid = str(draft.row["uid"])
                values = _values(spec.name, draft.row, ids)
                params.append({"row_id_": ids[spec.name][uid],
                               **{f"v_{c}": v for c, v in values.items()}})
                assert draft.base_row is not None
                changes.append(RowChange(spec.name, uid,
                                         change_snapshot(spec, draft.base_row, ids),
                                         change_snapshot(spec, draft.row, ids)))
            session.execute(stmt, params)
    return tuple(changes)


def keep_history(session: Session, entries: Iterable[tuple[str, Row]]) -> int:
    """Store past versions (each verified by its id before it got here); prune per row."""
    params = []
    rows: set[tuple[str, str]] = set()
    seen: set[str] = set()
    for table, data in entries:
        version = str(data["version_id"])
        if not version or version in seen:
            continue
        seen.add(version)
        rows.add((table, str(data["uid"])))
        params.append({
            "table_name": table, "row_uid": str(data["uid"]), "version_id": version,
            "parent_version": str(data.get("parent_version") or ""),
            "merge_parent": str(data.get("merge_parent") or ""),
            "replica_id": str(data.get("replica_id") or ""), "hlc": int(data.get("hlc") or 0),
            "data": {k: v for k, v in data.items() if k != "version_id"},
        })
    for start in range(0, len(params), _CHUNK):
        session.execute(insert(RowVersion).prefix_with("OR IGNORE"), params[start:start + _CHUNK])
    for table, uid in sorted(rows):
        prune_history(session, table, uid)
    return len(params)
