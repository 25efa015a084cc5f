"""Give a source a new text and carry every anchor onto it, or flag it orphaned.

One function, ``reattach_source_anchors``, is used wherever a source's text
changes: a re-import, a merge that brings a colleague's text, folding a
near-duplicate into a source. It runs inside the caller's transaction and
never commits.

Each anchor is re-attached from the text its offsets were made on (its
``text_sha256``), not from whatever the source held last: after a merge the
same source can have anchors made on two different texts. The replaced text
is kept as a version, so nothing an anchor refers to is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Implication, Mention, Source, Tracked
from desktop.core.changes import Changes
from desktop.core.recorder import Recorder
from desktop.ingest.document import content_sha256
from desktop.services.anchoring import AnchorSpec, How, OffsetMap, place
from desktop.services.source_versions import remember_text, text_of_version

# Annotation kinds that rest on an anchor: (kind name, model with ``anchor_id``).
ANCHOR_OWNERS: tuple[tuple[str, type[Tracked]], ...] = (
    ("mention", Mention), ("claim", Claim), ("implication", Implication),
)
_CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True)
class AnchorResult:
    anchor_uid: str
    kind: str  # the annotation resting on it: "mention", "claim", "implication" ("" if none)
    owner_uid: str
    how: How
    reason: str = ""  # why it is orphaned


@dataclass(frozen=True)
class ReattachReport:
    source_uid: str
    old_sha256: str
    new_sha256: str
    unchanged: tuple[AnchorResult, ...] = ()
    moved: tuple[AnchorResult, ...] = ()
    orphaned: tuple[AnchorResult, ...] = ()
    # What was written, when this function made its own Recorder (else the caller's has it).
    changes: Changes = field(default_factory=Changes)

    @property
    def total(self) -> int:
        return len(self.unchanged) + len(self.moved) + len(self.orphaned)

    def summary(self) -> str:
        return (f"{len(self.unchanged) + len(self.moved)} of {self.total} annotations placed "
                f"on the new text, {len(self.orphaned)} orphaned")


def owners_of(session: Session, anchor_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """anchor id -> (kind, uid) of the annotation resting on it."""
    ids = list(anchor_ids)
    found: dict[int, tuple[str, str]] = {}
    for kind, model in ANCHOR_OWNERS:
        column = model.anchor_id  # type: ignore[attr-defined]
        for i in range(0, len(ids), _CHUNK):
            for anchor_id, uid in session.execute(
                select(column, model.uid).where(column.in_(ids[i:i + _CHUNK]))
            ):
                found.setdefault(anchor_id, (kind, uid))
    return found


class _Sources:
    """The texts anchors may have been made on, with one diff to the new text per text."""

    def __init__(self, session: Session, source: Source, new_text: str,
                 known: Sequence[str]) -> None:
        self._session = session
        self._source = source
        self._new_text = new_text
        self._texts = {content_sha256(t): t for t in known if t}
        self._maps: dict[str, OffsetMap] = {}

    def text(self, sha: str) -> str | None:
        if sha not in self._texts:
            found = text_of_version(self._session, self._source, sha)
            if found is None:
                return None
            self._texts[sha] = found
        return self._texts[sha]

    def mapping(self, sha: str) -> OffsetMap:
        if sha not in self._maps:
            text = self._texts[sha]
            self._maps[sha] = OffsetMap(text, self._new_text)
        return self._maps[sha]

    def own_text(self, anchor: Anchor) -> str | None:
        """The SHA-256 of the text ``anchor``'s offsets count in, when that text is known.

        An anchor from before versions were kept names no text (and one from
        another copy may name a text this copy never got); a known text it was
        made on is then recognised by its quote and context being there.
        """
        if anchor.text_sha256:
            text = self.text(anchor.text_sha256)
            if text is not None and text[anchor.start:anchor.end] == anchor.exact:
                return anchor.text_sha256
        for sha, text in self._texts.items():
            if (text[anchor.start:anchor.end] == anchor.exact
                    and text[max(0, anchor.start - len(anchor.prefix)):anchor.start]
                    == anchor.prefix
                    and text[anchor.end:anchor.end + len(anchor.suffix)] == anchor.suffix):
                return sha
        return None


def reattach_source_anchors(
    session: Session,
    source: Source,
    new_text: str,
    *,
    old_text: str | None = None,
    recorder: Recorder | None = None,
    analyst_uid: str = "",
    known_texts: Sequence[str] = (),
) -> ReattachReport:
    """Make ``new_text`` the text of ``source`` and re-attach all its live anchors.

    ``new_text`` must already be normalised (as stored texts are). ``old_text``
    is the text being replaced; by default the source's text as it is now. Pass
    it when the caller has already written ``new_text`` into the source (a
    merge). Every text replaced is kept as a version. Anchors that cannot be
    placed with confidence are flagged orphaned and keep the offsets and text
    version they were last right on. Rows are written through ``recorder`` (or
    a new one for ``analyst_uid``); nothing is committed here. ``known_texts``
    are further texts some anchors may have been made on (a folded source's).
    """
    rec = recorder if recorder is not None else Recorder(session, analyst_uid)
    current = source.text
    replaced = old_text if old_text is not None else current
    new_sha = content_sha256(new_text)
    for text in {current, replaced}:
        if text != new_text:
            remember_text(rec, source, text)
    texts = _Sources(session, source, new_text, [new_text, replaced, current, *known_texts])
    anchors = session.execute(
        select(Anchor).where(Anchor.source_id == source.id, Anchor.deleted_at.is_(None))
        .order_by(Anchor.id)
    ).scalars().all()
    owners = owners_of(session, [a.id for a in anchors])
    results: dict[str, list[AnchorResult]] = {"unchanged": [], "moved": [], "orphaned": []}
    for anchor in anchors:
        how, reason = _reattach_one(rec, anchor, texts, new_text, new_sha)
        kind, owner = owners.get(anchor.id, ("", ""))
        bucket = how.value if how in (How.UNCHANGED, How.ORPHANED) else "moved"
        results[bucket].append(AnchorResult(anchor.uid, kind, owner, how, reason))
    if source.text != new_text or source.content_sha256 != new_sha:
        rec.update(source, text=new_text, content_sha256=new_sha)
    changes = Changes()
    if recorder is None:
        changes = rec.changes(f"update text of “{source.title}”", source.uid)
    return ReattachReport(
        source.uid, content_sha256(replaced), new_sha, tuple(results["unchanged"]),
        tuple(results["moved"]), tuple(results["orphaned"]), changes,
    )


def _reattach_one(rec: Recorder, anchor: Anchor, texts: _Sources, new_text: str, new_sha: str
                  ) -> tuple[How, str]:
    own = texts.own_text(anchor)
    if own == new_sha:
        # Already counted in this very text (made on it, or the text came back).
        rec.update(anchor, orphaned=False, text_sha256=new_sha)
        return How.UNCHANGED, ""
    spec = AnchorSpec(anchor.start, anchor.end, anchor.exact, anchor.prefix, anchor.suffix)
    placement = place(spec, new_text, texts.mapping(own) if own is not None else None)
    if placement.spec is None:
        # Keep the offsets with the text they are right in, so the quote can still be shown.
        rec.update(anchor, orphaned=True, text_sha256=own or anchor.text_sha256)
        return How.ORPHANED, placement.reason
    placed = placement.spec
    rec.update(anchor, start=placed.start, end=placed.end, exact=placed.exact,
               prefix=placed.prefix, suffix=placed.suffix, orphaned=False, text_sha256=new_sha)
    return placement.how, ""
