"""The whole project as one JSON document (live rows, stable order)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from db.repository import queries


def project_as_dict(ctx: Any) -> dict[str, Any]:
    project = ctx.project()
    with ctx.reading() as session:
        return {
            "project": {"uid": project.uid, "name": project.name,
                        "description": project.description},
            "sources": [asdict(r) for r in queries.list_sources(session)],
            "entities": [asdict(r) for r in queries.list_entities(session)],
            "claims": [{**asdict(r), "grade": r.grade} for r in queries.list_claims(session)],
            "implications": [asdict(r) for r in queries.list_implications(session)],
            "links": [asdict(r) for r in queries.list_supports(session)],
        }


def write(ctx: Any, out: Path) -> str:
    data = project_as_dict(ctx)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out)
    return (f"wrote {out}: {len(data['sources'])} sources, {len(data['entities'])} entities, "
            f"{len(data['claims'])} claims, {len(data['implications'])} implications")
