"""Claims: who said what, graded and anchored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from db.models import Claim, Support
from db.models.vocab import ClaimStatus, Credibility, ReviewState
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError
from desktop.core.recorder import Recorder
from desktop.services.annotate import placement
from desktop.services.entities import get_entity
from desktop.services.entity_links import claim_deleted
from desktop.services.rows import count_label, require, tombstone_dependants


@dataclass(frozen=True)
class ClaimDraft:
    statement: str
    source_uid: str | None = None
    start: int | None = None
    end: int | None = None
    claimant_uid: str | None = None  # None: the source itself
    attribution: str = ""
    credibility: int = Credibility.CANNOT_BE_JUDGED
    status: ClaimStatus = ClaimStatus.REPORTED
    notes: str = ""
    review_state: ReviewState = ReviewState.ACCEPTED


def get_claim(session: Session, uid: str) -> Claim:
    return require(session, Claim, uid, "claim")


def credibility_of(value: Any) -> Credibility:
    try:
        return Credibility.parse(value)
    except (TypeError, ValueError):
        raise InvalidInputError(
            "Credibility must be a number from 1 to 6, or unassessed (0 or ?).") from None


def status_of(value: Any) -> ClaimStatus:
    try:
        return ClaimStatus(str(getattr(value, "value", value)).lower())
    except ValueError:
        allowed = ", ".join(s.value for s in ClaimStatus)
        raise InvalidInputError(f"Claim status must be one of {allowed}.") from None


def add_claim(session: Session, rec: Recorder, draft: ClaimDraft) -> Claim:
    statement = draft.statement.strip()
    if not statement:
        raise InvalidInputError("A claim needs a statement.")
    source_id, anchor_id = placement(session, rec, draft.source_uid, draft.start, draft.end)
    claimant_id = get_entity(session, draft.claimant_uid).id if draft.claimant_uid else None
    return rec.add(
        Claim(statement=statement, claimant_id=claimant_id, attribution=draft.attribution.strip(),
              source_id=source_id, anchor_id=anchor_id,
              credibility=credibility_of(draft.credibility), status=status_of(draft.status),
              notes=draft.notes, review_state=draft.review_state)
    )


def create_claim(ctx: ProjectContext, draft: ClaimDraft) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        claim = add_claim(session, rec, draft)
        return rec.changes("create claim", claim.uid)


def update_claim(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    allowed = {"statement", "claimant_uid", "attribution", "credibility", "status", "notes",
               "review_state"}
    if set(fields) - allowed:
        raise InvalidInputError(f"Claims have no field {sorted(set(fields) - allowed)[0]!r}.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        claim = get_claim(session, uid)
        values: dict[str, Any] = {}
        for key, value in fields.items():
            if key == "claimant_uid":
                values["claimant_id"] = get_entity(session, value).id if value else None
            elif key == "credibility":
                values["credibility"] = credibility_of(value)
            elif key == "status":
                values["status"] = status_of(value)
            elif key == "statement":
                if not str(value).strip():
                    raise InvalidInputError("A claim needs a statement.")
                values["statement"] = str(value).strip()
            elif key == "review_state":
                values["review_state"] = ReviewState(value)
            else:
                values[key] = value
        rec.update(claim, **values)
        return rec.changes("edit claim", uid)


def delete_claims(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    """Tombstone claims and their links to implications."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            claim = get_claim(session, uid)
            tombstone_dependants(rec, Support, Support.claim_id, claim.id, claim.uid)
            claim_deleted(rec, claim.id, claim.uid)
            rec.tombstone(claim)
        return rec.changes(count_label("delete", len(uids), "claim", "claims"))
