"""What each side holds of a row's history: its current version and its kept past versions.

"B's version descends from A's" is decided only here, by version ids: A's id
is among the versions B's copy holds for that row (its current version and
the past ones it kept). Ids are content-derived (``db.versioning``), so a copy
cannot list a version it never had.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import RowVersion
from db.versioning import version_hash

Row = dict[str, Any]
# (table, row uid) -> {version id: the version's portable data}
History = dict[tuple[str, str], dict[str, Row]]


@dataclass
class Holdings:
    """One side's past versions, looked up row by row (and cached)."""

    lookup: Callable[[str, str], dict[str, Row]]
    _cache: History = field(default_factory=dict)

    def past(self, table: str, uid: str) -> dict[str, Row]:
        key = (table, uid)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.lookup(table, uid)
        return found

    def held(self, table: str, row: Mapping[str, Any]) -> set[str]:
        return {str(row["version_id"]), *self.past(table, str(row["uid"]))}

    def data(self, table: str, row: Mapping[str, Any], version: str) -> Row | None:
        if version == row.get("version_id"):
            return dict(row)
        return self.past(table, str(row["uid"])).get(version)


def session_holdings(session: Session) -> Holdings:
    def lookup(table: str, uid: str) -> dict[str, Row]:
        rows = session.execute(
            select(RowVersion.version_id, RowVersion.data)
            .where(RowVersion.row_uid == uid, RowVersion.table_name == table)
        ).all()
        return {str(v): {**dict(d), "version_id": str(v)} for v, d in rows
                if isinstance(d, dict)}
    return Holdings(lookup)


def mapping_holdings(history: History) -> Holdings:
    return Holdings(lambda table, uid: history.get((table, uid), {}))


def verified(table: str, uid: str, version: str, data: Any) -> Row | None:
    """The history entry as a row, or None when it is not what its id says."""
    if not isinstance(data, dict) or data.get("uid") != uid:
        return None
    row = {**data, "version_id": version}
    return row if version_hash(table, row) == version else None


def common_base(table: str, mine: Mapping[str, Any], theirs: Mapping[str, Any],
                local: Holdings, peer: Holdings) -> Row | None:
    """The latest version both sides hold (by clock stamp), with its data, or None."""
    shared = local.held(table, mine) & peer.held(table, theirs)
    best: Row | None = None
    for version in shared:
        data = local.data(table, mine, version) or peer.data(table, theirs, version)
        if data is None:
            continue
        key = (int(data.get("hlc") or 0), version)
        if best is None or key > (int(best.get("hlc") or 0), str(best["version_id"])):
            best = data
    return best
