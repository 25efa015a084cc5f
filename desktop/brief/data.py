"""Everything a brief shows, read in one transaction with a fixed number of queries.

The brief never queries per claim or per judgement: the few queries here load whole
tables (without source texts) and the rest is done in Python, so a brief with
thousands of claims costs a handful of SELECTs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, select, text, union_all
from sqlalchemy.orm import Session, aliased

from db.models import (
    TRACKED_MODELS,
    Analyst,
    Anchor,
    Claim,
    Entity,
    EntityAlias,
    Implication,
    Mention,
    Project,
    Setting,
    Source,
    Support,
)
from db.models.vocab import (
    ClaimStatus,
    Confidence,
    Credibility,
    EntityType,
    ImplicationKind,
    Likelihood,
    Reliability,
    ReviewState,
    SourceKind,
    SupportRelation,
    admiralty_grade,
)
from db.repository.events import list_events
from desktop.brief.options import BriefOptions, BriefSection
from desktop.core.context import ProjectContext
from desktop.services.chronology import DatedEvent, chronology
from desktop.services.link_graph import LinkGraph, build_graph

_ACCEPTED = ReviewState.ACCEPTED


@dataclass(frozen=True)
class BriefSource:
    uid: str
    title: str
    kind: SourceKind
    author: str
    publisher: str
    published_at: str
    url: str
    original_filename: str
    reliability: Reliability | None  # None: not assessed (never shown as F)
    page_starts: tuple[int, ...]
    accessed: str = ""  # ISO-8601 of the import: when the analyst retrieved it

    @property
    def outlet(self) -> str:
        """Who published it, for "reported by …": publisher, else author, else title."""
        return self.publisher.strip() or self.author.strip() or self.title.strip()

    def page_at(self, offset: int | None) -> int | None:
        """The 1-based page holding code-point ``offset`` (PDF sources only)."""
        if offset is None or not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))


@dataclass(frozen=True)
class BriefClaim:
    uid: str
    statement: str
    claimant: str  # "" when the source itself makes the claim
    attribution: str
    source_uid: str | None
    reliability: Reliability | None  # the outlet's; None: not assessed
    credibility: Credibility | None  # the information's; None: not assessed
    status: ClaimStatus
    start: int | None
    quote: str  # the anchored passage, "" when the claim has no anchor

    @property
    def grade(self) -> str:
        """``B3``; ``B?`` when a half was not assessed (never shown as F or 6)."""
        return admiralty_grade(self.reliability, self.credibility)


@dataclass(frozen=True)
class BriefLink:
    claim: BriefClaim
    relation: SupportRelation
    note: str


@dataclass(frozen=True)
class BriefImplication:
    uid: str
    kind: ImplicationKind
    text: str
    likelihood: Likelihood | None
    confidence: Confidence | None
    rationale: str
    rank: int
    links: tuple[BriefLink, ...]
    anchor_quote: str = ""  # the source passage it is anchored to, if any

    @property
    def assessed(self) -> bool:
        """The analyst has stated both a likelihood and a confidence (ICD 203)."""
        return self.likelihood is not None and self.confidence is not None

    def linked(self, relation: SupportRelation) -> tuple[BriefClaim, ...]:
        return tuple(link.claim for link in self.links if link.relation == relation)


@dataclass(frozen=True)
class BriefEntity:
    uid: str
    name: str
    type: EntityType
    aliases: tuple[str, ...]
    description: str
    source_uids: tuple[str, ...]  # sources it is mentioned in, in source order


@dataclass(frozen=True)
class BriefData:
    project_uid: str
    project_name: str
    project_description: str
    default_marking: str
    analysts: tuple[str, ...]
    implications: tuple[BriefImplication, ...]  # rank order, every kind
    sources: tuple[BriefSource, ...]  # the brief's source order (S1, S2, ...)
    entities: tuple[BriefEntity, ...]  # by name (at most MAX_INDEXED_ENTITIES of them)
    latest_change: str  # ISO-8601 UTC of the newest change to the project's content

    entity_total: int = -1  # entities that qualified for the index; -1: all are listed
    events: tuple[DatedEvent, ...] = ()  # accepted events in time order (the chronology)
    graph: LinkGraph | None = None  # entities, relations and co-mentions (the link chart)

    def of_kind(self, kind: ImplicationKind) -> tuple[BriefImplication, ...]:
        return tuple(i for i in self.implications if i.kind == kind)


# A printed index of tens of thousands of names helps nobody and costs seconds: the
# brief lists the entities mentioned in the most sources and says how many it left out.
MAX_INDEXED_ENTITIES = 1000


def reliability_of(value: object) -> Reliability | None:
    """A stored reliability letter, or None when it was not assessed (or is unknown)."""
    try:
        found = Reliability.parse(value)
    except ValueError:
        return None
    return None if found is Reliability.UNASSESSED else found


def credibility_of(value: object) -> Credibility | None:
    """A stored credibility 1–6, or None when it was not assessed (or is unknown)."""
    try:
        number = int(getattr(value, "value", value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return Credibility(number) if 1 <= number <= 6 else None


def load_brief_data(ctx: ProjectContext, options: BriefOptions) -> BriefData:
    """Read what ``options`` select, in one read transaction."""
    with ctx.reading() as session:
        return read_brief_data(session, options)


def read_brief_data(session: Session, options: BriefOptions) -> BriefData:
    project = session.execute(
        select(Project).where(Project.deleted_at.is_(None)).order_by(Project.id)
    ).scalars().first()
    wanted_sources = None if options.source_uids is None else set(options.source_uids)
    sources = _sources(session, wanted_sources)
    source_ids = {row_id: src for row_id, src in sources}
    claims = _claims(session, source_ids, all_sources=wanted_sources is None)
    implications = _implications(session, claims, options.implication_uids)
    entities, entity_total = _entities(session, source_ids, claims,
                                       all_sources=wanted_sources is None)
    analysts = tuple(session.execute(
        select(Analyst.display_name).where(Analyst.deleted_at.is_(None)).order_by(Analyst.id)
    ).scalars())
    return BriefData(
        project_uid=project.uid if project else "",
        project_name=project.name if project else "",
        project_description=project.description if project else "",
        default_marking=project.default_marking if project else "",
        analysts=analysts,
        implications=implications,
        sources=tuple(src for _, src in sources),
        entities=entities,
        latest_change=_latest_change(session),
        entity_total=entity_total,
        # Read only for a brief that prints them (the two sections are optional).
        events=(_events(session, wanted_sources)
                if options.includes(BriefSection.CHRONOLOGY) else ()),
        graph=build_graph(session) if options.includes(BriefSection.LINK_CHART) else None,
    )


def _events(session: Session, wanted: set[str] | None) -> tuple[DatedEvent, ...]:
    """Accepted events from the chosen sources (and those tied to no source)."""
    rows = [r for r in list_events(session, include_suggested=False)
            if wanted is None or r.source_uid is None or r.source_uid in wanted]
    return tuple(chronology(rows))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts "log 2" before "log 10" (numbers compare as numbers)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", text.casefold()) if part)


def _sources(session: Session, wanted: set[str] | None) -> list[tuple[int, BriefSource]]:
    stmt = select(
        Source.id, Source.uid, Source.title, Source.kind, Source.author, Source.publisher,
        Source.published_at, Source.url, Source.original_filename, Source.reliability,
        Source.page_starts, Source.created_at,
    ).where(Source.deleted_at.is_(None))
    found = []
    for r in session.execute(stmt):
        if wanted is not None and r[1] not in wanted:
            continue
        pages = tuple(sorted(int(p) for p in (r[10] or []) if isinstance(p, int)))
        found.append((r[0], BriefSource(
            uid=r[1], title=r[2] or "", kind=r[3] or SourceKind.OTHER, author=r[4] or "",
            publisher=r[5] or "", published_at=r[6] or "", url=r[7] or "",
            original_filename=r[8] or "", reliability=reliability_of(r[9]), page_starts=pages,
            accessed=r[11] or "",
        )))
    # Chronological, as analysts list their reading; undated sources last.
    found.sort(key=lambda item: (not item[1].published_at, item[1].published_at,
                                 natural_key(item[1].title), item[1].uid))
    return found


def _claims(session: Session, source_ids: dict[int, BriefSource], *, all_sources: bool
            ) -> dict[int, BriefClaim]:
    claimant = aliased(Entity)
    stmt = (
        select(Claim.id, Claim.uid, Claim.statement, claimant.name, claimant.deleted_at,
               Claim.attribution, Claim.source_id, Claim.credibility, Claim.status,
               # An orphaned anchor's offset counts in an earlier text: no page to cite.
               case((Anchor.orphaned.is_(False), Anchor.start), else_=None), Anchor.exact)
        .select_from(Claim)
        .outerjoin(claimant, Claim.claimant_id == claimant.id)
        .outerjoin(Anchor, Claim.anchor_id == Anchor.id)
        .where(Claim.deleted_at.is_(None), Claim.review_state == _ACCEPTED)
    )
    found: dict[int, BriefClaim] = {}
    for r in session.execute(stmt):
        source = source_ids.get(r[6]) if r[6] is not None else None
        if source is None and not (all_sources and r[6] is None):
            continue  # its source is deleted or not chosen for this brief
        found[r[0]] = BriefClaim(
            uid=r[1], statement=r[2] or "", claimant=(r[3] or "") if r[4] is None else "",
            attribution=r[5] or "", source_uid=source.uid if source else None,
            reliability=source.reliability if source else None,
            credibility=credibility_of(r[7]),
            status=r[8] or ClaimStatus.UNASSESSED, start=r[9], quote=r[10] or "",
        )
    return found


def _implications(session: Session, claims: dict[int, BriefClaim],
                  wanted: tuple[str, ...] | None) -> tuple[BriefImplication, ...]:
    links: dict[int, list[tuple[float, int, BriefLink]]] = defaultdict(list)
    for s in session.execute(
        select(Support.implication_id, Support.claim_id, Support.relation, Support.note,
               Support.weight, Support.id)
        .where(Support.deleted_at.is_(None))
    ):
        claim = claims.get(s[1])
        if claim is not None:
            links[s[0]].append((-(s[4] or 0.0), s[5],
                                BriefLink(claim, s[2] or SupportRelation.SUPPORTS, s[3] or "")))
    chosen = None if wanted is None else set(wanted)
    found = []
    for r in session.execute(
        select(Implication.id, Implication.uid, Implication.kind, Implication.text,
               Implication.likelihood, Implication.confidence, Implication.rationale,
               Implication.rank, Anchor.exact)
        .select_from(Implication)
        .outerjoin(Anchor, Implication.anchor_id == Anchor.id)
        .where(Implication.deleted_at.is_(None), Implication.review_state == _ACCEPTED)
        .order_by(Implication.rank, Implication.id)
    ):
        if chosen is not None and r[1] not in chosen:
            continue
        ordered = tuple(link for _, _, link in sorted(links.get(r[0], []),
                                                      key=lambda t: (t[0], t[1])))
        found.append(BriefImplication(
            uid=r[1], kind=r[2] or ImplicationKind.JUDGEMENT, text=r[3] or "",
            likelihood=r[4], confidence=r[5], rationale=r[6] or "", rank=r[7] or 0,
            links=ordered, anchor_quote=r[8] or "",
        ))
    return tuple(found)


def _entities(session: Session, source_ids: dict[int, BriefSource],
              claims: dict[int, BriefClaim], *, all_sources: bool
              ) -> tuple[tuple[BriefEntity, ...], int]:
    """The indexed entities (by name) and how many qualified (-1 when all are listed).

    SQLite counts each entity's sources; only the entities that make the index have
    their sources fetched, so a million mentions cost one aggregate scan, not a million
    rows in Python.
    """
    # ``source_ids`` was built from the sorted source list, so it iterates in brief order.
    order = {src.uid: n for n, src in enumerate(source_ids.values())}
    live = (Mention.deleted_at.is_(None), Mention.review_state == _ACCEPTED)
    chosen = () if all_sources else (Mention.source_id.in_(list(source_ids)),)
    counting = select(Mention.entity_id, func.count(Mention.source_id.distinct())) \
        .where(*live, *chosen).group_by(Mention.entity_id)
    if all_sources and session.get_bind().dialect.name == "sqlite":
        # A full scan beats SQLite's choice of the entity_id index, which looks up every
        # mention row to read its state: three times slower at a million mentions.
        counting = text(  # type: ignore[assignment]
            "SELECT entity_id, count(DISTINCT source_id) FROM mention NOT INDEXED "
            "WHERE deleted_at IS NULL AND review_state = :state GROUP BY entity_id"
        ).bindparams(state=_ACCEPTED.value)
    counts: dict[int, int] = {entity: count for entity, count in session.execute(counting)}
    claimants = {c.claimant for c in claims.values() if c.claimant}
    rows = [tuple(r) for r in session.execute(
        select(Entity.id, Entity.uid, Entity.name, Entity.type, Entity.description)
        .where(Entity.deleted_at.is_(None), Entity.review_state == _ACCEPTED)
    ) if all_sources or counts.get(r[0]) or r[2] in claimants]
    total = -1
    if len(rows) > MAX_INDEXED_ENTITIES:
        total = len(rows)
        rows.sort(key=lambda r: (-counts.get(r[0], 0), (r[2] or "").casefold(), r[1]))
        rows = rows[:MAX_INDEXED_ENTITIES]
    wanted = [r[0] for r in rows]
    mentioned: dict[int, set[str]] = defaultdict(set)
    aliases: dict[int, list[str]] = defaultdict(list)
    for batch in range(0, len(wanted), 900):  # SQLite's limit on bound variables
        ids = wanted[batch:batch + 900]
        for entity_id, source_id in session.execute(
            select(Mention.entity_id, Mention.source_id)
            .where(*live, Mention.entity_id.in_(ids)).distinct()
        ):
            source = source_ids.get(source_id)
            if source is not None:
                mentioned[entity_id].add(source.uid)
        for entity_id, alias in session.execute(
            select(EntityAlias.entity_id, EntityAlias.alias)
            .where(EntityAlias.deleted_at.is_(None), EntityAlias.entity_id.in_(ids))
            .order_by(EntityAlias.id)
        ):
            aliases[entity_id].append(alias)
    found = [BriefEntity(
        uid=r[1], name=r[2] or "", type=r[3] or EntityType.OTHER,
        aliases=tuple(aliases.get(r[0], ())), description=r[4] or "",
        source_uids=tuple(sorted(mentioned.get(r[0], set()), key=lambda uid: order[uid])),
    ) for r in rows]
    found.sort(key=lambda e: (e.name.casefold(), e.name, e.uid))
    return tuple(found), total


def _latest_change(session: Session) -> str:
    """When the content last changed: brief settings and analyst records do not count."""
    models = [m for m in TRACKED_MODELS if m not in (Setting, Analyst)]
    newest = union_all(*(
        select(func.max(m.updated_at).label("at")) for m in models
    )).subquery()
    value = session.execute(select(func.max(newest.c.at))).scalar_one_or_none()
    return str(value or "")
