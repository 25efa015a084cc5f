"""Shared building block: anchor a span of a source inside an open transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from db.models import Anchor, Source
from desktop.core.recorder import Recorder
from desktop.services.anchoring import make_anchor
from desktop.services.sources import get_source


def new_anchor(rec: Recorder, source: Source, start: int, end: int) -> Anchor:
    spec = make_anchor(source.text, start, end)
    return rec.add(
        Anchor(source_id=source.id, start=spec.start, end=spec.end, exact=spec.exact,
               prefix=spec.prefix, suffix=spec.suffix, orphaned=False,
               text_sha256=source.content_sha256)
    )


def anchor_in(session: Session, rec: Recorder, source_uid: str, start: int, end: int
              ) -> tuple[Source, Anchor]:
    source = get_source(session, source_uid)
    return source, new_anchor(rec, source, start, end)


def placement(session: Session, rec: Recorder, source_uid: str | None, start: int | None,
              end: int | None) -> tuple[int | None, int | None]:
    """The (source id, anchor id) an annotation rests on: neither, the source alone
    (no span given), or a new anchor on the span."""
    if not source_uid:
        return None, None
    if start is None or end is None:
        return get_source(session, source_uid).id, None
    source, anchor = anchor_in(session, rec, source_uid, start, end)
    return source.id, anchor.id
