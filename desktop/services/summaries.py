"""Summaries: of one source, of one entity, of the evidence matrix, of the whole project.

Reading functions return frozen values; the two that change data (``store_summary``
and ``set_matrix_cell``) go through the ordinary services, so they are undoable.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Entity, EntityAlias, Implication, Mention, Source, Support
from db.models.vocab import ImplicationKind, ReviewState, SupportRelation
from db.repository import queries
from db.repository.rows import ClaimRow
from desktop.assist.ach import ClaimLink, ClaimsMatrix, JudgementInput, MatrixClaim, build_matrix
from desktop.assist.summarise import SummarySentence, locate, summarise
from desktop.assist.text import split_sentences
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.services import implications, sources
from desktop.services.counts import ProjectCounts, count_rows
from desktop.services.entities import get_entity
from desktop.services.sources import get_source

JUDGEMENT_KINDS = (ImplicationKind.BLUF, ImplicationKind.JUDGEMENT)
_ACCEPTED = ReviewState.ACCEPTED


# ---- one source ---------------------------------------------------------------------

@dataclass(frozen=True)
class SourceSummary:
    source_uid: str
    title: str
    text: str  # the stored summary, or the generated one when none is stored
    sentences: tuple[SummarySentence, ...]  # with their places in the source text
    generated: bool  # True: made now by the extractive summariser, not yet stored


def source_summary(ctx: ProjectContext, source_uid: str, max_sentences: int | None = None
                   ) -> SourceSummary:
    """The source's stored summary (with spans where its sentences are found in the text),
    or a fresh extractive one when nothing is stored yet."""
    with ctx.reading() as session:
        source = get_source(session, source_uid)
        text, stored, title = source.text, source.summary, source.title
    if stored.strip():
        return SourceSummary(source_uid, title, stored, tuple(locate(text, stored)), False)
    return _generated(source_uid, title, text, max_sentences)


def _generated(source_uid: str, title: str, text: str, max_sentences: int | None
               ) -> SourceSummary:
    picked = summarise(text, max_sentences)
    return SourceSummary(source_uid, title, " ".join(s.text for s in picked), tuple(picked),
                         True)


def store_summary(ctx: ProjectContext, source_uid: str, text: str | None = None,
                  max_sentences: int | None = None) -> Changes:
    """Store ``text`` as the source's summary, or a fresh extractive one when None."""
    if text is None:
        with ctx.reading() as session:
            source = get_source(session, source_uid)
            body, title = source.text, source.title
        text = _generated(source_uid, title, body, max_sentences).text
    return sources.update_source(ctx, source_uid, summary=text.strip())


# ---- one entity ---------------------------------------------------------------------

@dataclass(frozen=True)
class MentionRef:
    uid: str
    source_uid: str
    source_title: str
    start: int
    end: int
    exact: str
    review_state: str


@dataclass(frozen=True)
class ClaimRef:
    uid: str
    statement: str
    claimant: str
    source_uid: str | None
    source_title: str
    grade: str
    status: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class SourceRef:
    uid: str
    title: str
    published_at: str
    mentions: int


@dataclass(frozen=True)
class CoEntity:
    uid: str
    name: str
    type: str
    shared_sources: int
    shared_sentences: int


@dataclass(frozen=True)
class EntityProfile:
    uid: str
    name: str
    type: str
    aliases: tuple[str, ...]
    description: str
    review_state: str
    mentions: tuple[MentionRef, ...]
    claims_by: tuple[ClaimRef, ...]
    claims_about: tuple[ClaimRef, ...]
    co_occurring: tuple[CoEntity, ...]
    sources: tuple[SourceRef, ...]


def _claim_ref(row: ClaimRow) -> ClaimRef:
    return ClaimRef(row.uid, row.statement, row.claimant_name or "the source itself",
                    row.source_uid, row.source_title, row.grade, row.status, row.start, row.end)


def _mentions(session: Session, states: Sequence[ReviewState]
              ) -> list[tuple[int, MentionRef, int]]:
    """(entity id, mention, source id) for every live mention in ``states``."""
    rows = session.execute(
        select(Mention.entity_id, Mention.uid, Source.uid, Source.title, Anchor.start,
               Anchor.end, Anchor.exact, Mention.review_state, Source.id)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Source, Mention.source_id == Source.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(Mention.deleted_at.is_(None), Source.deleted_at.is_(None),
               Entity.deleted_at.is_(None), Mention.review_state.in_([s.value for s in states]))
        .order_by(Source.id, Anchor.start)
    ).all()
    return [(r[0], MentionRef(r[1], r[2], r[3], r[4], r[5], r[6], r[7].value), r[8])
            for r in rows]


def entity_profile(ctx: ProjectContext, entity_uid: str, *, include_suggested: bool = False
                   ) -> EntityProfile:
    """Everything the project knows about one entity, accepted annotations by default."""
    states = [_ACCEPTED, ReviewState.SUGGESTED] if include_suggested else [_ACCEPTED]
    with ctx.reading() as session:
        entity = get_entity(session, entity_uid)
        aliases = tuple(session.execute(
            select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id,
                                            EntityAlias.deleted_at.is_(None))
            .order_by(EntityAlias.id)).scalars())
        every = _mentions(session, states)
        own = [(m, sid) for eid, m, sid in every if eid == entity.id]
        claim_rows = [c for c in queries.list_claims(session, include_suggested=include_suggested)
                      if c.review_state in {s.value for s in states}]
        texts = {sid: t for sid, t in session.execute(
            select(Source.id, Source.text).where(Source.id.in_({sid for _, sid in own})))}
        others = {e.id: e for e in session.execute(
            select(Entity).where(Entity.id.in_({eid for eid, _, _ in every}))).scalars()}
    names = [entity.name, *aliases]
    by = [c for c in claim_rows if c.claimant_uid == entity.uid]
    spans = {(m.source_uid, m.start, m.end) for m, _ in own}
    name_pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    about = [c for c in claim_rows if c.claimant_uid != entity.uid and (
        any(s == c.source_uid and c.start is not None and c.end is not None
            and c.start <= a and b <= c.end for s, a, b in spans)
        or name_pattern.search(c.statement))]
    return EntityProfile(
        entity.uid, entity.name, entity.type.value, aliases, entity.description,
        entity.review_state.value, tuple(m for m, _ in own), tuple(map(_claim_ref, by)),
        tuple(map(_claim_ref, about)), _co_occurring(entity.id, own, every, texts, others),
        _source_refs(ctx, own))


def _co_occurring(entity_id: int, own: list[tuple[MentionRef, int]],
                  every: list[tuple[int, MentionRef, int]], texts: Mapping[int, str],
                  others: Mapping[int, Entity]) -> tuple[CoEntity, ...]:
    my_sources = {sid for _, sid in own}
    sentence_spans = {sid: [(s.start, s.end) for s in split_sentences(texts.get(sid, ""))]
                      for sid in my_sources}

    def sentence_of(sid: int, position: int) -> int:
        for index, (start, end) in enumerate(sentence_spans.get(sid, [])):
            if start <= position < end:
                return index
        return -1

    my_sentences = {(sid, sentence_of(sid, m.start)) for m, sid in own}
    shared_sources: dict[int, set[int]] = defaultdict(set)
    shared_sentences: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for eid, mention, sid in every:
        if eid == entity_id or sid not in my_sources:
            continue
        shared_sources[eid].add(sid)
        key = (sid, sentence_of(sid, mention.start))
        if key[1] >= 0 and key in my_sentences:
            shared_sentences[eid].add(key)
    found = [CoEntity(others[eid].uid, others[eid].name, others[eid].type.value, len(srcs),
                      len(shared_sentences[eid]))
             for eid, srcs in shared_sources.items() if eid in others]
    found.sort(key=lambda c: (-c.shared_sentences, -c.shared_sources, c.name))
    return tuple(found)


def _source_refs(ctx: ProjectContext, own: list[tuple[MentionRef, int]]
                 ) -> tuple[SourceRef, ...]:
    counts = Counter(m.source_uid for m, _ in own)
    with ctx.reading() as session:
        rows = session.execute(
            select(Source.uid, Source.title, Source.published_at)
            .where(Source.uid.in_(list(counts)))).all()
    refs = [SourceRef(r[0], r[1], r[2], counts[r[0]]) for r in rows]
    refs.sort(key=lambda r: (-r.mentions, r.published_at, r.title))
    return tuple(refs)


# ---- claims × judgements -----------------------------------------------------------

def claims_matrix(ctx: ProjectContext, kinds: Sequence[ImplicationKind] = JUDGEMENT_KINDS
                  ) -> ClaimsMatrix:
    """Accepted claims against accepted judgements (BLUF and key judgements by default)."""
    wanted = {k.value for k in kinds}
    with ctx.reading() as session:
        claim_rows = queries.list_claims(session, include_suggested=False)
        judgement_rows = [j for j in queries.list_implications(session, include_suggested=False)
                          if j.kind in wanted]
        links = [ClaimLink(s.uid, s.claim_uid, s.implication_uid, SupportRelation(s.relation),
                           s.weight) for s in queries.list_supports(session)]
    claims = [MatrixClaim(c.uid, c.statement, c.claimant_name or "the source itself", c.grade,
                          c.source_title) for c in claim_rows]
    grades = {c.uid: (c.reliability, c.credibility) for c in claim_rows}
    judgements = [JudgementInput(j.uid, j.text, j.kind, j.likelihood, j.confidence)
                  for j in judgement_rows]
    return build_matrix(claims, judgements, links, grades)


def set_matrix_cell(ctx: ProjectContext, claim_uid: str, implication_uid: str,
                    relation: SupportRelation | str | None) -> Changes:
    """Make one cell say ``relation`` (None: no link). Undoable like any link edit."""
    if relation not in (None, ""):
        return implications.link_claim(ctx, claim_uid, implication_uid, relation)
    with ctx.reading() as session:
        links = list(session.execute(
            select(Support.uid)
            .join(Claim, Support.claim_id == Claim.id)
            .join(Implication, Support.implication_id == Implication.id)
            .where(Claim.uid == claim_uid, Implication.uid == implication_uid,
                   Support.deleted_at.is_(None))).scalars())
    if not links:
        return Changes(label="unlink claim")
    return implications.unlink(ctx, links)


# ---- the whole project --------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    date: str  # as stored (ISO 8601); "" when the source has no date
    source_uid: str
    title: str
    reliability: str


@dataclass(frozen=True)
class EntityCount:
    uid: str
    name: str
    type: str
    mentions: int
    sources: int


@dataclass(frozen=True)
class JudgementStrength:
    uid: str
    text: str
    likelihood: str | None
    confidence: str | None
    supports: int
    contradicts: int
    balance: float


@dataclass(frozen=True)
class ProjectOverview:
    name: str
    counts: Mapping[str, int] = field(default_factory=dict)
    timeline: tuple[TimelineEntry, ...] = ()  # dated sources oldest first, then undated
    top_entities: tuple[EntityCount, ...] = ()
    claims_by_status: Mapping[str, int] = field(default_factory=dict)
    weakest_judgements: tuple[JudgementStrength, ...] = ()
    pending_suggestions: int = 0
    totals: ProjectCounts = field(default_factory=ProjectCounts)  # as the status bar says


def project_overview(ctx: ProjectContext, top: int = 10) -> ProjectOverview:
    with ctx.reading() as session:
        source_rows = queries.list_sources(session)
        entity_rows = queries.list_entities(session, include_suggested=False)
        claim_rows = queries.list_claims(session, include_suggested=False)
        implication_rows = queries.list_implications(session, include_suggested=False)
        totals = count_rows(session)
    name = ctx.project().name
    timeline = sorted(source_rows, key=lambda s: (s.published_at == "", s.published_at, s.id))
    matrix = claims_matrix(ctx)
    weakest = sorted(matrix.judgements, key=lambda j: (j.balance, -j.contradicts, j.text))
    return ProjectOverview(
        name=name,
        counts={"sources": len(source_rows), "entities": len(entity_rows),
                "mentions": sum(e.mentions for e in entity_rows), "claims": len(claim_rows),
                "implications": len(implication_rows),
                "judgements": sum(1 for i in implication_rows
                                  if i.kind in {k.value for k in JUDGEMENT_KINDS})},
        timeline=tuple(TimelineEntry(s.published_at, s.uid, s.title, s.reliability)
                       for s in timeline),
        top_entities=tuple(
            EntityCount(e.uid, e.name, e.type, e.mentions, e.sources)
            for e in sorted(entity_rows, key=lambda e: (-e.mentions, -e.sources, e.name))[:top]
            if e.mentions),
        claims_by_status=dict(sorted(Counter(c.status for c in claim_rows).items())),
        weakest_judgements=tuple(
            JudgementStrength(j.uid, j.text, j.likelihood, j.confidence, j.supports,
                              j.contradicts, j.balance) for j in weakest[:5]),
        pending_suggestions=totals.suggestions,
        totals=totals,
    )
