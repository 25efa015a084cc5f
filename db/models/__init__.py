"""Typed SQLAlchemy 2 models, one module per aggregate, and the shared vocabularies."""

from db.models.anchor import Anchor
from db.models.base import TRACKED_COLUMNS, Base, Tracked
from db.models.claim import Claim
from db.models.entity import Entity, EntityAlias, Mention
from db.models.history import HISTORY_PER_ROW, ReplicaClock, RowVersion
from db.models.implication import Implication, Support
from db.models.misc import MergeConflict, MergeLog, Note, Tag, Tagging
from db.models.project import Analyst, Project, Setting
from db.models.source import Source, SourceTextVersion

# Tables that are a file's history and clock, not rows anyone made: no Tracked columns.
HISTORY_TABLES = frozenset({"row_version", "replica_clock"})

# Every user-visible table, in dependency order (parents before children).
TRACKED_MODELS: tuple[type[Tracked], ...] = (
    Project,
    Analyst,
    Setting,
    Source,
    SourceTextVersion,
    Anchor,
    Entity,
    EntityAlias,
    Mention,
    Claim,
    Implication,
    Support,
    Tag,
    Tagging,
    Note,
    MergeLog,
    MergeConflict,
)

__all__ = [
    "HISTORY_PER_ROW",
    "HISTORY_TABLES",
    "TRACKED_COLUMNS",
    "TRACKED_MODELS",
    "Analyst",
    "Anchor",
    "Base",
    "Claim",
    "Entity",
    "EntityAlias",
    "Implication",
    "Mention",
    "MergeConflict",
    "MergeLog",
    "Note",
    "Project",
    "ReplicaClock",
    "RowVersion",
    "Setting",
    "Source",
    "SourceTextVersion",
    "Support",
    "Tag",
    "Tagging",
    "Tracked",
]
