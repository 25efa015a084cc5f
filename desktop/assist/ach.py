"""The claims × judgements matrix (analysis of competing hypotheses), as plain values.

Rows are claims (the evidence), columns are judgements (the hypotheses), and each
cell says whether the claim supports, contradicts or only gives context to the
judgement. Each judgement carries its counts and a *balance*: supporting evidence
minus contradicting evidence, each weighted by how much the claim can be trusted
(source reliability × information credibility, see ``evidence_weight``). Following
ACH practice, contradictions are what tell hypotheses apart, so they are counted
separately and never hidden inside the balance alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from db.models.vocab import SupportRelation

# How far a claim's grade lets it move a judgement. "Cannot be judged" (F, 6) and
# "not yet assessed" (unassessed, 0) sit in the middle: unknown, not worthless.
RELIABILITY_WEIGHT: Mapping[str, float] = {"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3,
                                           "F": 0.6, "unassessed": 0.6}
CREDIBILITY_WEIGHT: Mapping[int, float] = {1: 1.0, 2: 0.8, 3: 0.6, 4: 0.4, 5: 0.2, 6: 0.5,
                                           0: 0.5}


def evidence_weight(reliability: str, credibility: int, link_weight: float = 1.0) -> float:
    return (RELIABILITY_WEIGHT.get(reliability, 0.6)
            * CREDIBILITY_WEIGHT.get(int(credibility), 0.5) * link_weight)


@dataclass(frozen=True)
class MatrixClaim:
    uid: str
    statement: str
    claimant: str  # name, or "the source itself"
    grade: str  # e.g. "B2"
    source_title: str


@dataclass(frozen=True)
class MatrixJudgement:
    uid: str
    text: str
    kind: str
    likelihood: str | None
    confidence: str | None
    supports: int
    contradicts: int
    context: int
    balance: float  # weighted support minus weighted contradiction


@dataclass(frozen=True)
class MatrixCell:
    relation: SupportRelation | None
    grade: str  # the claim's grade, shown in the cell
    support_uid: str | None = None  # the link row, for editing
    weight: float = 0.0


@dataclass(frozen=True)
class ClaimLink:
    uid: str
    claim_uid: str
    judgement_uid: str
    relation: SupportRelation
    weight: float = 1.0


@dataclass(frozen=True)
class ClaimsMatrix:
    claims: tuple[MatrixClaim, ...]
    judgements: tuple[MatrixJudgement, ...]
    cells: tuple[tuple[MatrixCell, ...], ...]  # cells[row][column]

    def cell(self, claim_uid: str, judgement_uid: str) -> MatrixCell:
        row = next(i for i, c in enumerate(self.claims) if c.uid == claim_uid)
        column = next(i for i, j in enumerate(self.judgements) if j.uid == judgement_uid)
        return self.cells[row][column]

    def judgement(self, uid: str) -> MatrixJudgement:
        return next(j for j in self.judgements if j.uid == uid)


@dataclass(frozen=True)
class JudgementInput:
    uid: str
    text: str
    kind: str
    likelihood: str | None
    confidence: str | None


def build_matrix(claims: Sequence[MatrixClaim], judgements: Sequence[JudgementInput],
                 links: Iterable[ClaimLink], grades: Mapping[str, tuple[str, int]]
                 ) -> ClaimsMatrix:
    """Assemble the matrix; ``grades`` maps a claim uid to (reliability, credibility)."""
    by_pair = {(link.claim_uid, link.judgement_uid): link for link in links}
    cells: list[tuple[MatrixCell, ...]] = []
    totals = {j.uid: {"supports": 0, "contradicts": 0, "context": 0, "balance": 0.0}
              for j in judgements}
    for claim in claims:
        reliability, credibility = grades.get(claim.uid, ("unassessed", 0))
        row = []
        for judgement in judgements:
            link = by_pair.get((claim.uid, judgement.uid))
            if link is None:
                row.append(MatrixCell(None, claim.grade))
                continue
            weight = evidence_weight(reliability, credibility, link.weight)
            tally = totals[judgement.uid]
            tally[link.relation.value] += 1
            if link.relation == SupportRelation.SUPPORTS:
                tally["balance"] += weight
            elif link.relation == SupportRelation.CONTRADICTS:
                tally["balance"] -= weight
            row.append(MatrixCell(link.relation, claim.grade, link.uid, weight))
        cells.append(tuple(row))
    columns = tuple(
        MatrixJudgement(j.uid, j.text, j.kind, j.likelihood, j.confidence,
                        int(totals[j.uid]["supports"]), int(totals[j.uid]["contradicts"]),
                        int(totals[j.uid]["context"]), round(float(totals[j.uid]["balance"]), 4))
        for j in judgements)
    return ClaimsMatrix(tuple(claims), columns, tuple(cells))
