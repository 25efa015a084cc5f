"""What a merge may not do without the analyst's explicit yes (issue 16).

* delete or replace more than ``LOSS_SHARE`` of the project's live rows
  (and at least ``LOSS_MIN`` of them);
* lower a handling marking (the project's default marking or the brief's).

The preview shows each; the GUI asks, the CLI wants ``--yes``; without it
nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.models.vocab import Marking
from desktop.sharing.portable import Dataset, is_live
from desktop.sharing.reconcile import LOCAL_TABLES, Reconciled
from desktop.sharing.threeway import STAMPS

LOSS_SHARE = 0.2
LOSS_MIN = 5
# Rows that describe the project rather than the work in it.
_NOT_WORK = frozenset({"project", "analyst", "setting"}) | LOCAL_TABLES
_ORDER = [Marking.CLEAR.value, Marking.GREEN.value, Marking.AMBER.value,
          Marking.AMBER_STRICT.value, Marking.RED.value]


@dataclass(frozen=True)
class Guard:
    kind: str  # "loss" or "marking"
    message: str


def _rank(value: Any) -> int | None:
    text = str(value or "").strip().upper()
    return _ORDER.index(text) if text in _ORDER else None


def lowers(before: Any, after: Any) -> bool:
    """True when ``after`` is a weaker handling marking than ``before`` (or unreadable)."""
    if before == after:
        return False
    a, b = _rank(before), _rank(after)
    if a is None:
        return False
    return b is None or b < a


def _content(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in STAMPS}


def check_guards(local: Dataset, result: Reconciled, take_settings: bool) -> tuple[Guard, ...]:
    guards: list[Guard] = []
    live = sum(1 for t, rows in local.items() if t not in _NOT_WORK
               for r in rows.values() if is_live(r))
    deleted = replaced = 0
    for (table, _uid), draft in result.drafts.items():
        before = draft.base_row
        if table in _NOT_WORK or before is None or not is_live(before):
            continue
        if not is_live(draft.row):
            # Folding into an identical row or an entity merge loses nothing.
            deleted += 0 if draft.row.get("merged_into") else 1
        elif _content(draft.row) != _content(before) and not draft.repair_only:
            replaced += 1
    lost = deleted + replaced
    if lost >= LOSS_MIN and lost > LOSS_SHARE * live:
        guards.append(Guard("loss", (
            f"This merge would delete {deleted} and change {replaced} of the project's "
            f"{live} items ({lost * 100 // max(live, 1)}%).")))
    if take_settings:
        for (table, _uid), draft in result.drafts.items():
            before = draft.base_row or {}
            if table == "project" and lowers(before.get("default_marking"),
                                             draft.row.get("default_marking")):
                guards.append(Guard("marking", (
                    f"It would lower the default marking from {before.get('default_marking')} "
                    f"to {draft.row.get('default_marking')}.")))
            if table == "setting" and draft.row.get("key") == "brief.options":
                old = (before.get("value") or {}) if isinstance(before.get("value"), dict) else {}
                new = draft.row.get("value") if isinstance(draft.row.get("value"), dict) else {}
                if lowers(old.get("marking"), (new or {}).get("marking")):
                    guards.append(Guard("marking", (
                        f"It would lower the brief's marking from {old.get('marking')} to "
                        f"{(new or {}).get('marking')}.")))
    return tuple(guards)
