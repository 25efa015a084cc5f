"""Implications (judgements, assumptions, indicators, gaps, BLUF) and their claim links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Claim, Implication, Support
from db.models.vocab import Confidence, ImplicationKind, Likelihood, ReviewState, SupportRelation
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError, NotFoundError
from desktop.core.recorder import Recorder
from desktop.services.annotate import anchor_in
from desktop.services.claims import get_claim
from desktop.services.rows import count_label, require, tombstone_dependants


@dataclass(frozen=True)
class ImplicationDraft:
    text: str
    kind: ImplicationKind = ImplicationKind.JUDGEMENT
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None
    rationale: str = ""
    source_uid: str | None = None
    start: int | None = None
    end: int | None = None
    review_state: ReviewState = ReviewState.ACCEPTED


def get_implication(session: Session, uid: str) -> Implication:
    return require(session, Implication, uid, "implication")


def _enum(enum_type: Any, value: Any, what: str) -> Any:
    if value in (None, ""):
        return None
    try:
        return enum_type(str(getattr(value, "value", value)).lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum_type)
        raise InvalidInputError(f"{what} must be one of: {allowed}.") from None


def add_implication(session: Session, rec: Recorder, draft: ImplicationDraft) -> Implication:
    text = draft.text.strip()
    if not text:
        raise InvalidInputError("An implication needs text.")
    source_id = anchor_id = None
    if draft.source_uid and draft.start is not None and draft.end is not None:
        source, anchor = anchor_in(session, rec, draft.source_uid, draft.start, draft.end)
        source_id, anchor_id = source.id, anchor.id
    top = session.execute(
        select(func.max(Implication.rank)).where(Implication.deleted_at.is_(None))
    ).scalar_one_or_none()
    return rec.add(
        Implication(
            kind=_enum(ImplicationKind, draft.kind, "Kind") or ImplicationKind.JUDGEMENT,
            text=text,
            likelihood=_enum(Likelihood, draft.likelihood, "Likelihood"),
            confidence=_enum(Confidence, draft.confidence, "Confidence"),
            rationale=draft.rationale, rank=(top or 0) + 1, source_id=source_id,
            anchor_id=anchor_id, review_state=draft.review_state,
        )
    )


def create_implication(ctx: ProjectContext, draft: ImplicationDraft) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = add_implication(session, rec, draft)
        return rec.changes(f"create {row.kind.label.lower()}", row.uid)


def update_implication(ctx: ProjectContext, uid: str, **fields: Any) -> Changes:
    converters: dict[str, Callable[[Any], Any]] = {
        "kind": lambda v: _enum(ImplicationKind, v, "Kind"),
        "likelihood": lambda v: _enum(Likelihood, v, "Likelihood"),
        "confidence": lambda v: _enum(Confidence, v, "Confidence"),
        "text": _required_text,
        "rationale": str,
        "rank": int,
        "review_state": ReviewState,
    }
    if set(fields) - set(converters):
        raise InvalidInputError(
            f"Implications have no field {sorted(set(fields) - set(converters))[0]!r}.")
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        row = get_implication(session, uid)
        rec.update(row, **{k: converters[k](v) for k, v in fields.items()})
        return rec.changes("edit implication", uid)


def _required_text(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise InvalidInputError("An implication needs text.")
    return text


def delete_implications(ctx: ProjectContext, uids: Sequence[str]) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in uids:
            row = get_implication(session, uid)
            tombstone_dependants(rec, Support, Support.implication_id, row.id, row.uid)
            rec.tombstone(row)
        return rec.changes(count_label("delete", len(uids), "implication", "implications"))


def move_implication(ctx: ProjectContext, uid: str, new_index: int) -> Changes:
    """Put an implication at ``new_index`` in brief order; ranks become 1..n."""
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        rows = list(session.execute(
            select(Implication).where(Implication.deleted_at.is_(None))
            .order_by(Implication.rank, Implication.id)
        ).scalars())
        moving = next((r for r in rows if r.uid == uid), None)
        if moving is None:
            raise NotFoundError("That implication is no longer in the project.")
        rows.remove(moving)
        rows.insert(max(0, min(new_index, len(rows))), moving)
        for rank, row in enumerate(rows, start=1):
            rec.update(row, rank=rank)
        return rec.changes("reorder implications", uid)


def link_claim(ctx: ProjectContext, claim_uid: str, implication_uid: str,
               relation: Any = SupportRelation.SUPPORTS, note: str = "",
               weight: float = 1.0) -> Changes:
    """Link a claim to an implication; an existing link changes its relation instead."""
    rel = _enum(SupportRelation, relation, "Relation") or SupportRelation.SUPPORTS
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        claim: Claim = get_claim(session, claim_uid)
        implication = get_implication(session, implication_uid)
        existing = session.execute(
            select(Support).where(Support.claim_id == claim.id,
                                  Support.implication_id == implication.id,
                                  Support.deleted_at.is_(None))
        ).scalars().first()
        if existing is not None:
            rec.update(existing, relation=rel, note=note or existing.note, weight=weight)
            uid = existing.uid
        else:
            uid = rec.add(Support(claim_id=claim.id, implication_id=implication.id,
                                  relation=rel, weight=weight, note=note)).uid
        return rec.changes(f"link claim ({rel.value})", uid)


def unlink(ctx: ProjectContext, support_uids: Sequence[str]) -> Changes:
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for uid in support_uids:
            rec.tombstone(require(session, Support, uid, "link"))
        return rec.changes("unlink claim")
