"""Import files as sources, reporting each file's outcome."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from db.models.vocab import Reliability
from desktop.ingest.document import ImportedDocument, ImportError_, normalise_text, content_sha256
from desktop.ingest.registry import import_file
from desktop.services.changes import Changes
from desktop.services.context import ProjectContext
from desktop.services.errors import ServiceError
from desktop.services.sources import add_source, find_duplicate


class Outcome(str, Enum):
    IMPORTED = "imported"
    DUPLICATE = "already in project"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: Outcome
    message: str
    source_uid: str | None = None
    changes: Changes | None = None
    chars: int = 0


def store_document(ctx: ProjectContext, path: Path, doc: ImportedDocument,
                   reliability: Reliability | None = None) -> ImportResult:
    if reliability is not None:
        doc.reliability = reliability
    sha = content_sha256(normalise_text(doc.text))
    duplicate = find_duplicate(ctx, sha)
    if duplicate:
        return ImportResult(path, Outcome.DUPLICATE, f"{path.name}: already in the project.",
                            duplicate)
    try:
        changes = add_source(ctx, doc)
    except ServiceError as err:
        return ImportResult(path, Outcome.FAILED, f"{path.name}: {err}")
    return ImportResult(path, Outcome.IMPORTED, f"{path.name}: imported as “{doc.title}”",
                        changes.primary_uid, changes, len(normalise_text(doc.text)))


def import_path(ctx: ProjectContext, path: Path,
                reliability: Reliability | None = None) -> ImportResult:
    try:
        doc = import_file(path)
    except ImportError_ as err:
        return ImportResult(path, Outcome.FAILED, str(err))
    return store_document(ctx, path, doc, reliability)
