"""How much a project holds, counted once and said the same way everywhere.

The GUI status bar, ``dossier check`` and ``dossier summary`` all call
``project_counts`` and print ``counts_line``, so they report the same numbers in
the same words: the analyst's accepted work, with suggestions that still wait for
review counted apart (never as work).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, select
from sqlalchemy.orm import Session, aliased

from db.models import Claim, Entity, Implication, Mention, Source, Support
from db.models.vocab import EntityType, ReviewState
from desktop.core.context import ProjectContext
from desktop.core.kinds import BY_NAME, KINDS, LISTED
from desktop.services.anchor_check import count_orphaned

_ACCEPTED = ReviewState.ACCEPTED
_SUGGESTED = ReviewState.SUGGESTED

# Irregular plurals of the nouns Dossier counts; every other noun takes an "s".
_PLURALS = {"entity": "entities", "suggestion waiting": "suggestions waiting",
            "source(s)": "sources", "analysis": "analyses"}


def plural(n: int, noun: str) -> str:
    """``1 claim``, ``2 claims``, ``1 entity``, ``3 entities``."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {_PLURALS.get(noun, noun + 's')}"


def noun_form(n: int, noun: str) -> str:
    """The noun alone, in the form that goes with ``n`` (``Delete 2 entities?``)."""
    return plural(n, noun).split(" ", 1)[1]


def sentence_case(text: str) -> str:
    """Capital first letter, the rest as written (names keep their capitals)."""
    return text[:1].upper() + text[1:]


def type_label(entity_type: str) -> str:
    """``Person``, ``Country / state / city``: an entity type as the analyst reads it."""
    try:
        return EntityType(entity_type).label
    except ValueError:
        return entity_type


@dataclass(frozen=True)
class ProjectCounts:
    sources: int = 0
    entities: int = 0
    mentions: int = 0
    claims: int = 0
    implications: int = 0
    links: int = 0
    suggestions: int = 0  # waiting for review, one per line of the review queue
    # Every other kind of the registry (events, relations...): (kind name, accepted rows).
    others: tuple[tuple[str, int], ...] = ()
    orphaned: int = 0  # annotations whose text changed and that could not be re-placed


def counts_line(counts: ProjectCounts, separator: str = " · ") -> str:
    """``3 sources · 12 entities · 40 mentions · 7 claims · 6 implications · 5 links``."""
    parts = [plural(counts.sources, "source"), plural(counts.entities, "entity"),
             plural(counts.mentions, "mention"), plural(counts.claims, "claim"),
             plural(counts.implications, "implication"), plural(counts.links, "link")]
    parts += [BY_NAME[name].count(n) for name, n in counts.others]
    if counts.suggestions:
        parts.append(plural(counts.suggestions, "suggestion waiting"))
    if counts.orphaned:
        parts.append(plural(counts.orphaned, "orphaned annotation"))
    return separator.join(parts)


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.execute(query).scalar_one())


def _live(model: type[Claim] | type[Implication] | type[Entity] | type[Mention],
          state: ReviewState) -> ColumnElement[bool]:
    return and_(model.deleted_at.is_(None), model.review_state == state)


def count_rows(session: Session) -> ProjectCounts:
    """The counts, read in one session (the same filters as the GUI's tables)."""
    n = func.count()
    suggested_mentions = (select(Mention.source_id, Mention.entity_id)
                          .join(Entity, Mention.entity_id == Entity.id)
                          .where(_live(Mention, _SUGGESTED), Entity.deleted_at.is_(None)))
    pairs = suggested_mentions.where(Entity.review_state == _SUGGESTED).distinct().subquery()
    claim, implication = aliased(Claim), aliased(Implication)
    suggestions = (
        _count(session, select(n).select_from(suggested_mentions.subquery()))
        # A suggested entity is one more line of the queue on each source it is found in.
        + _count(session, select(n).select_from(pairs))
        + _count(session, select(n).select_from(Claim).where(
            _live(Claim, _SUGGESTED), Claim.anchor_id.is_not(None)))
        + _count(session, select(n).select_from(Implication).where(
            _live(Implication, _SUGGESTED), Implication.anchor_id.is_not(None)))
        # The registry's other suggestible kinds (events): one queue line per anchored row.
        + sum(_count_suggested(session, k.model) for k in KINDS
              if k.suggestible and k.name not in _FIXED))
    return ProjectCounts(
        sources=_count(session, select(n).select_from(Source).where(Source.deleted_at.is_(None))),
        entities=_count(session, select(n).select_from(Entity).where(_live(Entity, _ACCEPTED))),
        mentions=_count(session, select(n).select_from(Mention)
                        .join(Entity, Mention.entity_id == Entity.id)
                        .where(_live(Mention, _ACCEPTED), _live(Entity, _ACCEPTED))),
        claims=_count(session, select(n).select_from(Claim).where(_live(Claim, _ACCEPTED))),
        implications=_count(session, select(n).select_from(Implication)
                            .where(_live(Implication, _ACCEPTED))),
        links=_count(session, select(n).select_from(Support)
                     .join(claim, Support.claim_id == claim.id)
                     .join(implication, Support.implication_id == implication.id)
                     .where(Support.deleted_at.is_(None), _live(claim, _ACCEPTED),
                            _live(implication, _ACCEPTED))),
        suggestions=suggestions,
        others=tuple((k.name, _count_kind(session, k.model)) for k in LISTED
                     if k.name not in _FIXED),
        orphaned=count_orphaned(session),
    )


# The kinds counted by the fields above; the registry's other kinds are counted generically.
_FIXED = frozenset({"source", "entity", "mention", "claim", "implication", "support"})


def _count_suggested(session: Session, model: Any) -> int:
    return _count(session, select(func.count()).select_from(model).where(
        model.deleted_at.is_(None), model.review_state == _SUGGESTED,
        model.anchor_id.is_not(None)))


def _count_kind(session: Session, model: Any) -> int:
    query = select(func.count()).select_from(model).where(model.deleted_at.is_(None))
    if hasattr(model, "review_state"):
        query = query.where(model.review_state == _ACCEPTED)
    return _count(session, query)


def project_counts(ctx: ProjectContext) -> ProjectCounts:
    with ctx.reading() as session:
        return count_rows(session)
