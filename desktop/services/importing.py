"""Import files as sources, reporting each file's outcome.

One file is one transaction and one undo step: a brat file's entities and
mentions are created in the same transaction as its source. A batch keeps the
good files and reports each bad one on its own line.

A folder stands for the supported files inside it. A received folder is
hostile data like any other: a link inside it can point at ``/etc/shadow`` or
``~/.ssh/id_ed25519``, which would then travel out in the shared project. So
links are followed only when they stay inside the folder; the others are
reported, by name and target, as not imported. Pipes and devices are refused
by the readers without ever blocking (``desktop.ingest.safe_read``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Entity, Mention, Source
from db.models.vocab import EntityType, Reliability, ReviewState
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext
from desktop.core.errors import InvalidInputError, ServiceError
from desktop.core.recorder import Recorder
from desktop.ingest.brat import BRAT_TYPE_KEY, brat_type_for, entity_type_for
from desktop.ingest.document import (
    EncryptedDocumentError,
    ImportCancelledError,
    ImportedDocument,
    ImportError_,
    content_sha256,
    normalise_text,
)
from desktop.ingest.registry import import_file, supported_suffixes
from desktop.services.annotate import new_anchor
from desktop.services.sources import add_source, find_duplicate, new_source_row, replace_text

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


class Outcome(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "already in project"
    FAILED = "failed"


@dataclass(frozen=True)
class ImportResult:
    path: Path
    outcome: Outcome
    message: str  # one line naming the file
    source_uid: str | None = None
    changes: Changes | None = None
    chars: int = 0
    # The file is a protected PDF: ask for its password and call import_path again.
    needs_password: bool = False


def store_document(ctx: ProjectContext, path: Path, doc: ImportedDocument,
                   reliability: Reliability | None = None) -> ImportResult:
    """Store an already-read document, unless the project already has its text."""
    if reliability is not None:
        doc.reliability = Reliability(reliability)
    text = normalise_text(doc.text)
    duplicate = find_duplicate(ctx, content_sha256(text))
    if duplicate:
        return ImportResult(path, Outcome.DUPLICATE, f"{path.name}: already in the project.",
                            duplicate)
    try:
        changes = add_annotated_source(ctx, doc) if doc.spans else add_source(ctx, doc)
    except ServiceError as err:
        return ImportResult(path, Outcome.FAILED, f"{path.name}: {err}")
    title = next((r.after.get("title") for r in changes.rows
                  if r.table == "source" and r.uid == changes.primary_uid), doc.title)
    detail = f", with {len(doc.spans)} entity mentions" if doc.spans else ""
    return ImportResult(path, Outcome.IMPORTED, f"{path.name}: imported as “{title}”{detail}",
                        changes.primary_uid, changes, len(text))


def import_path(ctx: ProjectContext, path: Path, reliability: Reliability | None = None,
                password: str | None = None) -> ImportResult:
    """Read and store one file; any failure is a FAILED result with a one-line reason."""
    return _import_one(ctx, Path(path), reliability, password, None)


def _import_one(ctx: ProjectContext, path: Path, reliability: Reliability | None,
                password: str | None, cancelled: Cancelled | None) -> ImportResult:
    try:
        doc = import_file(path, password, cancelled)
    except ImportCancelledError:
        raise
    except EncryptedDocumentError as err:
        return ImportResult(path, Outcome.FAILED, str(err), needs_password=True)
    except ImportError_ as err:
        return ImportResult(path, Outcome.FAILED, str(err))
    return store_document(ctx, path, doc, reliability)


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _link_left_folder(link: Path, target: Path) -> ImportResult:
    try:
        shown = os.readlink(link)
    except OSError:
        shown = str(target)
    return ImportResult(
        link, Outcome.FAILED,
        f"{link.name}: not imported: it is a link to {shown}, outside the folder being "
        "imported (Dossier follows links only inside the folder).")


def _walk_folder(folder: Path, suffixes: set[str]) -> tuple[list[Path], list[ImportResult]]:
    """Supported files under ``folder`` in name order, and the links that leave it."""
    root = Path(os.path.realpath(folder))
    files: list[Path] = []
    refused: list[ImportResult] = []
    # followlinks=False: a linked folder is never walked into, so the walk stays inside.
    for here, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(here)
        for dirname in dirs:
            linked = base / dirname
            if linked.is_symlink():
                target = Path(os.path.realpath(linked))
                if not _inside(target, root):
                    refused.append(_link_left_folder(linked, target))
        for filename in names:
            path = base / filename
            if filename.startswith(".") or path.suffix.lower() not in suffixes:
                continue
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not _inside(target, root):
                    refused.append(_link_left_folder(path, target))
                    continue
            files.append(path)
    return sorted(files), sorted(refused, key=lambda r: r.path)


def files_to_import(paths: Iterable[Path]) -> tuple[list[Path], list[ImportResult]]:
    """The files to import for ``paths`` (each file as given, each folder as its files).

    Also returns, as FAILED results, the links inside a folder that point outside
    it: they are never read. A file named on its own is the user's explicit choice
    and is read wherever a link in its name points (pipes and devices are still refused).
    """
    suffixes = set(supported_suffixes())
    files: list[Path] = []
    refused: list[ImportResult] = []
    for path in (Path(p) for p in paths):
        if path.is_dir():
            found, left = _walk_folder(path, suffixes)
            files.extend(found)
            refused.extend(left)
        else:
            files.append(path)
    return files, refused


def import_many(ctx: ProjectContext, paths: Iterable[Path], reliability: Reliability | None = None,
                progress: Progress | None = None, cancelled: Cancelled | None = None
                ) -> list[ImportResult]:
    """Import files one by one (each its own transaction), for a background worker.

    A folder among ``paths`` stands for its supported files (``files_to_import``);
    links leaving it come first in the results, as failures naming their target.

    ``progress(done, total, name)`` is called before each file and once at the end
    (``done`` = files finished, empty name). ``cancelled()`` is checked between
    files and while a guarded reader works; when it says yes, the file being read
    and those not yet started are left out of the results (nothing of them is
    stored), while files already imported stay.
    """
    todo, refused = files_to_import(paths)
    results: list[ImportResult] = list(refused)
    for index, path in enumerate(todo):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(index, len(todo), path.name)
        try:
            results.append(_import_one(ctx, path, reliability, None, cancelled))
        except ImportCancelledError:
            break
    if progress is not None:
        progress(len(results) - len(refused), len(todo), "")
    return results


class _EntityFinder:
    """Live entities by (folded name, type) for reuse, and new ones made as needed."""

    def __init__(self, session: Session, rec: Recorder) -> None:
        self.rec = rec
        self.known: dict[tuple[str, EntityType], list[Entity]] = {}
        for entity in session.execute(
            select(Entity).where(Entity.deleted_at.is_(None),
                                 Entity.review_state == ReviewState.ACCEPTED)
            .order_by(Entity.id)
        ).scalars():
            self.known.setdefault((entity.name.casefold(), entity.type), []).append(entity)

    def entity(self, name: str, brat_type: str) -> Entity:
        entity_type = entity_type_for(brat_type)
        key = (name.casefold(), entity_type)
        for entity in self.known.get(key, []):
            # Reuse only when an export would still write this span's brat type.
            if brat_type_for(entity.type, entity.external_ids) == brat_type:
                return entity
        entity = self.rec.add(Entity(name=name, type=entity_type, description="",
                                     external_ids={BRAT_TYPE_KEY: brat_type},
                                     review_state=ReviewState.ACCEPTED))
        self.known.setdefault(key, []).append(entity)
        return entity


def add_annotated_source(ctx: ProjectContext, doc: ImportedDocument) -> Changes:
    """Store a document with its brat spans: source, entities, anchors, accepted mentions.

    One transaction, so one undo step removes all of it. Spans whose entity name
    and type match a live entity are added to that entity.
    """
    text = normalise_text(doc.text)
    if text != doc.text:
        raise InvalidInputError("The annotated text was not normalised, so its offsets would "
                                "not hold.")
    if not text.strip():
        raise InvalidInputError(f"{doc.original_filename or 'The document'} contains no text.")
    with ctx.transaction() as session:
        existing = session.execute(
            select(Source.title).where(Source.content_sha256 == content_sha256(text),
                                       Source.deleted_at.is_(None))
        ).scalars().first()
        if existing is not None:
            raise InvalidInputError(f"Already in the project as “{existing}”.")
        rec = Recorder(session, ctx.analyst.uid)
        source = rec.add(new_source_row(doc, text))
        finder = _EntityFinder(session, rec)
        for brat_type, start, end, quoted in doc.spans:
            if text[start:end] != quoted:
                raise InvalidInputError(f"An annotation ({start}–{end}) does not match the text.")
            name = " ".join(quoted.split())[:500]
            if not name:
                continue
            entity = finder.entity(name, brat_type)
            anchor = new_anchor(rec, source, start, end)
            rec.add(Mention(entity_id=entity.id, source_id=source.id, anchor_id=anchor.id,
                            review_state=ReviewState.ACCEPTED))
        return rec.changes(f"import “{source.title}”", source.uid, mentions=len(doc.spans))


def reimport_source(ctx: ProjectContext, source_uid: str, doc: ImportedDocument) -> Changes:
    """Give an existing source the text of an edited version of its file.

    Annotations re-anchor by quote and context; those that cannot be placed are
    flagged orphaned, never dropped (see sources.replace_text). Returns empty
    Changes when the text is the same. ``changes.extra`` holds ``orphaned`` and
    ``anchors`` counts for the message the UI shows.
    """
    return replace_text(ctx, source_uid, doc.text, list(doc.page_starts))
