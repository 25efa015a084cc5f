"""Rows two copies made independently for the same thing, folded into one.

Two analysts who import the same article get two source rows with different
uids; both may add the same alias to an entity. The row with the smaller uid
is kept (so every copy keeps the same one, whatever the merge order); the
other is deleted with a redirect (``merged_into``) to it, which travels with
the file, and everything pointing at it follows (``integrity``).

Sources fold only when their texts are identical, verified: equal SHA-256
recomputed from each text, and equal texts. A differing text is never
replaced by another copy's, whatever the uids or the stored hashes say.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Hashable

from desktop.sharing.integrity import View
from desktop.sharing.portable import Row, is_live


def _source_key(row: Row) -> Hashable:
    text = str(row.get("text", ""))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if row.get("content_sha256") != sha:
        return None  # a stored hash that does not match the text folds nothing
    return sha


_NATURAL_KEYS: dict[str, Callable[[Row], Hashable]] = {
    "source": _source_key,
    "entity_alias": lambda r: (r.get("entity_uid"), str(r.get("alias", "")).casefold()),
}


def fold_duplicates(view: View) -> list[tuple[str, str, str]]:
    """Fold rows new from the peer into identical rows only this copy has; (table, dup, kept)."""
    folded: list[tuple[str, str, str]] = []
    for table, key_of in _NATURAL_KEYS.items():
        peer_rows, local_rows = view.peer.get(table, {}), view.local.get(table, {})
        groups: dict[Hashable, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        for uid, row in local_rows.items():
            if uid not in peer_rows and is_live(row):
                key = key_of(row)
                if key is not None:
                    groups[key][0].add(uid)
        for (t, uid), draft in view.result.drafts.items():
            if t == table and draft.base_row is None and is_live(draft.row):
                key = key_of(draft.row)
                if key is not None:
                    groups[key][1].add(uid)
        for ours, theirs in groups.values():
            if not ours or not theirs:
                continue
            keep = min(ours | theirs)
            kept = view.get(table, keep)
            for dup in sorted((ours | theirs) - {keep}):
                if table == "source" and kept is not None and \
                        str(kept.get("text")) != str((view.get(table, dup) or {}).get("text")):
                    continue
                row = view.editable(table, dup)
                # Deleted "as of its own last change", so every copy derives the same row.
                row["deleted_at"] = row.get("updated_at")
                row["merged_into"] = keep
                folded.append((table, dup, keep))
    return folded
