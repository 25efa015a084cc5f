"""After the rows are decided: no live row may point at a deleted one, and anchors fit their text.

* A row pointing at something merged away (an entity merge, a folded
  duplicate) follows the redirect to the survivor. A source redirect is
  followed only when both texts are identical (verified by SHA-256 and by
  comparing the texts), so anchors never land on a different text.
* A row pointing at something deleted brings it back, with a conflict that
  says why; so does anything the delete cascaded to (``deleted_with``).
* A source whose merged text differs from the text either side's anchors were
  made on has every anchor checked against it: one whose quote and context no
  longer sit at its offsets is re-attached by quote and context (fuzzy), or
  flagged orphaned and listed.

Each repair is a new version made here, on top of the version the merge chose.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop.sharing.portable import SPECS, Dataset, Row
from desktop.sharing.reconcile import LOCAL_TABLES, Draft, Finding, Reconciled
from desktop.sharing.threeway import DELETED, Clash, deletion

_MAX_HOPS = 16


@dataclass
class Repairs:
    redirected: int = 0
    brought_back: list[tuple[str, str]] = field(default_factory=list)
    orphaned: list[str] = field(default_factory=list)  # anchor uids that could not be placed
    reattached: list[str] = field(default_factory=list)


class View:
    """The merged project as it will be: local rows overlaid with the merge's drafts."""

    def __init__(self, local: Dataset, peer: Dataset, result: Reconciled) -> None:
        self.local, self.peer, self.result = local, peer, result

    def get(self, table: str, uid: str) -> Row | None:
        draft = self.result.drafts.get((table, uid))
        if draft is not None:
            return draft.row
        return self.local.get(table, {}).get(uid)

    def rows(self, table: str) -> Iterator[tuple[str, Row]]:
        for uid, row in self.local.get(table, {}).items():
            draft = self.result.drafts.get((table, uid))
            yield uid, draft.row if draft is not None else row
        for (t, uid), draft in list(self.result.drafts.items()):
            if t == table and uid not in self.local.get(table, {}):
                yield uid, draft.row

    def editable(self, table: str, uid: str) -> Row:
        """The row's draft, made a new version here if it was not one already."""
        key = (table, uid)
        draft = self.result.drafts.get(key)
        if draft is None:
            current = self.local[table][uid]
            draft = Draft(table, dict(current), current, new_version=True,
                          parents=(str(current["version_id"]), ""), repair_only=True)
            self.result.drafts[key] = draft
            self.result.history.append((table, dict(current)))
        elif not draft.new_version:
            chosen = dict(draft.row)
            self.result.history.append((table, chosen))
            draft.new_version = True
            draft.parents = (str(chosen["version_id"]), "")
        return draft.row


def _live(row: Row | None) -> bool:
    return row is not None and row.get("deleted_at") is None


def _same_text(a: Row, b: Row) -> bool:
    text_a, text_b = str(a.get("text", "")), str(b.get("text", ""))
    sha = hashlib.sha256(text_a.encode("utf-8")).hexdigest()
    return (text_a == text_b and a.get("content_sha256") == b.get("content_sha256") == sha)


def _survivor(view: View, table: str, row: Row) -> str | None:
    seen = {str(row["uid"])}
    current = row
    for _ in range(_MAX_HOPS):
        target = str(current.get("merged_into") or "")
        if not target or target in seen:
            return None
        seen.add(target)
        nxt = view.get(table, target)
        if nxt is None:
            return None
        if table == "source" and not _same_text(row, nxt):
            return None
        if _live(nxt):
            return target
        current = nxt
    return None


def repair(view: View) -> Repairs:
    """Follow redirects and bring back what live rows need, until nothing changes."""
    found = Repairs()
    tables = [s for s in SPECS if s.name not in LOCAL_TABLES]
    for _round in range(_MAX_HOPS * 4):
        changed = False
        cascades: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for spec in tables:
            for uid, row in view.rows(spec.name):
                cause = row.get("deleted_with")
                if cause and not _live(row):
                    cascades[str(cause)].append((spec.name, uid))
        for spec in tables:
            for uid, row in list(view.rows(spec.name)):
                if not _live(row):
                    continue
                for link in spec.links:
                    ref = row.get(link.key)
                    target = view.get(link.target, str(ref)) if ref else None
                    if target is None or _live(target):
                        continue
                    survivor = _survivor(view, link.target, target)
                    if survivor is not None:
                        view.editable(spec.name, uid)[link.key] = survivor
                        found.redirected += 1
                    elif _clashing(view, spec.name, uid, link.key, link.target, str(ref)):
                        _bring_back(view, link.target, str(ref), "brought-back", found)
                    else:
                        continue
                    changed = True
        # Whatever a delete took along comes back when the deleted row is live again.
        for cause, members in cascades.items():
            owner = next((view.get(t.name, cause) for t in tables
                          if view.get(t.name, cause) is not None), None)
            if _live(owner):
                for table, uid in members:
                    _revive(view, table, uid)
                    changed = True
        if not changed:
            return found
    return found


def _clashing(view: View, table: str, uid: str, key: str, target: str, ref: str) -> bool:
    """True when a side that has this row live and pointing at ``ref`` has ``ref`` live too.

    That is a concurrent addition meeting a delete. A row that already pointed
    at a deleted row in the copy it comes from (a file made before deletes
    cascaded) is left as it was; ``dossier check`` reports it.
    """
    sides = 0
    for data in (view.local, view.peer):
        row = data.get(table, {}).get(uid)
        if row is None or not _live(row) or row.get(key) != ref:
            continue
        sides += 1
        if _live(data.get(target, {}).get(ref)):
            return True
    return sides == 0  # made by this merge: it must not dangle


def _revive(view: View, table: str, uid: str) -> None:
    row = view.editable(table, uid)
    row["deleted_at"] = None
    row["merged_into"] = ""
    # deleted_with stays: taking the delete's side of the conflict deletes it again.


def _bring_back(view: View, table: str, uid: str, reason: str, found: Repairs) -> None:
    mine = view.local.get(table, {}).get(uid)
    theirs = view.peer.get(table, {}).get(uid)
    before = dict(view.get(table, uid) or {})
    _revive(view, table, uid)
    found.brought_back.append((table, uid))
    kept = "theirs" if mine is not None and not _live(mine) else "mine"
    view.result.findings.append(Finding(
        table, uid, Clash(DELETED, deletion(mine or before), deletion(theirs or before), kept,
                          reason), mine, theirs))


def anchors_to_check(view: View) -> dict[str, str]:
    """Sources whose merged text differs from either side's text: uid -> merged text.

    Anchors made on the side whose text did not win must be carried over, even
    when the source row itself did not change here (the colleague annotated
    the old text while this copy re-imported a new one).
    """
    texts: dict[str, str] = {}
    uids = set(view.peer.get("source", {})) | {u for t, u in view.result.drafts if t == "source"}
    for uid in sorted(uids):
        merged_row = view.get("source", uid)
        if merged_row is None:
            continue
        merged = str(merged_row.get("text", ""))
        mine = view.local.get("source", {}).get(uid)
        theirs = view.peer.get("source", {}).get(uid)
        if any(side is not None and str(side.get("text", "")) != merged
               for side in (mine, theirs)):
            texts[uid] = merged
    return texts


def fit_anchors(view: View, found: Repairs) -> None:
    """Re-attach or orphan every live anchor whose quote no longer sits at its offsets."""
    from desktop.services.anchoring import AnchorSpec, reattach

    texts = anchors_to_check(view)
    if not texts:
        return
    for uid, row in list(view.rows("anchor")):
        text = texts.get(str(row.get("source_uid")))
        if text is None or not _live(row) or row.get("orphaned"):
            continue
        if _sits(row, text):
            continue
        spec = AnchorSpec(int(row["start"]), int(row["end"]), str(row["exact"]),
                          str(row.get("prefix") or ""), str(row.get("suffix") or ""))
        placed = reattach(spec, text)
        target = view.editable("anchor", uid)
        if placed is None:
            target["orphaned"] = True
            found.orphaned.append(uid)
        else:
            target.update(start=placed.start, end=placed.end, prefix=placed.prefix,
                          suffix=placed.suffix, orphaned=False)
            found.reattached.append(uid)


def _sits(row: dict[str, Any], text: str) -> bool:
    start, end = int(row["start"]), int(row["end"])
    if not 0 <= start <= end <= len(text) or text[start:end] != row["exact"]:
        return False
    prefix, suffix = str(row.get("prefix") or ""), str(row.get("suffix") or "")
    return text[:start].endswith(prefix) and text[end:].startswith(suffix)
