"""What a copy of a project has seen of its colleagues' work, kept inside the file.

Merging needs to tell "they changed it after seeing my version" (take theirs)
from "we both changed it" (a conflict). Each file therefore remembers the
versions it has held at every sync point (a copy for sharing, a merge) as
short version ids, plus the duplicate rows it folded together (the same
article imported by two analysts). Both travel with the file and are unioned
on merge, so what one copy learnt reaches the copies that merge it later.

It is stored as one setting row with a fixed uid (the same in every copy), so
no schema change is needed; the merge treats that row as bookkeeping, never
as content.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from db.errors import CorruptProjectError
from db.ids import utc_now
from db.models import Setting
from desktop.sharing.portable import SPEC_BY_NAME, SPECS, Dataset, version_id

SYNC_STATE_KEY = "sharing.sync_state"
SYNC_STATE_UID = str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:dossier:sharing:sync-state"))
_FORMAT = 1


@dataclass(frozen=True)
class SyncState:
    seen: frozenset[str] = frozenset()
    # duplicate row uid -> the uid kept in its place (always the smaller uid)
    aliases: Mapping[str, str] = field(default_factory=dict)

    def union(self, other: SyncState) -> SyncState:
        return SyncState(self.seen | other.seen, normalise_aliases([self.aliases, other.aliases]))

    def to_json(self) -> dict[str, Any]:
        return {"format": _FORMAT, "seen": sorted(self.seen),
                "aliases": dict(sorted(self.aliases.items()))}


def normalise_aliases(maps: Iterable[Mapping[str, str]]) -> dict[str, str]:
    """Join alias pairs into groups; every member points straight at the group's smallest uid.

    The smallest uid is chosen so that every copy, merging in any order, keeps
    the same row.
    """
    parent: dict[str, str] = {}

    def find(uid: str) -> str:
        parent.setdefault(uid, uid)
        while parent[uid] != uid:
            parent[uid] = parent[parent[uid]]
            uid = parent[uid]
        return uid

    for mapping in maps:
        for a, b in mapping.items():
            ra, rb = find(a), find(b)
            if ra != rb:
                low, high = sorted((ra, rb))
                parent[high] = low  # a root is always its group's smallest uid
    return {uid: find(uid) for uid in list(parent) if find(uid) != uid}


def parse_state(value: Any, file_name: str) -> SyncState:
    """Read the stored value, refusing anything that is not what Dossier writes."""
    if value is None:
        return SyncState()
    try:
        if not isinstance(value, dict) or value.get("format") != _FORMAT:
            raise ValueError("unknown format")
        seen = value.get("seen", [])
        aliases = value.get("aliases", {})
        if not isinstance(seen, list) or not all(isinstance(v, str) and len(v) <= 64
                                                 for v in seen):
            raise ValueError("bad version list")
        if not isinstance(aliases, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()
        ):
            raise ValueError("bad duplicate list")
    except ValueError as err:
        raise CorruptProjectError(
            f"{file_name} holds sharing records Dossier cannot read ({err}); it was not merged."
        ) from None
    return SyncState(frozenset(seen), normalise_aliases([aliases]))


def state_in(data: Dataset, file_name: str) -> SyncState:
    row = data.get("setting", {}).get(SYNC_STATE_UID)
    if row is None or row.get("deleted_at") is not None:
        return SyncState()
    return parse_state(row.get("value"), file_name)


def without_state(data: Dataset) -> Dataset:
    """The dataset minus the bookkeeping row, so the merge never treats it as content."""
    settings = {u: r for u, r in data.get("setting", {}).items() if u != SYNC_STATE_UID}
    return {**data, "setting": settings}


def dataset_versions(data: Dataset) -> set[str]:
    return {version_id(table, row) for table, rows in data.items() for row in rows.values()
            if row["uid"] != SYNC_STATE_UID}


def current_versions(session: Session) -> set[str]:
    """Version ids of every row in the open project (cheap: stamps only)."""
    found: set[str] = set()
    for spec in SPECS:
        t = spec.table.c
        for uid, at, by, rev in session.execute(
            select(t.uid, t.updated_at, t.updated_by, t.revision)
        ):
            if uid != SYNC_STATE_UID:
                found.add(version_id(spec.name, {"uid": uid, "updated_at": at,
                                                 "updated_by": by, "revision": rev}))
    return found


def load_state(session: Session, file_name: str) -> SyncState:
    value = session.execute(
        select(Setting.value).where(Setting.uid == SYNC_STATE_UID, Setting.deleted_at.is_(None))
    ).scalar_one_or_none()
    return parse_state(value, file_name)


def save_state(session: Session, state: SyncState, analyst_uid: str) -> None:
    """Write the bookkeeping row (not through Recorder: it is not user data and not undoable)."""
    table = SPEC_BY_NAME["setting"].table
    now = utc_now()
    existing = session.execute(
        select(table.c.id, table.c.revision).where(table.c.uid == SYNC_STATE_UID)
    ).first()
    if existing is None:
        session.execute(insert(table).values(
            uid=SYNC_STATE_UID, key=SYNC_STATE_KEY, value=state.to_json(),
            created_by=analyst_uid, updated_by=analyst_uid, created_at=now, updated_at=now,
            revision=1, deleted_at=None,
        ))
    else:
        session.execute(update(table).where(table.c.id == existing[0]).values(
            key=SYNC_STATE_KEY, value=state.to_json(), updated_by=analyst_uid, updated_at=now,
            revision=int(existing[1]) + 1, deleted_at=None,
        ))


def record_sync_point(session: Session, analyst_uid: str, file_name: str) -> None:
    """Remember every version the project holds now (before a copy of it leaves)."""
    state = load_state(session, file_name)
    now_seen = current_versions(session)
    if now_seen <= state.seen:
        return
    save_state(session, SyncState(state.seen | now_seen, state.aliases), analyst_uid)
