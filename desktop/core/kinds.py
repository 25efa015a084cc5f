"""The kind registry: every annotation kind, and the things annotated, declared once.

A kind is what a user makes and sees as rows: a source, an entity, a mention, a
claim, an implication, a link (support), an event, a relation. Each ``Kind`` says
everything the rest of Dossier needs to know about it — model, list query,
labels, reader highlight, detail and editable fields, CLI listing, export columns,
merge and check participation, brief section — and every consumer (tables,
reader, details, search, merge, validation, CLI, exports, review queue, brief)
reads this registry instead of keeping its own list.

``Kind`` has no defaults on purpose: declaring a new kind means deciding, field by
field, how each consumer treats it, so none can be forgotten. What the database
layer needs (search fields, counted by ``dossier check``) is declared on the model
itself, because ``db`` sits below this package; ``tests/core/test_kind_registry.py``
checks the two agree. The create/update/delete services are bound to each kind in
``desktop.services.kinds`` (services sit above the core), which refuses to import if
a kind has none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from db.models import (
    TRACKED_MODELS,
    Claim,
    Entity,
    Event,
    Implication,
    Mention,
    Relation,
    Source,
    Support,
    Tracked,
)
from db.models.vocab import EntityType
from db.repository import events as event_queries
from db.repository import queries
from db.repository.rows import SpanRow


class Editor(StrEnum):
    """How a field is edited; the UI maps each to a widget (``desktop.ui.delegates``)."""

    TEXT = "text"  # one line
    LONG_TEXT = "long text"  # the detail panel's multi-line editor
    CHOICE = "choice"  # a vocabulary combo box (``FieldSpec.vocabulary``)
    ENTITY = "entity"  # an entity picker
    DATE = "date"  # an ISO date, month or year
    ALIASES = "aliases"  # comma-separated names


@dataclass(frozen=True)
class FieldSpec:
    """One field a user can edit: the service's name for it, its label and its editor."""

    name: str
    label: str
    editor: Editor
    vocabulary: str = ""  # for CHOICE: the key in desktop.ui.choices.BY_FIELD


@dataclass(frozen=True)
class Listing:
    """How a kind is listed by ``dossier list`` and exported as JSON and CSV."""

    name: str  # plural, used as the CLI choice, the JSON key and the CSV file name
    rows: Callable[[Session, bool], Sequence[Any]]  # (session, include_suggested)
    line: Callable[[Mapping[str, Any]], str]  # one plain-text CLI line from the row's dict
    columns: tuple[str, ...]  # CSV header when there are no rows
    extra: Callable[[Any], Mapping[str, Any]]  # derived values added to the row's dict

    def as_dict(self, row: Any) -> dict[str, Any]:
        data = asdict(row)
        data.update(self.extra(row))
        return data


@dataclass(frozen=True)
class Kind:
    name: str  # the table name; what ``Changes.kinds`` holds
    model: type[Tracked]
    singular: str
    plural: str
    annotation: bool  # anchored to text (False: a thing that is annotated)
    listing: Listing | None  # None: not listed on its own (mentions go with entities)
    spans: Callable[[Session, int], list[SpanRow]] | None  # reader highlights of one source
    highlight: str | None  # reader highlight style (desktop.ui.highlights), None: not drawn
    detail_fields: tuple[FieldSpec, ...]  # long fields edited in the detail panel
    fields: tuple[FieldSpec, ...]  # fields edited in the kind's table
    refresh_on: frozenset[str]  # tables whose changes alter this kind's rows
    suggestible: bool  # assist proposes it; the review queue shows it
    brief_section: str | None  # the BriefSection value that prints it, None: not printed

    def label(self, count: int) -> str:
        return self.singular if count == 1 else self.plural

    def count(self, count: int) -> str:
        return f"{count} {self.label(count)}"


def _claim_extra(row: Any) -> dict[str, Any]:
    return {"grade": row.grade, "claimant": row.claimant_name or "(the source itself)"}


def _entity_extra(row: Any) -> dict[str, Any]:
    try:
        type_label = EntityType(row.type).label
    except ValueError:
        type_label = row.type
    return {"aliases": list(row.aliases), "type_label": type_label}


def _event_extra(row: Any) -> dict[str, Any]:
    return {"when": row.when, "participants": list(row.participants),
            "participant_uids": list(row.participant_uids), "claim_uids": list(row.claim_uids)}


def _none(row: Any) -> dict[str, Any]:
    return {}


def _source_line(r: Mapping[str, Any]) -> str:
    return f"{r['reliability']}  {r['chars']:>7} chars  {r['title']}"


def _entity_line(r: Mapping[str, Any]) -> str:
    aliases = f" (aka {', '.join(r['aliases'])})" if r["aliases"] else ""
    return f"{r['type_label']:<22}  {r['name']}{aliases}"


def _claim_line(r: Mapping[str, Any]) -> str:
    return f"{r['grade']}  {r['claimant']}: {r['statement']}"


def _implication_line(r: Mapping[str, Any]) -> str:
    likely = f" [{r['likelihood']}, {r['confidence']} confidence]" if r["likelihood"] else ""
    return f"{r['kind']:<10}  {r['text']}{likely}"


def _support_line(r: Mapping[str, Any]) -> str:
    return (f"{r['relation']:<11}  claim {r['claim_uid'][:13]} → "
            f"implication {r['implication_uid'][:13]}")


def _event_line(r: Mapping[str, Any]) -> str:
    where = f" @ {r['place_name']}" if r["place_name"] else ""
    who = f" ({', '.join(r['participants'])})" if r["participants"] else ""
    return f"{r['when']:<24}  {r['title']}{where}{who}"


def _relation_line(r: Mapping[str, Any]) -> str:
    grade = f"  [{r['grade']}]" if r["grade"] else ""
    return f"{r['subject_name']} —{r['type']}→ {r['object_name']}{grade}"


def _rows(query: Callable[..., Sequence[Any]]) -> Callable[[Session, bool], Sequence[Any]]:
    return lambda session, include_suggested: query(session, include_suggested=include_suggested)


def _all_rows(query: Callable[[Session], Sequence[Any]]) -> Callable[[Session, bool], Sequence[Any]]:
    return lambda session, _include_suggested: query(session)


E = Editor
SOURCE = Kind(
    name="source", model=Source, singular="source", plural="sources", annotation=False,
    listing=Listing("sources", _all_rows(queries.list_sources), _source_line,
                    ("id", "uid", "title", "kind", "author", "publisher", "published_at", "url",
                     "language", "reliability", "original_filename", "content_sha256", "chars"),
                    _none),
    spans=None, highlight=None, detail_fields=(),
    fields=(FieldSpec("title", "Title", E.TEXT), FieldSpec("published_at", "Date", E.DATE),
            FieldSpec("reliability", "Reliability", E.CHOICE, "reliability"),
            FieldSpec("author", "Author", E.TEXT), FieldSpec("publisher", "Publisher", E.TEXT)),
    refresh_on=frozenset({"source", "mention", "claim"}), suggestible=False,
    brief_section="sources",
)
ENTITY = Kind(
    name="entity", model=Entity, singular="entity", plural="entities", annotation=False,
    listing=Listing("entities", _rows(queries.list_entities), _entity_line,
                    ("id", "uid", "name", "type", "aliases", "description", "mentions",
                     "sources", "review_state"), _entity_extra),
    spans=None, highlight=None,
    detail_fields=(FieldSpec("description", "Description", E.LONG_TEXT),),
    fields=(FieldSpec("name", "Name", E.TEXT), FieldSpec("type", "Type", E.CHOICE, "type"),
            FieldSpec("aliases", "Aliases", E.ALIASES),
            FieldSpec("description", "Description", E.TEXT)),
    refresh_on=frozenset({"entity", "entity_alias", "mention"}), suggestible=True,
    brief_section="entities",
)
MENTION = Kind(
    name="mention", model=Mention, singular="mention", plural="mentions", annotation=True,
    listing=None, spans=queries.spans_for_source, highlight="entity type",
    detail_fields=(), fields=(), refresh_on=frozenset({"mention", "entity", "anchor"}),
    suggestible=True, brief_section="entities",
)
CLAIM = Kind(
    name="claim", model=Claim, singular="claim", plural="claims", annotation=True,
    listing=Listing("claims", _rows(queries.list_claims), _claim_line,
                    ("id", "uid", "statement", "claimant_uid", "claimant_name", "attribution",
                     "source_uid", "source_title", "reliability", "credibility", "status",
                     "grade"), _claim_extra),
    spans=queries.spans_for_source, highlight="claim",
    detail_fields=(FieldSpec("statement", "Statement", E.LONG_TEXT),
                   FieldSpec("notes", "Notes", E.LONG_TEXT)),
    fields=(FieldSpec("statement", "Statement", E.TEXT),
            FieldSpec("claimant_uid", "Claimant", E.ENTITY),
            FieldSpec("credibility", "Credibility", E.CHOICE, "credibility"),
            FieldSpec("status", "Status", E.CHOICE, "status"),
            FieldSpec("attribution", "Attribution", E.TEXT)),
    refresh_on=frozenset({"claim", "support", "entity", "source"}), suggestible=True,
    brief_section="judgements",
)
IMPLICATION = Kind(
    name="implication", model=Implication, singular="implication", plural="implications",
    annotation=True,
    listing=Listing("implications", _rows(queries.list_implications), _implication_line,
                    ("id", "uid", "kind", "text", "likelihood", "confidence", "rationale",
                     "rank"), _none),
    spans=queries.spans_for_source, highlight="implication",
    detail_fields=(FieldSpec("text", "Text", E.LONG_TEXT),
                   FieldSpec("rationale", "Rationale", E.LONG_TEXT)),
    fields=(FieldSpec("kind", "Kind", E.CHOICE, "kind"), FieldSpec("text", "Text", E.TEXT),
            FieldSpec("likelihood", "Likelihood", E.CHOICE, "likelihood"),
            FieldSpec("confidence", "Confidence", E.CHOICE, "confidence")),
    refresh_on=frozenset({"implication", "support", "claim"}), suggestible=True,
    brief_section="judgements",
)
SUPPORT = Kind(
    name="support", model=Support, singular="link", plural="links", annotation=False,
    listing=Listing("links", _all_rows(queries.list_supports), _support_line,
                    ("uid", "claim_uid", "implication_uid", "relation", "weight", "note"),
                    _none),
    spans=None, highlight=None, detail_fields=(), fields=(),
    refresh_on=frozenset({"support", "claim", "implication"}), suggestible=False,
    brief_section="judgements",
)
EVENT = Kind(
    name="event", model=Event, singular="event", plural="events", annotation=True,
    listing=Listing("events", _rows(event_queries.list_events), _event_line,
                    ("id", "uid", "title", "description", "date_start", "date_end",
                     "date_precision", "approximate", "date_text", "when", "place_uid",
                     "place_name", "participants", "participant_uids", "claim_uids",
                     "source_uid", "source_title", "review_state"), _event_extra),
    spans=event_queries.event_spans, highlight="event",
    detail_fields=(FieldSpec("title", "What happened", E.LONG_TEXT),
                   FieldSpec("description", "Description", E.LONG_TEXT)),
    fields=(FieldSpec("title", "What happened", E.TEXT), FieldSpec("when", "When", E.DATE),
            FieldSpec("place_uid", "Where", E.ENTITY)),
    refresh_on=frozenset({"event", "event_participant", "event_claim", "entity", "source",
                          "claim"}),
    suggestible=True, brief_section="chronology",
)
RELATION = Kind(
    name="relation", model=Relation, singular="relation", plural="relations", annotation=True,
    listing=Listing("relations", _rows(event_queries.list_relations), _relation_line,
                    ("id", "uid", "subject_uid", "subject_name", "subject_type", "type",
                     "object_uid", "object_name", "object_type", "claim_uid",
                     "claim_statement", "grade", "source_uid", "source_title", "notes",
                     "review_state"), _none),
    spans=event_queries.relation_spans, highlight="relation",
    detail_fields=(FieldSpec("notes", "Notes", E.LONG_TEXT),),
    fields=(FieldSpec("subject_uid", "From", E.ENTITY),
            FieldSpec("type", "Relation", E.CHOICE, "relation_type"),
            FieldSpec("object_uid", "To", E.ENTITY)),
    refresh_on=frozenset({"relation", "entity", "claim", "source"}), suggestible=False,
    brief_section="link_chart",
)

# In the order users meet them (tables, counts, exports).
KINDS: tuple[Kind, ...] = (SOURCE, ENTITY, MENTION, CLAIM, IMPLICATION, SUPPORT, EVENT, RELATION)
BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
LISTED: tuple[Kind, ...] = tuple(k for k in KINDS if k.listing is not None)
SUGGESTIBLE: tuple[str, ...] = tuple(k.name for k in KINDS if k.suggestible)


def kind(name: str) -> Kind:
    return BY_NAME[name]


def by_listing(name: str) -> Kind:
    """The kind listed as ``name`` (``claims``, ``events``...)."""
    return next(k for k in LISTED if k.listing is not None and k.listing.name == name)


def table_order() -> tuple[str, ...]:
    """Every tracked table: the kinds first in registry order, then the bookkeeping ones."""
    tables = [str(m.__tablename__) for m in TRACKED_MODELS]  # type: ignore[attr-defined]
    return tuple(k.name for k in KINDS) + tuple(t for t in tables if t not in BY_NAME)


def table_label(table: str, count: int = 2) -> str:
    """What a user calls rows of ``table``: the kind's label, else the table's own name."""
    if table in BY_NAME:
        return BY_NAME[table].label(count)
    words = table.replace("_", " ")
    if count == 1:
        return words
    return words + ("es" if words.endswith("s") else "s")


def spans_for_source(session: Session, source_id: int) -> list[SpanRow]:
    """Every live highlight on one source, from each kind's own span query (run once each)."""
    found: list[SpanRow] = []
    for query in dict.fromkeys(k.spans for k in KINDS if k.spans is not None):
        found.extend(query(session, source_id))
    found.sort(key=lambda s: (s.start, -s.end))
    return found


def refreshing(table: str) -> frozenset[str]:
    """The kinds whose rows a change to ``table`` can alter."""
    return frozenset(k.name for k in KINDS if table in k.refresh_on)
