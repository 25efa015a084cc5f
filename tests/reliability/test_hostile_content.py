"""Hostile text in a source goes through import, reader, tables, brief and exports intact.

Markup, control characters, bidirectional overrides, a 1 MB line, invalid UTF-8
and spreadsheet formulas: nothing crashes, nothing is interpreted, nothing is read
from disk, and what the analyst sees is what the source said.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.repository import queries
from desktop.brief.build import build_brief
from desktop.brief.options import BriefOptions
from desktop.exports.registry import exporter
from desktop.services import claims, entities, implications
from desktop.services.importing import Outcome, import_path

MARKUP = '<img src="/etc/passwd"/> <font color="red">&amp; <para>x</para> <script>alert(1)</script>'
BIDI = "Invoice \u202eexe.fdp\u202c from \u2067Acme\u2069"
FORMULA = '=HYPERLINK("http://x.invalid","click")'
LONG_LINE = "word " * 200_000  # one 1 MB line


def _hostile_file(folder: Path) -> Path:
    body = "\n".join([
        "Hostile sample",
        f"The minister said {MARKUP} today.",
        f"Control \x01\x07\x1b[31m characters and {BIDI}.",
        f"Officials say {FORMULA} is the answer.",
        LONG_LINE,
        "-1+2 @SUM(A1) +cmd",
    ]).encode("utf-8")
    path = folder / "hostile.txt"
    path.write_bytes(body)
    return path


@pytest.fixture
def hostile(ctx, tmp_path):  # type: ignore[no-untyped-def]
    result = import_path(ctx, _hostile_file(tmp_path))
    assert result.outcome == Outcome.IMPORTED, result.message
    uid = result.source_uid
    text = __import__("desktop.services.sources", fromlist=["x"]).source_text(ctx, uid)
    assert "\x01" not in text and "\x1b" not in text, "control characters are dropped"
    assert BIDI in text and MARKUP in text and LONG_LINE.strip() in text
    start = text.index("<img")
    entity = entities.create_entity_with_mention(ctx, MARKUP, "OTHER", uid, start,
                                                 start + len(MARKUP)).primary_uid
    b = text.index("Invoice")
    entities.create_entity_with_mention(ctx, BIDI, "ORGANIZATION", uid, b, b + len(BIDI))
    f = text.index(FORMULA)
    claim = claims.create_claim(ctx, claims.ClaimDraft(
        FORMULA, uid, f, f + len(FORMULA), entity, "-attribution", 2)).primary_uid
    judgement = implications.create_implication(ctx, implications.ImplicationDraft(
        f"@risk {MARKUP}", likelihood="likely", confidence="low")).primary_uid
    implications.link_claim(ctx, claim, judgement, "supports")
    return uid


def test_invalid_utf8_is_refused_with_a_reason_and_nothing_stored(ctx, tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(f"Report on {BIDI} and “quotes”.\n".encode() + b"\xed\xa0\x80 \xff\xfe end\n")
    result = import_path(ctx, path)
    assert result.outcome == Outcome.FAILED
    assert result.message.startswith("broken.txt: this is not valid UTF-8")
    with ctx.reading() as session:
        assert queries.list_sources(session) == []


def test_brief_prints_hostile_text_literally_and_reads_no_file(ctx, hostile, tmp_path,
                                                              monkeypatch):
    opened: list[str] = []
    real_open = open

    def watching_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching_open)
    out = tmp_path / "brief.pdf"
    build_brief(ctx, BriefOptions(title=f"Brief {MARKUP}"), out)
    monkeypatch.setattr("builtins.open", real_open)
    assert "/etc/passwd" not in opened
    pdf = pdfium.PdfDocument(str(out))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    flat = " ".join(text.split())
    assert '<img src="/etc/passwd"/>' in flat and "<script>alert(1)</script>" in flat
    assert FORMULA in flat


def test_csv_export_defuses_formulas(ctx, hostile, tmp_path):
    folder = tmp_path / "csv"
    exporter("csv")(ctx, folder)
    cells = []
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            cells += [c for row in csv.reader(fh) for c in row]
    assert cells, "the export wrote tables"
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []
    assert "'" + FORMULA in cells and "'-attribution" in cells


def test_json_markdown_and_brat_exports_keep_text_exactly(ctx, hostile, tmp_path):
    exporter("json")(ctx, tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert {e["name"] for e in data["entities"]} == {MARKUP, BIDI}
    exporter("md")(ctx, tmp_path / "p.md")
    md = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "<script>" not in md, "markup is escaped in Markdown"
    exporter("brat")(ctx, tmp_path / "brat")
    ann = next((tmp_path / "brat").glob("*.ann")).read_text(encoding="utf-8")
    assert MARKUP in ann and BIDI in ann


def test_reader_and_tables_show_hostile_text_as_text(qtbot, ctx, hostile):
    from desktop.ui.application import make_app
    from desktop.ui.controller import ProjectController
    from desktop.ui.main_window import MainWindow

    make_app()
    win = MainWindow()
    qtbot.addWidget(win)
    win.attach(ProjectController(ctx, win))
    assert win.reader.source_uid == hostile
    shown = {s.row.label: win.reader.view.text_of_span(s.row.start, s.row.end)
             for s in win.reader.view.highlighter.spans if s.row.kind == "mention"}
    assert shown == {MARKUP: MARKUP, BIDI: BIDI}
    tooltip = win.reader.view._tooltip(win.reader.view.highlighter.spans)
    assert "<img" not in tooltip and "&lt;img" in tooltip, "tooltips escape markup"
    names = {win.entities_model.index(r, 0).data() for r in range(win.entities_model.rowCount())}
    assert names == {MARKUP, BIDI}
    claim = win.claims_model.index(0, 0).data()
    assert claim == FORMULA
    with ctx.reading() as session:
        assert queries.list_claims(session)[0].statement == FORMULA
    win.controller = None  # the ctx fixture closes the project


@pytest.mark.timeout(120)
def test_brief_on_enormous_text_finishes_within_bounds(ctx, tmp_path):
    """A 1 MB claim and deeply nested markup: the build ends (timeout) without ballooning."""
    import psutil

    huge = ("<b>" * 5_000) + ("x" * 1_000_000) + ("</b>" * 5_000)
    claim = claims.create_claim(ctx, claims.ClaimDraft(huge, credibility=3)).primary_uid
    judgement = implications.create_implication(ctx, implications.ImplicationDraft(
        "[" * 10_000 + "nested" + "]" * 10_000, likelihood="unlikely")).primary_uid
    implications.link_claim(ctx, claim, judgement, "contradicts")
    process = psutil.Process()
    before = process.memory_info().rss
    out = tmp_path / "huge.pdf"
    result = build_brief(ctx, BriefOptions(title="Huge"), out)
    grown = process.memory_info().rss - before
    assert out.exists() and result.pages >= 1
    assert grown < 1_500_000_000, f"building grew memory by {grown / 1e6:.0f} MB"
