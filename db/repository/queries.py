"""Queries that build the rows the tables, reader, brief and CLI show."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, false, func, or_, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from db.models import (
    Anchor,
    Claim,
    Entity,
    EntityAlias,
    Implication,
    Mention,
    Source,
    Support,
)
from db.models.vocab import Credibility, Reliability, ReviewState, admiralty_grade
from db.repository.rows import (
    ClaimRow,
    EntityRow,
    ImplicationRow,
    SourceRow,
    SpanRow,
    SupportRow,
)

_VISIBLE = (ReviewState.ACCEPTED.value, ReviewState.SUGGESTED.value)


def _value(v: object) -> str:
    return str(getattr(v, "value", v)) if v is not None else ""


def _text(column: InstrumentedAttribute[Any]) -> Any:
    """An enum column read as its stored text: rows are built from text anyway, and turning
    tens of thousands of values into enums and back is a measurable part of loading a table."""
    return type_coerce(column, String())


def _int(column: InstrumentedAttribute[Any]) -> Any:
    return type_coerce(column, Integer())


def list_sources(session: Session, *, ids: Collection[int] | None = None) -> list[SourceRow]:
    """Sources in creation order; ``ids`` limits the list (and its counting) to those rows."""
    counted_mentions = (select(Mention.source_id, func.count())
                        .where(Mention.deleted_at.is_(None),
                               Mention.review_state == ReviewState.ACCEPTED))
    counted_claims = (select(Claim.source_id, func.count())
                      .where(Claim.deleted_at.is_(None), Claim.review_state == ReviewState.ACCEPTED))
    listed = (
        select(
            Source.id, Source.uid, Source.title, _text(Source.kind), Source.author,
            Source.publisher, Source.published_at, Source.url, Source.language,
            _text(Source.reliability),
            Source.original_filename, Source.content_sha256, func.length(Source.text),
            Source.created_by, Source.updated_at,
        ).where(Source.deleted_at.is_(None)).order_by(Source.id)
    )
    if ids is not None:
        counted_mentions = counted_mentions.where(Mention.source_id.in_(ids))
        counted_claims = counted_claims.where(Claim.source_id.in_(ids))
        listed = listed.where(Source.id.in_(ids))
    mention_counts = dict(session.execute(counted_mentions.group_by(Mention.source_id)).all())
    claim_counts = dict(session.execute(counted_claims.group_by(Claim.source_id)).all())
    rows = session.execute(listed).all()
    return [
        SourceRow(
            id=r[0], uid=r[1], title=r[2], kind=_value(r[3]), author=r[4], publisher=r[5],
            published_at=r[6], url=r[7], language=r[8], reliability=_value(r[9]),
            original_filename=r[10], content_sha256=r[11], chars=r[12] or 0,
            mentions=mention_counts.get(r[0], 0), claims=claim_counts.get(r[0], 0),
            created_by=r[13], updated_at=r[14],
        )
        for r in rows
    ]


def aliases_by_entity(session: Session,
                      ids: Collection[int] | None = None) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    stmt = (select(EntityAlias.entity_id, EntityAlias.alias)
            .where(EntityAlias.deleted_at.is_(None)).order_by(EntityAlias.id))
    if ids is not None:
        stmt = stmt.where(EntityAlias.entity_id.in_(ids))
    for entity_id, alias in session.execute(stmt):
        found[entity_id].append(alias)
    return found


def list_entities(session: Session, *, include_suggested: bool = True,
                  ids: Collection[int] | None = None) -> list[EntityRow]:
    """Entities by name; ``ids`` limits the list (and its counting) to those rows."""
    states = _VISIBLE if include_suggested else (ReviewState.ACCEPTED.value,)
    # "+ 0" keeps SQLite from walking ix_mention_entity_id and fetching every mention by a
    # random read; scanning the table and sorting is 2-3x faster at 100,000 mentions.
    # A few entities' counts are the opposite case: the index finds their mentions.
    entity_id = (Mention.entity_id + 0 if ids is None else Mention.entity_id).label("entity_id")
    counted = (select(entity_id, func.count(), func.count(func.distinct(Mention.source_id)))
               .where(Mention.deleted_at.is_(None),
                      Mention.review_state == ReviewState.ACCEPTED))
    listed = (select(Entity.id, Entity.uid, Entity.name, _text(Entity.type), Entity.description,
                     _text(Entity.review_state), Entity.created_by, Entity.updated_at)
              .where(Entity.deleted_at.is_(None), Entity.review_state.in_(states))
              .order_by(Entity.name))
    if ids is not None:
        counted = counted.where(Mention.entity_id.in_(ids))
        listed = listed.where(Entity.id.in_(ids))
    counts = {r[0]: (r[1], r[2]) for r in session.execute(counted.group_by(entity_id))}
    aliases = aliases_by_entity(session, ids)
    rows = session.execute(listed).all()
    return [
        EntityRow(
            id=r[0], uid=r[1], name=r[2], type=_value(r[3]), aliases=tuple(aliases.get(r[0], ())),
            description=r[4], mentions=counts.get(r[0], (0, 0))[0],
            sources=counts.get(r[0], (0, 0))[1], review_state=_value(r[5]),
            created_by=r[6], updated_at=r[7],
        )
        for r in rows
    ]


def list_claims(
    session: Session, *, source_id: int | None = None, include_suggested: bool = True,
    uids: Collection[str] | None = None,
) -> list[ClaimRow]:
    """Claims in creation order; ``uids`` limits the list to those rows (a refresh)."""
    states = _VISIBLE if include_suggested else (ReviewState.ACCEPTED.value,)
    claimant = aliased(Entity)
    counted = select(Support.claim_id, func.count()).where(Support.deleted_at.is_(None))
    if uids is not None:
        counted = counted.where(Support.claim_id.in_(select(Claim.id).where(Claim.uid.in_(uids))))
    link_counts = dict(session.execute(counted.group_by(Support.claim_id)).all())
    stmt = (
        select(
            Claim.id, Claim.uid, Claim.statement, claimant.uid, claimant.name, Claim.attribution,
            Source.uid, Source.title, _text(Source.reliability), _int(Claim.credibility),
            _text(Claim.status), Claim.notes, _text(Claim.review_state), Anchor.start,
            Anchor.end, Claim.created_by, Claim.updated_at,
        )
        .select_from(Claim)
        .outerjoin(claimant, Claim.claimant_id == claimant.id)
        .outerjoin(Source, Claim.source_id == Source.id)
        .outerjoin(Anchor, Claim.anchor_id == Anchor.id)
        .where(Claim.deleted_at.is_(None), Claim.review_state.in_(states))
        .order_by(Claim.id)
    )
    if source_id is not None:
        stmt = stmt.where(Claim.source_id == source_id)
    if uids is not None:
        stmt = stmt.where(Claim.uid.in_(uids))
    return [
        ClaimRow(
            id=r[0], uid=r[1], statement=r[2], claimant_uid=r[3], claimant_name=r[4] or "",
            attribution=r[5], source_uid=r[6], source_title=r[7] or "",
            reliability=r[8] or Reliability.UNASSESSED.value,
            credibility=int(r[9]) if r[9] is not None else int(Credibility.UNASSESSED),
            status=r[10] or "",
            notes=r[11], review_state=r[12] or "", start=r[13], end=r[14],
            implications=link_counts.get(r[0], 0), created_by=r[15], updated_at=r[16],
        )
        for r in session.execute(stmt)
    ]


def list_implications(session: Session, *, include_suggested: bool = True,
                      uids: Collection[str] | None = None) -> list[ImplicationRow]:
    """Implications in brief order; ``uids`` limits the list to those rows (a refresh)."""
    states = _VISIBLE if include_suggested else (ReviewState.ACCEPTED.value,)
    counted = (select(Support.implication_id, Support.relation, func.count())
               .join(Claim, Support.claim_id == Claim.id)
               .where(Support.deleted_at.is_(None), Claim.deleted_at.is_(None)))
    if uids is not None:
        counted = counted.where(Support.implication_id.in_(
            select(Implication.id).where(Implication.uid.in_(uids))))
    counts: dict[tuple[int, str], int] = {
        (r[0], _value(r[1])): r[2]
        for r in session.execute(counted.group_by(Support.implication_id, Support.relation))
    }
    stmt = (
        select(
            Implication.id, Implication.uid, _text(Implication.kind), Implication.text,
            _text(Implication.likelihood), _text(Implication.confidence), Implication.rationale,
            Implication.rank, _text(Implication.review_state), Source.uid, Implication.created_by,
            Implication.updated_at, Anchor.start, Anchor.end,
        )
        .outerjoin(Source, Implication.source_id == Source.id)
        .outerjoin(Anchor, Implication.anchor_id == Anchor.id)
        .where(Implication.deleted_at.is_(None), Implication.review_state.in_(states))
        .order_by(Implication.rank, Implication.id)
    )
    if uids is not None:
        stmt = stmt.where(Implication.uid.in_(uids))
    rows = session.execute(stmt).all()
    return [
        ImplicationRow(
            id=r[0], uid=r[1], kind=_value(r[2]), text=r[3], likelihood=_value(r[4]) or None,
            confidence=_value(r[5]) or None, rationale=r[6], rank=r[7],
            supports=counts.get((r[0], "supports"), 0),
            contradicts=counts.get((r[0], "contradicts"), 0),
            context=counts.get((r[0], "context"), 0), review_state=_value(r[8]),
            source_uid=r[9], created_by=r[10], updated_at=r[11], start=r[12], end=r[13],
        )
        for r in rows
    ]


def list_supports(session: Session) -> list[SupportRow]:
    claim = aliased(Claim)
    implication = aliased(Implication)
    rows = session.execute(
        select(Support.uid, claim.uid, implication.uid, Support.relation, Support.weight,
               Support.note)
        .join(claim, Support.claim_id == claim.id)
        .join(implication, Support.implication_id == implication.id)
        .where(Support.deleted_at.is_(None), claim.deleted_at.is_(None),
               implication.deleted_at.is_(None))
        .order_by(Support.id)
    ).all()
    return [SupportRow(r[0], r[1], r[2], _value(r[3]), float(r[4]), r[5]) for r in rows]


def spans_for_source(session: Session, source_id: int, *,
                     only: SpanFilter | None = None) -> list[SpanRow]:
    """Every live annotation on one source, for the reader's highlights.

    Orphaned anchors are left out: their offsets count in an earlier text, so on
    the current one they would mark other words (they are counted and listed by
    ``dossier check`` and the status bar instead). ``only`` limits them to the annotations one action touched (see SpanFilter), so
    the reader can update those highlights without reading every span again.
    """
    spans: list[SpanRow] = []
    mentions = (
        select(Mention.uid, Anchor.start, Anchor.end, Entity.name, _text(Entity.type),
               _text(Mention.review_state), Anchor.orphaned, Entity.uid, Mention.created_by)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(_on_source(Mention.source_id, source_id, only), Mention.deleted_at.is_(None),
               Entity.deleted_at.is_(None), Mention.review_state.in_(_VISIBLE), Anchor.orphaned.is_(False))
    )
    if only is not None:
        mentions = mentions.where(only.condition(Mention.uid, Mention.anchor_id,
                                                     Mention.entity_id))
    for m in session.execute(mentions):
        spans.append(SpanRow("mention", m[0], m[1], m[2], m[3], _value(m[4]), _value(m[5]),
                             bool(m[6]), m[7], detail={"created_by": m[8]}))
    claimant = aliased(Entity)
    claims = (
        select(Claim.uid, Anchor.start, Anchor.end, Claim.statement, _text(Source.reliability),
               _int(Claim.credibility), _text(Claim.review_state), Anchor.orphaned, claimant.name,
               Claim.created_by)
        .join(Anchor, Claim.anchor_id == Anchor.id)
        .join(Source, Claim.source_id == Source.id)
        .outerjoin(claimant, Claim.claimant_id == claimant.id)
        .where(_on_source(Claim.source_id, source_id, only), Claim.deleted_at.is_(None),
               Claim.review_state.in_(_VISIBLE), Anchor.orphaned.is_(False))
    )
    if only is not None:
        claims = claims.where(only.condition(Claim.uid, Claim.anchor_id, Claim.claimant_id))
    for c in session.execute(claims):
        grade = admiralty_grade(_value(c[4]) or None, c[5])
        spans.append(SpanRow("claim", c[0], c[1], c[2], c[3], grade, _value(c[6]), bool(c[7]),
                             detail={"claimant": c[8] or "the source itself",
                                     "created_by": c[9]}))
    implications = (
        select(Implication.uid, Anchor.start, Anchor.end, Implication.text,
               _text(Implication.kind), _text(Implication.review_state), Anchor.orphaned,
               Implication.created_by)
        .join(Anchor, Implication.anchor_id == Anchor.id)
        .where(_on_source(Implication.source_id, source_id, only),
               Implication.deleted_at.is_(None),
               Implication.review_state.in_(_VISIBLE), Anchor.orphaned.is_(False))
    )
    if only is not None:
        implications = implications.where(only.condition(Implication.uid,
                                                             Implication.anchor_id, None))
    for i in session.execute(implications):
        spans.append(SpanRow("implication", i[0], i[1], i[2], i[3], _value(i[4]), _value(i[5]),
                             bool(i[6]), detail={"created_by": i[7]}))
    spans.sort(key=lambda s: (s.start, -s.end))
    return spans


def _on_source(column: Any, source_id: int, only: SpanFilter | None) -> Any:
    # With ``only``, its uids find the few rows by index; "+ 0" keeps SQLite from walking
    # every annotation of the source instead (20,000 on a long document).
    return (column if only is None else column + 0) == source_id


@dataclass(frozen=True)
class SpanFilter:
    """The annotations an action touched: by their own uid, their anchor's, or the
    entity they name (a renamed entity relabels its mentions and the claims it made)."""

    uids: frozenset[str] = frozenset()
    anchor_uids: frozenset[str] = frozenset()
    entity_uids: frozenset[str] = frozenset()

    def condition(self, uid: Any, anchor_id: Any, entity_id: Any) -> Any:
        # Only non-empty parts, each on the annotation's own indexed columns, so SQLite
        # answers the OR with an index lookup per part instead of scanning the source.
        parts = [uid.in_(self.uids)] if self.uids else []
        if self.anchor_uids:
            parts.append(anchor_id.in_(select(Anchor.id).where(Anchor.uid.in_(self.anchor_uids))))
        if entity_id is not None and self.entity_uids:
            parts.append(entity_id.in_(select(Entity.id).where(Entity.uid.in_(self.entity_uids))))
        return or_(*parts) if parts else false()


def analyst_names(session: Session) -> dict[str, str]:
    """Analyst uid -> display name, for "created by" columns."""
    from db.models import Analyst

    return {uid: name for uid, name in session.execute(select(Analyst.uid, Analyst.display_name))}


def mention_positions(session: Session, entity_uid: str) -> list[tuple[str, int, int]]:
    """(source uid, start, end) of an entity's live accepted mentions, in reading order."""
    rows = session.execute(
        select(Source.uid, Anchor.start, Anchor.end)
        .select_from(Mention)
        .join(Entity, Mention.entity_id == Entity.id)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Source, Mention.source_id == Source.id)
        .where(Entity.uid == entity_uid, Mention.deleted_at.is_(None),
               Source.deleted_at.is_(None), Mention.review_state == ReviewState.ACCEPTED,
               Anchor.orphaned.is_(False))  # an orphan's offsets count in an earlier text
        .order_by(Source.id, Anchor.start)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def first_page(session: Session, kind: str, limit: int) -> list[Any]:
    """The first ``limit`` rows a table shows (accepted rows, in the table's own order),
    counted for those rows only: what a window paints before the rest has loaded."""
    accepted = ReviewState.ACCEPTED.value
    if kind == "sources":
        ids = select(Source.id).where(Source.deleted_at.is_(None)).order_by(Source.id)
        return list_sources(session, ids=list(session.scalars(ids.limit(limit))))
    if kind == "entities":
        ids = (select(Entity.id).where(Entity.deleted_at.is_(None),
                                       Entity.review_state == accepted).order_by(Entity.name))
        return list_entities(session, include_suggested=False,
                             ids=list(session.scalars(ids.limit(limit))))
    if kind == "claims":
        uids = (select(Claim.uid).where(Claim.deleted_at.is_(None), Claim.review_state == accepted)
                .order_by(Claim.id))
        return list_claims(session, include_suggested=False,
                           uids=list(session.scalars(uids.limit(limit))))
    if kind == "implications":
        uids = (select(Implication.uid).where(Implication.deleted_at.is_(None),
                                              Implication.review_state == accepted)
                .order_by(Implication.rank, Implication.id))
        return list_implications(session, include_suggested=False,
                                 uids=list(session.scalars(uids.limit(limit))))
    raise ValueError(f"no table {kind!r}")


def source_id_of(session: Session, uid: str) -> int | None:
    """A live source's row id, without reading its text."""
    return session.scalar(select(Source.id).where(Source.uid == uid, Source.deleted_at.is_(None)))


def source_counts(session: Session, ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """(accepted mentions, accepted claims) of these sources: what an annotation changes
    in the sources table, without reading the sources' texts again."""
    live_mentions = dict(session.execute(
        select(Mention.source_id, func.count())
        .where(Mention.source_id.in_(ids), Mention.deleted_at.is_(None),
               Mention.review_state == ReviewState.ACCEPTED)
        .group_by(Mention.source_id)).all())
    live_claims = dict(session.execute(
        select(Claim.source_id, func.count())
        .where(Claim.source_id.in_(ids), Claim.deleted_at.is_(None),
               Claim.review_state == ReviewState.ACCEPTED)
        .group_by(Claim.source_id)).all())
    return {i: (live_mentions.get(i, 0), live_claims.get(i, 0)) for i in ids}
