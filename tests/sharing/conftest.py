"""Helpers for the sharing tests: analysts, a common ancestor built through services, copies."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest

from db.ids import new_uid
from db.models.vocab import SupportRelation
from desktop.core.context import ProjectContext, new_project, open_project
from desktop.core.identity import AnalystIdentity
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications, sources
from desktop.sharing.fingerprint import content_dump
from desktop.sharing.portable import Dataset
from desktop.sharing.share_copy import save_copy

TEXT = ("Ukrainian President Volodymyr Zelenskyy said the drone deal is win-win. "
        "Officials in Washington say talks continue. Denmark will fund production.")


def analyst(name: str) -> AnalystIdentity:
    return AnalystIdentity(new_uid(), name, name[:2].upper())


@dataclass(frozen=True)
class Ancestor:
    path: Path
    source: str
    entities: tuple[str, ...]
    claims: tuple[str, ...]
    implications: tuple[str, ...]
    links: tuple[str, ...]


def build_ancestor(path: Path, who: AnalystIdentity) -> Ancestor:
    """A small project with one of each kind of row, all made through the services."""
    with new_project(path, "Drone deal", analyst=who) as ctx:
        suid = str(sources.add_source(ctx, ImportedDocument(text=TEXT, title="Deal")).primary_uid)
        start = TEXT.index("Volodymyr Zelenskyy")
        ents = (
            str(entities.create_entity_with_mention(ctx, "Volodymyr Zelenskyy", "PERSON", suid,
                                                    start, start + 19).primary_uid),
            str(entities.create_entity(ctx, "Denmark", "GPE").primary_uid),
            str(entities.create_entity(ctx, "Pentagon", "ORGANIZATION").primary_uid),
        )
        starts = [0, TEXT.index("Officials"), TEXT.index("Denmark")]
        spans = [(s, TEXT.index(".", s) + 1) for s in starts]
        cls = tuple(
            str(claims.create_claim(ctx, claims.ClaimDraft(
                TEXT[s:e], suid, s, e, ents[i % 2], "said", 2 + i)).primary_uid)
            for i, (s, e) in enumerate(spans)
        )
        imps = tuple(
            str(implications.create_implication(ctx, implications.ImplicationDraft(
                text, likelihood="likely", confidence="moderate")).primary_uid)
            for text in ("Production will expand.", "Talks will stall.")
        )
        links = (
            str(implications.link_claim(ctx, cls[0], imps[0], SupportRelation.SUPPORTS)
                .primary_uid),
            str(implications.link_claim(ctx, cls[1], imps[1], SupportRelation.CONTRADICTS)
                .primary_uid),
        )
    return Ancestor(path, suid, ents, cls, imps, links)


# The common ancestor's owner: fixed, so the ancestor can be built once per test run.
OLGA = AnalystIdentity("0190b000-0000-7000-8000-00000000019a", "Olga", "OL")


@cache
def _ancestor_template() -> tuple[bytes, Ancestor]:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_ancestor(Path(tmp) / "template.dossier", OLGA)
        return built.path.read_bytes(), built


def fresh_ancestor(path: Path) -> Ancestor:
    """The standard ancestor at ``path`` (a closed project file, as built by the services)."""
    data, template = _ancestor_template()
    path.write_bytes(data)
    return replace(template, path=path)


def make_copies(ancestor: Path, owner: AnalystIdentity, *dests: Path) -> None:
    with open_project(ancestor, analyst=owner) as ctx:
        for dest in dests:
            save_copy(ctx, dest)


@contextmanager
def opened(path: Path, who: AnalystIdentity) -> Iterator[ProjectContext]:
    ctx = open_project(path, analyst=who)
    try:
        yield ctx
    finally:
        ctx.close()


def dump(path: Path) -> Dataset:
    """The project's content as every copy should see it (read-only, changes nothing)."""
    ctx = open_project(path, read_only=True, analyst=analyst("Reader"))
    try:
        with ctx.reading() as session:
            return content_dump(session, path.name)
    finally:
        ctx.close()


@pytest.fixture
def people() -> dict[str, AnalystIdentity]:
    return {"Olga": OLGA, **{name: analyst(name) for name in ("Ann", "Bob", "Cem")}}


@pytest.fixture
def team(tmp_path: Path, people: dict[str, AnalystIdentity]) -> tuple[Ancestor, Path, Path]:
    """A common ancestor and two copies of it (A for Ann, B for Bob), made by save_copy."""
    ancestor = fresh_ancestor(tmp_path / "origin.dossier")
    a, b = tmp_path / "ann.dossier", tmp_path / "bob.dossier"
    make_copies(ancestor.path, people["Olga"], a, b)
    return ancestor, a, b
