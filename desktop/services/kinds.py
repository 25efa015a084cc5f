"""The services bound to each kind of the registry: create, update, delete.

The registry (``desktop.core.kinds``) sits below the services, so the services each
kind uses are bound here, once. Importing this module fails if a registered kind
has no binding, so a new kind cannot reach a user without its services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.kinds import KINDS, Kind
from desktop.services import (
    claims,
    entities,
    events,
    implications,
    relations,
    sources,
)

Delete = Callable[[ProjectContext, Sequence[str]], Changes]


@dataclass(frozen=True)
class KindServices:
    create: Callable[..., Changes] | None  # None: made another way (import, link dialog)
    update: Callable[..., Changes] | None  # (ctx, uid, **fields); None: not edited in place
    delete: Delete


SERVICES: dict[str, KindServices] = {
    "source": KindServices(None, sources.update_source, sources.delete_sources),
    "entity": KindServices(entities.create_entity, entities.update_entity,
                           entities.delete_entities),
    "mention": KindServices(entities.add_mention, None, entities.delete_mentions),
    "claim": KindServices(claims.create_claim, claims.update_claim, claims.delete_claims),
    "implication": KindServices(implications.create_implication,
                                implications.update_implication,
                                implications.delete_implications),
    "support": KindServices(implications.link_claim, None, implications.unlink),
    "event": KindServices(events.create_event, events.update_event, events.delete_events),
    "relation": KindServices(relations.create_relation, relations.update_relation,
                             relations.delete_relations),
}

_missing = [k.name for k in KINDS if k.name not in SERVICES]
if _missing:  # pragma: no cover - a registry edit without its services
    raise ImportError(f"kinds without services: {', '.join(_missing)}")


def services(kind: Kind | str) -> KindServices:
    return SERVICES[kind if isinstance(kind, str) else kind.name]


def update(ctx: ProjectContext, kind: str, uid: str, **fields: Any) -> Changes:
    bound = SERVICES[kind].update
    if bound is None:
        raise ValueError(f"{kind} rows are not edited in place")
    return bound(ctx, uid, **fields)


def delete(ctx: ProjectContext, kind: str, uids: Sequence[str]) -> Changes:
    return SERVICES[kind].delete(ctx, uids)
