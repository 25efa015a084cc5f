"""Plain values the read side hands to views: one frozen dataclass per table row."""

from __future__ import annotations

from dataclasses import dataclass, field

from db.models.vocab import admiralty_grade


@dataclass(frozen=True)
class SourceRow:
    id: int
    uid: str
    title: str
    kind: str
    author: str
    publisher: str
    published_at: str
    url: str
    language: str
    reliability: str
    original_filename: str
    content_sha256: str
    chars: int
    mentions: int = 0
    claims: int = 0
    created_by: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class EntityRow:
    id: int
    uid: str
    name: str
    type: str
    aliases: tuple[str, ...]
    description: str
    mentions: int
    sources: int
    review_state: str
    created_by: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class ClaimRow:
    id: int
    uid: str
    statement: str
    claimant_uid: str | None
    claimant_name: str
    attribution: str
    source_uid: str | None
    source_title: str
    reliability: str
    credibility: int
    status: str
    notes: str
    review_state: str
    start: int | None
    end: int | None
    implications: int = 0
    created_by: str = ""
    updated_at: str = ""

    @property
    def grade(self) -> str:
        return admiralty_grade(self.reliability or None, self.credibility)


@dataclass(frozen=True)
class ImplicationRow:
    id: int
    uid: str
    kind: str
    text: str
    likelihood: str | None
    confidence: str | None
    rationale: str
    rank: int
    supports: int
    contradicts: int
    context: int
    review_state: str
    source_uid: str | None = None
    created_by: str = ""
    updated_at: str = ""
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SupportRow:
    uid: str
    claim_uid: str
    implication_uid: str
    relation: str
    weight: float
    note: str


@dataclass(frozen=True)
class SpanRow:
    """One highlight in the reader: code-point offsets into the source text."""

    kind: str  # mention | claim | implication
    uid: str  # the annotation's uid (mention, claim or implication)
    start: int
    end: int
    label: str  # entity name, claim statement, implication text
    category: str  # entity type, claim grade, implication kind
    review_state: str
    orphaned: bool = False
    target_uid: str = ""  # the entity uid for mentions
    detail: dict[str, str] = field(default_factory=dict)
