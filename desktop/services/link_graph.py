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
from sqlalchemy.orm import Session

from db.models import Anchor, Claim, Entity, Mention, Source
from db.models.vocab import ReviewState, admiralty_grade
from db.repository import events as event_queries
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


def build_graph(session: Session) -> LinkGraph:
    """The graph in four queries whatever the project's size: entities, mentions, claims,
    relations."""
    entities = session.execute(
        select(Entity.id, Entity.uid, Entity.name, Entity.type)
        .where(Entity.deleted_at.is_(None), Entity.review_state == ReviewState.ACCEPTED)
        .order_by(Entity.name)
    ).all()
    uid_of = {r[0]: r[1] for r in entities}
    mentions_by_source: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for source_id, source_uid, start, end, entity_id in session.execute(
        select(Mention.source_id, Source.uid, Anchor.start, Anchor.end, Mention.entity_id)
        .join(Anchor, Mention.anchor_id == Anchor.id)
        .join(Source, Mention.source_id == Source.id)
        .where(Mention.deleted_at.is_(None), Source.deleted_at.is_(None),
               Mention.review_state == ReviewState.ACCEPTED)
    ):
        uid = uid_of.get(entity_id)
        if uid is None:
            continue
        mentions_by_source[source_id].append((start, end, uid))
        counts[uid] += 1
        sources_of[uid].add(source_uid)
    nodes = tuple(Node(r[1], r[2], str(getattr(r[3], "value", r[3])), counts.get(r[1], 0),
                       frozenset(sources_of.get(r[1], ()))) for r in entities)
    edges: list[Edge] = []
    known = set(uid_of.values())
    for r in event_queries.list_relations(session, include_suggested=False):
        if r.subject_uid in known and r.object_uid in known:
            edges.append(Edge("relation", r.subject_uid, r.object_uid, r.type,
                              grade_weight(r.grade), r.grade, (r.uid,),
                              frozenset({r.source_uid} if r.source_uid else ())))
    pairs: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for claim_uid, claim_source, source_uid, start, end, reliability, credibility, claimant_id \
            in session.execute(
                select(Claim.uid, Claim.source_id, Source.uid, Anchor.start, Anchor.end,
                       Source.reliability, Claim.credibility, Claim.claimant_id)
                .join(Anchor, Claim.anchor_id == Anchor.id)
                .join(Source, Claim.source_id == Source.id)
                .where(Claim.deleted_at.is_(None), Claim.review_state == ReviewState.ACCEPTED,
                       Source.deleted_at.is_(None))):
        named = {u for s, t, u in mentions_by_source.get(claim_source or 0, ())
                 if s >= start and t <= end}
        if claimant_id in uid_of:
            named.add(uid_of[claimant_id])
        grade = admiralty_grade(reliability, credibility)
        members = sorted(named)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs[(a, b)].append((claim_uid, grade, source_uid))
    for (a, b), claims in sorted(pairs.items()):
        best = max(claims, key=lambda c: grade_weight(c[1]))
        edges.append(Edge("co-mention", a, b, "", grade_weight(best[1]), best[1],
                          tuple(c[0] for c in claims), frozenset(c[2] for c in claims)))
    return LinkGraph(nodes, tuple(edges))


def project_graph(ctx: ProjectContext) -> LinkGraph:
    with ctx.reading() as session:
        return build_graph(session)
