"""Closed vocabularies, defined once with their standard wording.

The UI, the brief and the CLI all take labels and descriptions from here.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class EntityType(StrEnum):
    PERSON = "PERSON"
    ORGANIZATION = "ORGANIZATION"
    GPE = "GPE"
    LOCATION = "LOCATION"
    FACILITY = "FACILITY"
    EQUIPMENT = "EQUIPMENT"
    EVENT = "EVENT"
    AGREEMENT = "AGREEMENT"
    OTHER = "OTHER"

    @property
    def label(self) -> str:
        return _ENTITY_LABELS[self]


_ENTITY_LABELS = {
    EntityType.PERSON: "Person",
    EntityType.ORGANIZATION: "Organisation",
    EntityType.GPE: "Country / state / city",
    EntityType.LOCATION: "Place",
    EntityType.FACILITY: "Facility",
    EntityType.EQUIPMENT: "Equipment",
    EntityType.EVENT: "Event",
    EntityType.AGREEMENT: "Agreement",
    EntityType.OTHER: "Other",
}


class Reliability(StrEnum):
    """Admiralty (NATO AJP-2.1) source reliability.

    ``UNASSESSED`` means the analyst has not graded the source yet. It is not F:
    F is a judgement ("reliability cannot be judged"); unassessed is the absence
    of one. It is stored as the word (never mistaken for a letter or for a
    damaged character in an export) and printed as ``?`` inside a grade.
    """

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"
    UNASSESSED = "unassessed"

    @property
    def label(self) -> str:
        return _RELIABILITY_LABELS[self]

    @property
    def code(self) -> str:
        """The character printed in a grade: the letter, or ``?`` when unassessed."""
        return UNASSESSED_MARK if self is Reliability.UNASSESSED else self.value

    @classmethod
    def parse(cls, value: object) -> Reliability:
        """Read a letter, ``?`` or the word "unassessed" (any case, spaces trimmed).

        Raises ``ValueError`` for anything else.
        """
        text = str(getattr(value, "value", value)).strip()
        if text == UNASSESSED_MARK or text.lower() == cls.UNASSESSED.value:
            return cls.UNASSESSED
        return cls(text.upper())


_RELIABILITY_LABELS = {
    Reliability.A: "Completely reliable",
    Reliability.B: "Usually reliable",
    Reliability.C: "Fairly reliable",
    Reliability.D: "Not usually reliable",
    Reliability.E: "Unreliable",
    Reliability.F: "Reliability cannot be judged",
    Reliability.UNASSESSED: "Not yet assessed",
}


class Credibility(IntEnum):
    """Admiralty information credibility.

    ``UNASSESSED`` (stored as 0, printed ``?``) means the analyst has not graded
    the information yet — distinct from 6, the judgement that its truth cannot be
    judged. It is 0, a falsy value: test for it with ``is``/``==``, never with
    ``credibility or 6``.
    """

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6
    UNASSESSED = 0

    @property
    def label(self) -> str:
        return _CREDIBILITY_LABELS[self]

    @property
    def code(self) -> str:
        """The character printed in a grade: the digit, or ``?`` when unassessed."""
        return UNASSESSED_MARK if self is Credibility.UNASSESSED else str(int(self))

    @classmethod
    def parse(cls, value: object) -> Credibility:
        """Read 0–6, ``?`` or the word "unassessed"; raises ``ValueError`` otherwise."""
        raw = getattr(value, "value", value)
        if isinstance(raw, str):
            text = raw.strip()
            if text == UNASSESSED_MARK or text.lower() == "unassessed":
                return cls.UNASSESSED
            raw = int(text)
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"not a credibility: {value!r}")
        return cls(raw)


_CREDIBILITY_LABELS = {
    Credibility.CONFIRMED: "Confirmed by other sources",
    Credibility.PROBABLY_TRUE: "Probably true",
    Credibility.POSSIBLY_TRUE: "Possibly true",
    Credibility.DOUBTFUL: "Doubtful",
    Credibility.IMPROBABLE: "Improbable",
    Credibility.CANNOT_BE_JUDGED: "Truth cannot be judged",
    Credibility.UNASSESSED: "Not yet assessed",
}

# How an unassessed half of a grade is printed: "B?" is a B source whose claim
# the analyst has not graded yet.
UNASSESSED_MARK = "?"


def admiralty_grade(reliability: Reliability | str | None, credibility: int | None) -> str:
    """The grade analysts quote, e.g. ``B2``; ``B?`` / ``?2`` when one half is unassessed,
    ``unassessed`` when both are. A missing value (None) counts as unassessed."""
    rel = Reliability.UNASSESSED if reliability is None else Reliability.parse(reliability)
    cred = Credibility.UNASSESSED if credibility is None else Credibility.parse(credibility)
    if rel is Reliability.UNASSESSED and cred is Credibility.UNASSESSED:
        return "unassessed"
    return f"{rel.code}{cred.code}"


class ClaimStatus(StrEnum):
    UNASSESSED = "unassessed"
    REPORTED = "reported"
    CORROBORATED = "corroborated"
    DISPUTED = "disputed"
    REFUTED = "refuted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ImplicationKind(StrEnum):
    BLUF = "bluf"
    JUDGEMENT = "judgement"
    ASSUMPTION = "assumption"
    INDICATOR = "indicator"
    GAP = "gap"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    ImplicationKind.BLUF: "Bottom line up front",
    ImplicationKind.JUDGEMENT: "Key judgement",
    ImplicationKind.ASSUMPTION: "Assumption",
    ImplicationKind.INDICATOR: "Indicator",
    ImplicationKind.GAP: "Intelligence gap",
}


class Likelihood(StrEnum):
    """ICD 203 expressions of likelihood, with the probability range each stands for."""

    ALMOST_NO_CHANCE = "almost no chance"
    VERY_UNLIKELY = "very unlikely"
    UNLIKELY = "unlikely"
    ROUGHLY_EVEN = "roughly even chance"
    LIKELY = "likely"
    VERY_LIKELY = "very likely"
    ALMOST_CERTAIN = "almost certain"

    @property
    def label(self) -> str:
        return self.value

    @property
    def synonym(self) -> str:
        return _LIKELIHOOD[self][0]

    @property
    def low(self) -> int:
        return _LIKELIHOOD[self][1]

    @property
    def high(self) -> int:
        return _LIKELIHOOD[self][2]

    @property
    def range_text(self) -> str:
        return f"{self.low}–{self.high}%"


_LIKELIHOOD = {
    Likelihood.ALMOST_NO_CHANCE: ("remote", 1, 5),
    Likelihood.VERY_UNLIKELY: ("highly improbable", 5, 20),
    Likelihood.UNLIKELY: ("improbable", 20, 45),
    Likelihood.ROUGHLY_EVEN: ("roughly even odds", 45, 55),
    Likelihood.LIKELY: ("probable", 55, 80),
    Likelihood.VERY_LIKELY: ("highly probable", 80, 95),
    Likelihood.ALMOST_CERTAIN: ("nearly certain", 95, 99),
}


class Confidence(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value

    @property
    def description(self) -> str:
        return _CONFIDENCE[self]


_CONFIDENCE = {
    Confidence.LOW: "The information is scant, questionable, fragmented or poorly corroborated.",
    Confidence.MODERATE: "The information is credibly sourced and plausible but not of sufficient "
    "quality or corroborated sufficiently to warrant a higher level of confidence.",
    Confidence.HIGH: "The judgement is based on high-quality information from multiple sources, "
    "or the nature of the issue makes a solid judgement possible.",
}


class SupportRelation(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ReviewState(StrEnum):
    """Whether an annotation is the analyst's own or still a suggestion."""

    SUGGESTED = "suggested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class SourceKind(StrEnum):
    ARTICLE = "article"
    REPORT = "report"
    PDF = "pdf"
    WEB = "web"
    DOCUMENT = "document"
    NOTE = "note"
    OTHER = "other"


class Marking(StrEnum):
    """Traffic Light Protocol 2.0 labels."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def colour(self) -> str:
        """Foreground colour of the label (FIRST TLP 2.0)."""
        return _TLP_COLOURS[self]

    @property
    def description(self) -> str:
        return _TLP_TEXT[self]


_TLP_COLOURS = {
    Marking.CLEAR: "#FFFFFF",
    Marking.GREEN: "#33FF00",
    Marking.AMBER: "#FFC000",
    Marking.AMBER_STRICT: "#FFC000",
    Marking.RED: "#FF2B2B",
}

# The label definitions of FIRST's TLP 2.0 standard, worded exactly as FIRST words them.
_TLP_TEXT = {
    Marking.CLEAR: "Recipients can spread this to the world, there is no limit on disclosure.",
    Marking.GREEN: "Limited disclosure, recipients can spread this within their community.",
    Marking.AMBER: "Limited disclosure, recipients can only spread this on a need-to-know basis "
    "within their organization and its clients.",
    Marking.AMBER_STRICT: "Limited disclosure, recipients can only spread this on a need-to-know "
    "basis within their organization and its clients. Note that TLP:AMBER+STRICT restricts "
    "sharing to the organization only.",
    Marking.RED: "For the eyes and ears of individual recipients only, no further disclosure.",
}
