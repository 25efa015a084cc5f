"""The kind registry is the one list: every consumer reads it, and none can miss a kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import search
from db.models import TRACKED_MODELS
from db.validate import COUNTED_TABLES
from desktop.cli import main as cli
from desktop.cli.list_cmd import KINDS as CLI_KINDS
from desktop.core.kinds import BY_NAME, KINDS, LISTED, table_label, table_order
from desktop.exports import csv_export, json_export
from desktop.services.kinds import SERVICES
from desktop.sharing.merge import KINDS as MERGE_KINDS


def test_every_kind_is_a_tracked_table_with_services() -> None:
    tables = {m.__tablename__ for m in TRACKED_MODELS}  # type: ignore[attr-defined]
    for kind in KINDS:
        assert kind.name == kind.model.__tablename__ in tables  # type: ignore[attr-defined]
        assert kind.name in SERVICES and SERVICES[kind.name].delete is not None


def test_every_listed_kind_reaches_the_cli_json_and_csv(sample_ctx) -> None:  # type: ignore[no-untyped-def]
    names = [k.listing.name for k in LISTED if k.listing is not None]
    assert set(names) >= {"sources", "entities", "claims", "implications", "links", "events",
                          "relations"}
    assert list(CLI_KINDS) == [*names, "conflicts"]  # and the merge's conflict list
    assert list(csv_export.TABLES) == names
    data = json_export.project_as_dict(sample_ctx)
    assert [k for k in data if k in names] == names


def test_kinds_not_listed_are_the_ones_that_belong_to_another() -> None:
    assert [k.name for k in KINDS if k.listing is None] == ["mention"]


def test_every_kind_and_table_is_counted_by_merge() -> None:
    for kind in KINDS:
        assert kind.name in MERGE_KINDS
    tables = {m.__tablename__ for m in TRACKED_MODELS}  # type: ignore[attr-defined]
    assert set(MERGE_KINDS) == tables - {"merge_log", "merge_conflict"}
    assert tuple(MERGE_KINDS[:len(KINDS)]) == tuple(k.name for k in KINDS)
    assert len(table_order()) == len(set(table_order()))


def test_annotations_are_counted_by_check_and_texts_are_searchable() -> None:
    for kind in KINDS:
        if kind.annotation or kind.name in ("source", "entity"):
            assert kind.name in COUNTED_TABLES, kind.name
    for name in ("source", "claim", "implication", "event", "relation"):
        assert name in search.INDEXED_KINDS
    assert set(search.INDEXED_KINDS) == {
        m.__tablename__ for m in TRACKED_MODELS if m.search_body}  # type: ignore[attr-defined]


def test_every_annotation_is_drawn_in_the_reader() -> None:
    for kind in KINDS:
        if kind.annotation:
            assert kind.spans is not None and kind.highlight, kind.name


def test_labels_come_from_the_registry() -> None:
    assert table_label("entity", 1) == "entity" and table_label("entity") == "entities"
    assert table_label("support") == "links" and table_label("event", 3) == "events"
    assert table_label("entity_alias") == "entity aliases"
    assert BY_NAME["relation"].count(1) == "1 relation"


@pytest.mark.parametrize("kind", ["events", "relations"])
def test_cli_lists_the_new_kinds_as_json(sample_path: Path, kind: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli([  "list", str(sample_path), kind, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all("uid" in r and "review_state" in r for r in rows)
    assert cli(["list", str(sample_path), kind]) == 0
    assert len(capsys.readouterr().out.splitlines()) == len(rows)


def test_each_kind_names_a_brief_section_and_a_highlight_that_exist() -> None:
    from desktop.brief.options import BriefSection
    from desktop.ui.highlights import STYLES

    sections = {s.value for s in BriefSection}
    for kind in KINDS:
        assert kind.brief_section is None or kind.brief_section in sections, kind.name
        assert kind.highlight is None or kind.highlight in STYLES, kind.name
    assert {k.name for k in KINDS if k.brief_section in ("chronology", "link_chart")} == {
        "event", "relation"}


def test_every_table_and_detail_field_is_one_a_service_accepts(ctx) -> None:  # type: ignore[no-untyped-def]
    """A field the registry says is editable must not be refused by the kind's service."""
    from desktop.core.errors import InvalidInputError, NotFoundError
    from desktop.services.kinds import SERVICES

    for kind in KINDS:
        update = SERVICES[kind.name].update
        for spec in (*kind.fields, *kind.detail_fields):
            if spec.name == "aliases":
                continue  # edited through entities.set_aliases (a list, not a field)
            assert update is not None, kind.name
            # The field is known: what fails is the value or the missing row, never the name.
            with pytest.raises((NotFoundError, InvalidInputError)) as failed:
                update(ctx, "no-such-uid", **{spec.name: "x"})
            assert "no field" not in str(failed.value), f"{kind.name}.{spec.name}"
        if update is not None:  # and the check above can fail: an unknown name is refused
            with pytest.raises(InvalidInputError, match="no field"):
                update(ctx, "no-such-uid", no_such_field="x")
