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


@dataclass(frozen=True)
class EventRow:
    id: int
    uid: str
    title: str
    description: str
    date_start: str  # ISO date cut to its precision: 2026, 2026-03 or 2026-03-03
    date_end: str  # "" for a single date
    date_precision: str
    approximate: bool
    date_text: str
    place_uid: str | None
    place_name: str
    participant_uids: tuple[str, ...]
    participants: tuple[str, ...]
    claim_uids: tuple[str, ...]
    source_uid: str | None
    source_title: str
    review_state: str
    start: int | None = None
    end: int | None = None
    created_by: str = ""
    updated_at: str = ""

    @property
    def when(self) -> str:
        """The date as an analyst writes it: ``c. 2026-03``, ``2026-03-03 – 2026-03-05``."""
        text = self.date_start or "undated"
        if self.date_end and self.date_end != self.date_start:
            text = f"{text} – {self.date_end}"
        return f"c. {text}" if self.approximate and self.date_start else text


@dataclass(frozen=True)
class RelationRow:
    id: int
    uid: str
    subject_uid: str
    subject_name: str
    subject_type: str
    type: str
    object_uid: str
    object_name: str
    object_type: str
    claim_uid: str | None
    claim_statement: str
    grade: str  # the claim's grade (e.g. B2); "" when no claim supports it
    source_uid: str | None
    source_title: str
    notes: str
    review_state: str
    start: int | None = None
    end: int | None = None
    created_by: str = ""
    updated_at: str = ""
