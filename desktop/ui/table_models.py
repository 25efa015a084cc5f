"""The four table models: sources, entities, claims, implications."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from db.models.vocab import (
    ClaimStatus,
    Confidence,
    Credibility,
    EntityType,
    ImplicationKind,
    Likelihood,
    Reliability,
)
from db.repository.rows import ClaimRow, EntityRow, ImplicationRow, SourceRow
from desktop.services import claims, entities, implications, sources
from desktop.ui.controller import ProjectController
from desktop.ui.row_model import Column, RowTableModel

SUGGESTED_COLOUR = "#7a7a7a"


@lru_cache(maxsize=256)
def _label(enum_type: Any, value: str | None) -> str:
    """A vocabulary value's label (cached: tables ask for it once per row)."""
    if not value:
        return ""
    try:
        return str(enum_type(value).label)
    except ValueError:
        return value


@lru_cache(maxsize=16)
def _credibility(value: int) -> str:
    grade = Credibility(value)
    return f"{grade.code} – {grade.label}"


class ControllerModel(RowTableModel):
    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.read_only = controller.ctx.read_only

    def author(self, row: Any) -> str:
        return self.controller.analyst_names().get(getattr(row, "created_by", ""), "")

    def _perform(self, call: Any) -> bool:
        return self.controller.perform(call) is not None


class SourcesModel(ControllerModel):
    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("Title", lambda r: r.title, edit_field="title"),
            Column("Date", lambda r: r.published_at, edit_field="published_at"),
            Column("Rel.", lambda r: r.reliability, edit_field="reliability",
                   tooltip="Source reliability (Admiralty A–F)"),
            Column("Mentions", lambda r: str(r.mentions), sort_key=lambda r: r.mentions,
                   align_right=True),
            Column("Claims", lambda r: str(r.claims), sort_key=lambda r: r.claims,
                   align_right=True),
            Column("Author", lambda r: r.author, edit_field="author"),
            Column("Publisher", lambda r: r.publisher, edit_field="publisher"),
        )

    def commit_edit(self, row: SourceRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        return self._perform(lambda: sources.update_source(ctx, row.uid, **{field: value}))


class EntitiesModel(ControllerModel):
    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("Name", lambda r: r.name, edit_field="name"),
            Column("Type", lambda r: _label(EntityType, r.type), edit_field="type",
                   edit_value=lambda r: r.type),
            Column("Aliases", lambda r: ", ".join(r.aliases), edit_field="aliases"),
            Column("Mentions", lambda r: str(r.mentions), sort_key=lambda r: r.mentions,
                   align_right=True),
            Column("Sources", lambda r: str(r.sources), sort_key=lambda r: r.sources,
                   align_right=True),
            Column("Description", lambda r: r.description, edit_field="description"),
            Column("Created by", self.author),
        )

    def commit_edit(self, row: EntityRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        if field == "aliases":
            names = [a.strip() for a in str(value).split(",")]
            return self._perform(lambda: entities.set_aliases(ctx, row.uid, names))
        return self._perform(lambda: entities.update_entity(ctx, row.uid, **{field: value}))


class ClaimsModel(ControllerModel):
    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("Statement", lambda r: r.statement, edit_field="statement"),
            Column("Claimant", lambda r: r.claimant_name or "(source itself)",
                   edit_field="claimant_uid", edit_value=lambda r: r.claimant_uid or ""),
            Column("Grade", lambda r: r.grade, tooltip="Source reliability + information "
                   "credibility (Admiralty code)"),
            Column("Credibility", lambda r: _credibility(r.credibility),
                   sort_key=lambda r: r.credibility, edit_field="credibility",
                   edit_value=lambda r: r.credibility),
            Column("Status", lambda r: _label(ClaimStatus, r.status), edit_field="status",
                   edit_value=lambda r: r.status),
            Column("Attribution", lambda r: r.attribution, edit_field="attribution"),
            Column("Source", lambda r: r.source_title),
            Column("Links", lambda r: str(r.implications), sort_key=lambda r: r.implications,
                   align_right=True, tooltip="Implications this claim is linked to"),
            Column("Created by", self.author),
        )

    def commit_edit(self, row: ClaimRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        return self._perform(lambda: claims.update_claim(ctx, row.uid, **{field: value}))


class ImplicationsModel(ControllerModel):
    def __init__(self, controller: ProjectController, parent: Any = None) -> None:
        super().__init__(controller, parent)
        self.columns = (
            Column("#", lambda r: str(r.rank), sort_key=lambda r: r.rank, align_right=True,
                   tooltip="Order in the brief"),
            Column("Kind", lambda r: _label(ImplicationKind, r.kind), edit_field="kind",
                   edit_value=lambda r: r.kind),
            Column("Text", lambda r: r.text, edit_field="text"),
            Column("Likelihood", lambda r: _likelihood(r.likelihood), edit_field="likelihood",
                   sort_key=lambda r: Likelihood(r.likelihood).low if r.likelihood else -1,
                   edit_value=lambda r: r.likelihood or ""),
            Column("Confidence", lambda r: r.confidence or "", edit_field="confidence",
                   sort_key=lambda r: [c.value for c in Confidence].index(r.confidence)
                   if r.confidence else -1,
                   edit_value=lambda r: r.confidence or ""),
            Column("Supports", lambda r: str(r.supports), sort_key=lambda r: r.supports,
                   align_right=True, foreground=lambda r: "#2e7d32" if r.supports else None),
            Column("Contradicts", lambda r: str(r.contradicts), sort_key=lambda r: r.contradicts,
                   align_right=True, foreground=lambda r: "#c62828" if r.contradicts else None),
            Column("Created by", self.author),
        )

    def commit_edit(self, row: ImplicationRow, field: str, value: Any) -> bool:
        ctx = self.controller.ctx
        return self._perform(
            lambda: implications.update_implication(ctx, row.uid, **{field: value or None}
                                                    if field in ("likelihood", "confidence")
                                                    else {field: value}))


@lru_cache(maxsize=16)
def _likelihood(value: str | None) -> str:
    if not value:
        return ""
    term = Likelihood(value)
    return f"{term.label} ({term.range_text})"


RELIABILITY_CHOICES = [(r.value, f"{r.code} – {r.label}") for r in Reliability]
