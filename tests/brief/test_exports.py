"""Markdown and CSV exports: the brief's content, literal text, no spreadsheet formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from db.models.vocab import Confidence, Likelihood
from desktop.cli import main
from desktop.core.context import ProjectContext
from desktop.exports.csv_export import safe_cell
from desktop.exports.md_export import md
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications
from desktop.services.sources import add_source


def test_markdown_export_reads_like_the_brief(sample_project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.md"
    assert main(["export", str(sample_project), "--format", "md", "-o", str(out)]) == 0
    assert "2 key judgements, 3 sources, 12 entities" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Kessel pipeline incident (sample)\n")
    assert "**TLP:AMBER** — Limited disclosure" in text
    assert "### 1\\. The damage to the Kessel pipeline was deliberate." in text
    assert ("We judge this **very likely (80–95%)**. We have **moderate confidence** in this "
            "judgement.") in text
    assert ("- **B3** The damage to the Kessel pipeline was deliberate and professionally "
            "done. — Liora Dask, told reporters [^1]") in text
    assert "[^1]: S1 · Estmark Herald, 3 March 2026." in text
    assert "| Liora Dask | Person | Dask; Energy Minister | S1 |" in text
    assert "Reliability A — Completely reliable" in text
    assert text.index("## Key judgements") < text.index("## Key assumptions") < text.index(
        "## Sources")


def test_markdown_escapes_markup_so_it_prints_literally() -> None:
    assert md("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert md("[click](javascript:x) *bold* a|b `code` &copy;") == (
        "\\[click\\](javascript:x) \\*bold\\* a\\|b \\`code\\` &amp;copy;")
    assert md("# not a heading") == "\\# not a heading"
    assert md("1. not a list") == "1\\. not a list"
    assert md("- not a bullet") == "\\- not a bullet"
    assert md("line\nbreak\x00") == "line break"


def test_markdown_export_of_hostile_text(ctx: ProjectContext, tmp_path: Path) -> None:
    from desktop.exports import md_export

    text = "Officials said | <b>x</b> and [y](z)."
    source = str(add_source(ctx, ImportedDocument(text=text, title="<h1>T</h1>")).primary_uid)
    claim = str(claims.create_claim(ctx, claims.ClaimDraft(
        statement=text, source_uid=source, start=0, end=len(text))).primary_uid)
    judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
        text="## Judgement", likelihood=Likelihood.LIKELY,
        confidence=Confidence.LOW)).primary_uid)
    implications.link_claim(ctx, claim, judgement)
    entities.create_entity(ctx, "Pipe | Name", "PERSON")
    md_export.write(ctx, tmp_path / "x.md")
    written = (tmp_path / "x.md").read_text(encoding="utf-8")
    assert "Officials said \\| \\<b\\>x\\</b\\> and \\[y\\](z)." in written
    assert "### 1\\. \\#\\# Judgement" in written
    assert "| Pipe \\| Name | Person |" in written
    assert "<h1>" not in written


def test_csv_export_writes_one_file_per_table(sample_project: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "csv"
    assert main(["export", str(sample_project), "--format", "csv", "-o", str(out)]) == 0
    assert "wrote 5 CSV files" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        "claims.csv", "entities.csv", "implications.csv", "links.csv", "sources.csv"]
    assert (out / "claims.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    with open(out / "claims.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 7
    first = next(r for r in rows if r["claimant_name"] == "Liora Dask")
    assert first["grade"] == "B3" and first["attribution"] == "told reporters"
    with open(out / "entities.csv", encoding="utf-8-sig", newline="") as handle:
        dask = next(r for r in csv.DictReader(handle) if r["name"] == "Liora Dask")
    assert dask["aliases"] == "Dask; Energy Minister"
    # Exporting again over the same folder replaces the files.
    assert main(["export", str(sample_project), "--format", "csv", "-o", str(out)]) == 0


def test_csv_cells_that_look_like_formulas_are_defused(ctx: ProjectContext,
                                                       tmp_path: Path) -> None:
    from desktop.exports import csv_export

    for value in ("=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"):
        assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain" and safe_cell(-5) == -5 and safe_cell(None) == ""
    text = "=cmd|' /C calc'!A0 was found in the report."
    add_source(ctx, ImportedDocument(text=text, title="=1+2", author="@evil"))
    entities.create_entity(ctx, "-Minus", "PERSON", ["+plus"])
    csv_export.write(ctx, tmp_path / "out")
    with open(tmp_path / "out" / "sources.csv", encoding="utf-8-sig", newline="") as handle:
        source = next(csv.DictReader(handle))
    assert source["title"] == "'=1+2" and source["author"] == "'@evil"
    with open(tmp_path / "out" / "entities.csv", encoding="utf-8-sig", newline="") as handle:
        entity = next(csv.DictReader(handle))
    assert entity["name"] == "'-Minus" and entity["aliases"] == "'+plus"


def test_csv_export_refuses_a_file_as_its_folder(ctx: ProjectContext, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken.csv"
    target.write_text("keep me", encoding="utf-8")
    assert main(["export", str(ctx.path), "--format", "csv", "-o", str(target)]) == 1
    assert "writes a folder of files" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"
