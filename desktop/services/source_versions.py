"""Earlier texts of a source: kept when a source gets a new text, found by their SHA-256.

A source holds its current text; every text it had before (a re-import, a
colleague's version brought by a merge, a near-duplicate folded into it) is a
``SourceTextVersion`` row. An anchor's ``text_sha256`` names the text its
offsets count in, so an annotation made on an older text can be shown in that
text and re-attached from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source, SourceTextVersion
from desktop.core.recorder import Recorder
from desktop.ingest.document import content_sha256

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:dossier:source-text-version")


def version_uid(source_uid: str, sha256: str) -> str:
    """The same in every copy: two analysts who keep the same old text keep one row."""
    return str(uuid.uuid5(_NAMESPACE, f"{source_uid}|{sha256}"))


@dataclass(frozen=True)
class TextVersion:
    sha256: str
    chars: int
    current: bool
    kept_at: str  # when this copy first kept it ("" for the current text)


def remember_text(rec: Recorder, source: Source, text: str) -> SourceTextVersion | None:
    """Keep ``text`` as a version of ``source`` (no-op if empty or already kept)."""
    if not text:
        return None
    sha = content_sha256(text)
    uid = version_uid(source.uid, sha)
    row = rec.session.execute(
        select(SourceTextVersion).where(SourceTextVersion.uid == uid)
    ).scalar_one_or_none()
    if row is None:
        return rec.add(SourceTextVersion(uid=uid, source_id=source.id, sha256=sha, text=text))
    if row.deleted_at is not None or row.source_id != source.id or row.text != text:
        rec.update(row, deleted_at=None, source_id=source.id, sha256=sha, text=text)
    return row


def text_of_version(session: Session, source: Source, sha256: str) -> str | None:
    """The text of ``source`` whose SHA-256 is ``sha256``, if this copy has it.

    A stored version is used only if its text really has that SHA-256 (rows
    can come from another file).
    """
    if not sha256:
        return None
    if source.content_sha256 == sha256 and content_sha256(source.text) == sha256:
        return source.text
    rows = session.execute(
        select(SourceTextVersion.text).where(
            SourceTextVersion.source_id == source.id, SourceTextVersion.sha256 == sha256,
            SourceTextVersion.deleted_at.is_(None))
    ).scalars().all()
    return next((text for text in rows if content_sha256(text) == sha256), None)


def list_versions(session: Session, source: Source) -> list[TextVersion]:
    """The current text first, then the kept ones, newest first."""
    found = [TextVersion(source.content_sha256, len(source.text), True, "")]
    rows = session.execute(
        select(SourceTextVersion).where(
            SourceTextVersion.source_id == source.id, SourceTextVersion.deleted_at.is_(None))
        .order_by(SourceTextVersion.created_at.desc())
    ).scalars().all()
    found.extend(TextVersion(r.sha256, len(r.text), False, r.created_at)
                 for r in rows if r.sha256 != source.content_sha256)
    return found
