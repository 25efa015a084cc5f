"""Issue 19: ``dossier import P export.json`` reads a JSON export back losslessly, and
refuses a damaged or hostile one with one line, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db.repository import queries
from desktop.cli import main
from desktop.core.context import open_project
from desktop.services import claims, entities, suggestions


@pytest.fixture
def worked_sample(sample_path, analyst) -> Path:
    """The sample with edits (history), a deletion (tombstones) and suggestions."""
    with open_project(sample_path, analyst=analyst) as ctx:
        with ctx.reading() as session:
            first = queries.list_sources(session)[0].uid
            claim = queries.list_claims(session)[0].uid
            entity = queries.list_entities(session)[-1].uid
        claims.update_claim(ctx, claim, statement="Edited once.")
        claims.update_claim(ctx, claim, statement="Edited twice.", notes="why")
        entities.delete_entities(ctx, [entity])
        suggestions.suggest_for_source(ctx, first, engine="rules")
    return sample_path


def _export(path: Path, out: Path, capsys) -> dict:
    assert main(["export", str(path), "--format", "json", "-o", str(out)]) == 0
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


def test_round_trip_is_lossless(worked_sample, tmp_path, capsys):
    original = _export(worked_sample, tmp_path / "a.json", capsys)
    tables = original["tables"]
    assert tables["row_version"], "edits left history to carry"
    assert any(r["deleted_at"] for r in tables["entity"]), "a tombstone to carry"
    assert any(r["review_state"] == "suggested" for r in tables["claim"])
    target = tmp_path / "restored.dossier"
    assert main(["new", str(target)]) == 0
    assert main(["import", str(target), str(tmp_path / "a.json")]) == 0
    out = capsys.readouterr().out
    assert "restored the archived project" in out and "3 sources" in out
    again = _export(target, tmp_path / "b.json", capsys)
    assert again == original
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert main(["check", str(target)]) == 0


def test_import_adds_beside_existing_work_and_refuses_a_second_copy(worked_sample, tmp_path,
                                                                     capsys, ctx):
    export = tmp_path / "a.json"
    _export(worked_sample, export, capsys)
    from desktop.ingest.document import ImportedDocument
    from desktop.services import sources

    sources.add_source(ctx, ImportedDocument(text="Mine.", title="Mine"))
    path = ctx.path
    ctx.close()
    assert main(["import", str(path), str(export)]) == 0
    assert "added 3 sources" in capsys.readouterr().out
    before = path.read_bytes()
    assert main(["import", str(path), str(export)]) == 1
    assert "merge the projects instead" in capsys.readouterr().out
    with open_project(path, read_only=True) as again, again.reading() as session:
        assert len(queries.list_sources(session)) == 4
    del before


@pytest.mark.parametrize("damage, message", [
    (lambda d: d.update(format="other"), "not a Dossier JSON export"),
    (lambda d: d.update(version=99), "another version"),
    (lambda d: d["tables"]["source"][0].update(text="changed"), "does not match its SHA-256"),
    (lambda d: d["tables"]["claim"][0].update(uid="x"), "is not a uid"),
    (lambda d: d["tables"]["claim"][0].update(credibility=9), "credibility cannot be 9"),
    (lambda d: d["tables"]["claim"][0].update(created_at="yesterday"), "not an ISO-8601 time"),
    (lambda d: d["tables"]["mention"][0].update(entity_uid="01a249dc-0000-7000-8000-"
                                                "000000000000"), "names no entity"),
    (lambda d: d["tables"]["entity"][0].update(colour="red"), "unknown field 'colour'"),
    (lambda d: d["tables"].update(evil=[]), "unknown table 'evil'"),
    (lambda d: d["tables"]["entity"][0].update(name="x" * 5000), "longer than"),
])
def test_a_damaged_export_is_refused_and_nothing_is_written(sample_path, tmp_path, capsys,
                                                            damage, message):
    data = _export(sample_path, tmp_path / "a.json", capsys)
    damage(data)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    target = tmp_path / "t.dossier"
    assert main(["new", str(target)]) == 0
    capsys.readouterr()
    assert main(["import", str(target), str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("failed    bad.json: ") and message in out
    assert len(out.splitlines()) == 1
    with open_project(target, read_only=True) as ctx, ctx.reading() as session:
        assert queries.list_sources(session) == []


def test_not_json_at_all(tmp_path, capsys, ctx):
    bad = tmp_path / "x.json"
    bad.write_bytes(b"\xff\xfe{")
    path = ctx.path
    ctx.close()
    assert main(["import", str(path), str(bad)]) == 1
    assert "not UTF-8" in capsys.readouterr().out
