"""Choice lists for combo boxes: (stored value, label, description), from the vocabularies."""

from __future__ import annotations

from db.models.vocab import (
    ClaimStatus,
    Confidence,
    Credibility,
    EntityType,
    ImplicationKind,
    Likelihood,
    Marking,
    Reliability,
    SupportRelation,
)

Choice = tuple[object, str, str]

ENTITY_TYPES: list[Choice] = [(t.value, t.label, t.value) for t in EntityType]
RELIABILITY: list[Choice] = [(r.value, f"{r.code} – {r.label}", r.label) for r in Reliability]
CREDIBILITY: list[Choice] = [(int(c), f"{c.code} – {c.label}", c.label) for c in Credibility]
CLAIM_STATUS: list[Choice] = [(s.value, s.label, s.label) for s in ClaimStatus]
IMPLICATION_KINDS: list[Choice] = [(k.value, k.label, k.label) for k in ImplicationKind]
LIKELIHOOD: list[Choice] = [("", "(not stated)", "")] + [
    (t.value, f"{t.label} ({t.range_text})", f"Also: {t.synonym}") for t in Likelihood
]
CONFIDENCE: list[Choice] = [("", "(not stated)", "")] + [
    (c.value, c.label.capitalize(), c.description) for c in Confidence
]
RELATIONS: list[Choice] = [(r.value, r.label, r.label) for r in SupportRelation]
MARKINGS: list[Choice] = [(m.value, m.value, m.description) for m in Marking]

BY_FIELD: dict[str, list[Choice]] = {
    "type": ENTITY_TYPES,
    "reliability": RELIABILITY,
    "credibility": CREDIBILITY,
    "status": CLAIM_STATUS,
    "kind": IMPLICATION_KINDS,
    "likelihood": LIKELIHOOD,
    "confidence": CONFIDENCE,
    "relation": RELATIONS,
}
