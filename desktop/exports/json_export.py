"""The whole project as one JSON document (live rows, stable order), one key per listed kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.core.kinds import LISTED


def project_as_dict(ctx: Any) -> dict[str, Any]:
    project = ctx.project()
    data: dict[str, Any] = {"project": {"uid": project.uid, "name": project.name,
                                        "description": project.description}}
    with ctx.reading() as session:
        for kind in LISTED:
            assert kind.listing is not None
            data[kind.listing.name] = [kind.listing.as_dict(r)
                                       for r in kind.listing.rows(session, True)]
    return data


def write(ctx: Any, out: Path) -> str:
    data = project_as_dict(ctx)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(out)
    counts = ", ".join(f"{len(data[k.listing.name])} {k.listing.name}"
                       for k in LISTED if k.listing is not None)
    return f"wrote {out}: {counts}"
