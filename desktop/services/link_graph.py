"""Who is connected to whom: entities as nodes, relations and co-mentions as weighted edges.

Read by the Link chart view and the brief's link-chart figure. An edge's weight is
the grade of the evidence behind it, so a rumour draws a thin line and a confirmed
report from a reliable outlet a thick one:

- a **relation** weighs what the claim it rests on weighs (an ungraded relation, one
  with no claim, gets the weight of "F6");
- a **co-mention** joins two entities named inside the same claim's quoted text (or a
  claimant and an entity its claim names) and weighs as much as the best such claim.

Grade weight = reliability weight × credibility weight: A…F → 1.0…0.3, 1…6 → 1.0…0.3.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from db.models import Anchor, Claim, Entity, Mention, Source
from db.models.vocab import ReviewState, admiralty_grade
from db.repository import events as event_queries
from db.repository import queries
from desktop.core.context import ProjectContext

_RELIABILITY = {"A": 1.0, "B": 0.86, "C": 0.72, "D": 0.58, "E": 0.44, "F": 0.3}
_CREDIBILITY = {1: 1.0, 2: 0.86, 3: 0.72, 4: 0.58, 5: 0.44, 6: 0.3}


def grade_weight(grade: str) -> float:
    """``"B2"`` → 0.74; an unassessed half (``?``) or anything unreadable counts as the
    weakest grade, so an ungraded link is never drawn as strong."""
    rel = _RELIABILITY.get(grade[:1].upper(), 0.3) if grade else 0.3
    try:
        cred = _CREDIBILITY.get(int(grade[1:]), 0.3)
    except ValueError:
        cred = 0.3
    return round(rel * cred, 4)


@dataclass(frozen=True)
class Node:
    uid: str
    name: str
    type: str
    mentions: int
    source_uids: frozenset[str]


@dataclass(frozen=True)
class Edge:
    """``kind`` is "relation" (directed, ``label`` its type) or "co-mention" (undirected)."""

    kind: str
    source: str  # entity uid (the subject of a relation)
    target: str
    label: str
    weight: float
    grade: str  # the best grade behind the edge, "" when none
    evidence: tuple[str, ...]  # relation uid, or the uids of the claims behind a co-mention
    source_uids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class LinkGraph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def neighbours(self, uid: str) -> set[str]:
        found = set()
        for edge in self.edges:
            if edge.source == uid:
                found.add(edge.target)
            elif edge.target == uid:
                found.add(edge.source)
        return found


def _claim_mentions(session: Session) -> list[tuple[str, str, str | None, set[str]]]:
    """(claim uid, grade, claimant uid, uids of entities named inside its quote)."""
    claimant = aliased(Entity)
    claims = session.execute(
        select(Claim.uid, Claim.source_id, Anchor.start, Anchor.end, Source.reliability,
               Claim.credibility, claimant.uid, Source.uid)
        .join(Anchor, Claim.anchor_id == Anchor.id)
        .join(Source, Claim.source_id == Source.id)
        .outerjoin(claimant, (Claim.claimant_id == claimant.id) & claimant.deleted_at.is_(None))
        .where(Claim.deleted_at.is_(None), Claim.review_state == ReviewState.ACCEPTED,
               Source.deleted_at.is_(None))
    ).all()
    by_source: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for source_id, start, end, uid in session.execute(
        select(Mention.source_id, Anchor.start, Anchor.end, Entity.uid)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(Mention.deleted_at.is_(None), Entity.deleted_at.is_(None),
               Mention.review_state == ReviewState.ACCEPTED,
               Entity.review_state == ReviewState.ACCEPTED)
    ):
        by_source[source_id].append((start, end, uid))
    out: list[tuple[str, str, str | None, set[str]]] = []
    for uid, claim_source, start, end, reliability, credibility, who, _source_uid in claims:
        named = {e for s, t, e in by_source.get(claim_source or 0, ()) if s >= start and t <= end}
        out.append((uid, admiralty_grade(reliability, credibility), who, named))
    return out


def build_graph(session: Session) -> LinkGraph:
    entities = queries.list_entities(session, include_suggested=False)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for source_uid, entity_uid in session.execute(
        select(Source.uid, Entity.uid)
        .join(Mention, Mention.source_id == Source.id)
        .join(Entity, Mention.entity_id == Entity.id)
        .where(Mention.deleted_at.is_(None), Source.deleted_at.is_(None),
               Mention.review_state == ReviewState.ACCEPTED)
    ):
        sources_of[entity_uid].add(source_uid)
    nodes = tuple(Node(e.uid, e.name, e.type, e.mentions, frozenset(sources_of.get(e.uid, ())))
                  for e in entities)
    known = {n.uid for n in nodes}
    edges: list[Edge] = []
    for r in event_queries.list_relations(session, include_suggested=False):
        if r.subject_uid in known and r.object_uid in known:
            edges.append(Edge("relation", r.subject_uid, r.object_uid, r.type,
                              grade_weight(r.grade), r.grade, (r.uid,),
                              frozenset({r.source_uid} if r.source_uid else ())))
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    claim_source = dict(session.execute(
        select(Claim.uid, Source.uid).join(Source, Claim.source_id == Source.id)).all())
    for claim_uid, grade, claimant, named in _claim_mentions(session):
        members = sorted((named | ({claimant} if claimant else set())) & known)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs[(a, b)].append((claim_uid, grade))
    for (a, b), claims in sorted(pairs.items()):
        best = max(claims, key=lambda c: grade_weight(c[1]))
        edges.append(Edge("co-mention", a, b, "", grade_weight(best[1]), best[1],
                          tuple(c for c, _ in claims),
                          frozenset(claim_source[c] for c, _ in claims if c in claim_source)))
    return LinkGraph(nodes, tuple(edges))


def project_graph(ctx: ProjectContext) -> LinkGraph:
    with ctx.reading() as session:
        return build_graph(session)
