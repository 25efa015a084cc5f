"""Build the bundled sample project (resources/sample) through the ordinary services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from db.models.vocab import ImplicationKind, Reliability, SourceKind
from desktop.core.context import ProjectContext, new_project
from desktop.core.errors import InvalidInputError
from desktop.core.identity import AnalystIdentity
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications, sources

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "resources" / "sample"


def _span(text: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise InvalidInputError(f"Sample quote not found: {quote!r}")
    return start, start + len(quote)


def build_sample(ctx: ProjectContext, folder: Path = SAMPLE_DIR) -> dict[str, int]:
    spec: dict[str, Any] = json.loads((folder / "sample.json").read_text(encoding="utf-8"))
    source_uids: list[str] = []
    texts: list[str] = []
    for item in spec["sources"]:
        text = (folder / item["file"]).read_text(encoding="utf-8")
        doc = ImportedDocument(
            text=text, title=item["title"], kind=SourceKind(item["kind"]), author=item["author"],
            publisher=item["publisher"], published_at=item["published_at"], url=item["url"],
            language="en", original_filename=item["file"],
            reliability=Reliability(item["reliability"]),
        )
        source_uids.append(str(sources.add_source(ctx, doc).primary_uid))
        texts.append(sources.source_text(ctx, source_uids[-1]))
    entity_uids: dict[str, str] = {}
    for item in spec["entities"]:
        uid = str(entities.create_entity(ctx, item["name"], item["type"], item["aliases"]).primary_uid)
        entity_uids[item["name"]] = uid
        for mention in item["mentions"]:
            index, quote = mention[0], mention[1]
            start, end = _span(texts[index], quote, mention[2] if len(mention) > 2 else 1)
            entities.add_mention(ctx, uid, source_uids[index], start, end)
    claim_uids: list[str] = []
    for item in spec["claims"]:
        start, end = _span(texts[item["source"]], item["quote"])
        draft = claims.ClaimDraft(
            statement=item["statement"], source_uid=source_uids[item["source"]], start=start,
            end=end, claimant_uid=entity_uids.get(item["claimant"] or ""),
            attribution=item["attribution"], credibility=item["credibility"],
            status=item["status"],
        )
        claim_uids.append(str(claims.create_claim(ctx, draft).primary_uid))
    for item in spec["implications"]:
        draft_i = implications.ImplicationDraft(
            text=item["text"], kind=ImplicationKind(item["kind"]), likelihood=item["likelihood"],
            confidence=item["confidence"], rationale=item["rationale"],
        )
        uid = str(implications.create_implication(ctx, draft_i).primary_uid)
        for claim_index, relation in item["links"]:
            implications.link_claim(ctx, claim_uids[claim_index], uid, relation)
    return {"sources": len(source_uids), "entities": len(entity_uids), "claims": len(claim_uids),
            "implications": len(spec["implications"])}


def write_sample(path: Path, analyst: AnalystIdentity | None = None) -> str:
    spec = json.loads((SAMPLE_DIR / "sample.json").read_text(encoding="utf-8"))
    with new_project(path, spec["name"], analyst=analyst) as ctx:
        with ctx.transaction() as session:
            project = ctx.project()
            row = session.get(type(project), project.id)
            assert row is not None
            row.description = spec["description"]
        counts = build_sample(ctx)
    return ", ".join(f"{n} {k}" for k, n in counts.items())
