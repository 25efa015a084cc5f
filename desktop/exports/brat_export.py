"""Every source as a brat standoff pair: ``<name>.txt`` (the text) and ``<name>.ann``.

Accepted entity mentions become ``T`` lines with code-point offsets into the
.txt. Each entity's type is written as the brat type it was imported with
(``external_ids["brat_type"]``), else from the PERS/ORG/LOC/MISC table in
desktop.ingest.brat. Names come from the original file name, so a brat file
imported and exported again keeps its name; clashes get ``-2``, ``-3``…
Mentions whose anchors are orphaned are left out (their offsets are unknown).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db.models import Anchor, Entity, Mention, Source
from db.models.vocab import ReviewState
from desktop.core.errors import InvalidInputError
from desktop.ingest.brat import brat_type_for, format_ann

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def _base_name(source: Source) -> str:
    name = source.original_filename or ""
    stem = Path(name).stem if name else ""
    stem = _UNSAFE.sub("_", stem).strip(" .")[:150]
    return stem or f"source-{source.uid}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{name}-{n}"
    taken.add(candidate.casefold())
    return candidate


def _write(path: Path, text: str) -> None:
    part = path.with_name(path.name + ".part")
    with part.open("w", encoding="utf-8", newline="") as stream:  # no newline translation
        stream.write(text)
    part.replace(path)


def write(ctx: Any, out: Path) -> str:
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InvalidInputError(f"{out} is a file; brat export needs a folder to write into.")
    out.mkdir(exist_ok=True)
    with ctx.reading() as session:
        sources = session.execute(
            select(Source).where(Source.deleted_at.is_(None)).order_by(Source.id)
        ).scalars().all()
        rows = session.execute(
            select(Mention.source_id, Anchor.start, Anchor.end, Entity.type, Entity.external_ids)
            .join(Anchor, Mention.anchor_id == Anchor.id)
            .join(Entity, Mention.entity_id == Entity.id)
            .where(Mention.deleted_at.is_(None), Entity.deleted_at.is_(None),
                   Anchor.deleted_at.is_(None), Anchor.orphaned.is_(False),
                   Mention.review_state == ReviewState.ACCEPTED)
        ).all()
        spans: dict[int, set[tuple[str, int, int]]] = {}
        for source_id, start, end, entity_type, external_ids in rows:
            spans.setdefault(source_id, set()).add(
                (brat_type_for(entity_type, external_ids), start, end))
        taken: set[str] = set()
        written = 0
        for source in sources:
            text = source.text
            found = [(t, s, e, text[s:e]) for t, s, e in spans.get(source.id, ())
                     if 0 <= s < e <= len(text)]
            name = _unique(_base_name(source), taken)
            _write(out / f"{name}.txt", text)
            _write(out / f"{name}.ann", format_ann(found))
            written += len(found)
    return (f"wrote {len(sources)} sources with {written} entity annotations to {out} "
            "as brat .txt/.ann pairs")
