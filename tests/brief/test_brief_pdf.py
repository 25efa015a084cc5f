"""The brief as a reader sees it: banners, page numbers, judgements, evidence, citations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.cli import main
from tests.brief.conftest import (
    PdfText,
    build_cyrillic_project,
    build_drone_project,
    read_pdf,
    section,
)

LIKELIHOOD = re.compile(
    r"We judge (?:this (very unlikely|unlikely|likely|very likely|almost certain)|there is "
    r"(a roughly even chance|almost no chance)) \((\d+)–(\d+)%\)(?: of this)?\.")


def likelihood_of(text: str) -> tuple[str, str, str]:
    found = LIKELIHOOD.search(text)
    assert found, text
    words = found.group(1) or found.group(2)
    return words.removeprefix("a "), found.group(3), found.group(4)
CONFIDENCE = re.compile(r"We have (low|moderate|high) confidence in this judgement\.")


def brief_via_cli(project: Path, out: Path, *extra: str,
                  capsys: pytest.CaptureFixture[str]) -> tuple[PdfText, str]:
    code = main(["brief", str(project), "-o", str(out), *extra])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    return read_pdf(out), printed.out.strip()


def assert_every_page_marked(pdf: PdfText, marking: str) -> None:
    total = len(pdf.pages)
    assert total >= 2
    for number, (top, bottom) in enumerate(zip(pdf.tops, pdf.bottoms, strict=True), start=1):
        assert marking in top, f"page {number} has no {marking} at the top"
        assert marking in bottom, f"page {number} has no {marking} at the bottom"
        assert f"Page {number} of {total}" in " ".join(bottom.split())


def judgement_entries(pdf: PdfText) -> list[str]:
    """Each key judgement's text block, in the order printed."""
    begin = pdf.text.index("most important first")
    ends = [pdf.text.find(h, begin) for h in ("Key assumptions\r\n", "Notes\r\n")]
    body = pdf.text[begin:min(e for e in ends if e >= 0)]
    parts = re.split(r"(?m)^(\d+)\. ", body)
    return [parts[i + 1] for i in range(1, len(parts) - 1, 2)]


def citations_resolve(pdf: PdfText) -> None:
    """Every claim line ends in [n]; note n names a source Sk that the Sources list has."""
    flat = pdf.flat
    # Headings as printed in the body (the contents list names them too, with page numbers).
    body = section(flat, "most important first", "Notes 1. ")
    notes = section(flat, "Notes 1. ", "Annex: sources")
    sources = section(flat, "Annex: sources")
    cited = re.findall(r"\b([A-F–][1-6–]) [^[]+? \[(\d+)\]", body)
    assert cited, "no graded claim with a citation found"
    numbers = [int(n) for _, n in cited]
    assert len(set(numbers)) == len(numbers), "a note is shared by two claims"
    for grade, number in cited:
        note = re.search(rf"(?:^|\s){number}\. .+?\b(S\d+)\b", notes)
        assert note, f"note {number} (cited by a {grade} claim) is missing"
        assert re.search(rf"{note.group(1)} \S", sources), f"{note.group(1)} is not listed"


def test_sample_brief_has_banners_page_numbers_and_cited_judgements(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, line = brief_via_cli(sample_project, tmp_path / "brief.pdf", capsys=capsys)
    assert re.fullmatch(rf"wrote {re.escape(str(tmp_path / 'brief.pdf'))}: "
                        r"\d+ pages, sha256 [0-9a-f]{64}", line)
    assert_every_page_marked(pdf, "TLP:AMBER")
    entries = judgement_entries(pdf)
    assert [e.split("\r\n")[0] for e in entries] == [
        "The damage to the Kessel pipeline was deliberate.",
        "Gas supply to northern Estmark will remain below normal for at",
    ]
    for entry in entries:
        flat = " ".join(entry.split())
        assert likelihood_of(flat)
        assert CONFIDENCE.search(flat)
        # The confidence is its own sentence, not folded into the likelihood one.
        assert LIKELIHOOD.search(flat).end() <= CONFIDENCE.search(flat).start()
    first = " ".join(entries[0].split())
    assert "very likely (80–95%)" in first and "moderate confidence" in first
    assert re.search(r"SUPPORTING \(3\) B3 The damage to the Kessel pipeline was deliberate "
                     r"and professionally done\. — Liora Dask, told reporters; credibility 3; "
                     r"reported by Estmark Herald \(B\) \[\d+\]", first)
    assert re.search(r"CONTRADICTING \(1\) B4 Norland denies", first)
    citations_resolve(pdf)


def test_sample_brief_has_every_part_an_analyst_expects(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = brief_via_cli(sample_project, tmp_path / "brief.pdf", "--analyst", "Ada Analyst",
                           "--subtitle", "Worked example", capsys=capsys)
    flat = pdf.flat
    for heading in ("Bottom line up front", "Key judgements", "Key assumptions",
                    "Indicators to watch", "Intelligence gaps", "Notes", "Annex: entity index",
                    "Annex: sources", "Annex: estimative language and grading scales"):
        assert heading in flat
    assert "Bottom line up front The Kessel pipeline was very likely sabotaged" in flat
    # Key judgements start on the first page, right after the bottom line.
    assert "Key judgements" in pdf.pages[0] and "Contents" not in pdf.pages[0]
    # Sources: number, reliability letter and wording, publisher and date.
    assert re.search(r"S\d Estmark Coast Guard statement on vessel activity near the Kessel "
                     r"pipeline Estmark Coast Guard, 4 March 2026\. File "
                     r"coastguard-statement\.txt\. Accessed \d+ \w+ \d{4}\. Reliability A — Completely reliable", flat)
    assert "Reliability B — Usually reliable" in flat
    # Entity index: name, type label, aliases, where mentioned.
    assert re.search(r"Liora Dask Person Dask; Energy Minister S\d", flat)
    assert re.search(r"Kessel pipeline Facility Kessel gas pipeline S\d, S\d, S\d", flat)
    # Annex tables.
    for row in ("very likely highly probable 80–95%", "roughly even chance roughly even odds "
                "45–55%", "B Usually reliable", "2 Probably true", "TLP:AMBER+STRICT"):
        assert row in flat
    assert pdf.metadata["Title"] == "Kessel pipeline incident (sample)"
    assert pdf.metadata["Author"] == "Ada Analyst"
    assert "key judgements" in pdf.metadata["Subject"]
    assert (0, "Key judgements") in pdf.outline
    assert (1, "1. The damage to the Kessel pipeline was deliberate.") in pdf.outline
    assert "ANALYTIC BRIEF Kessel pipeline incident (sample) Worked example" in flat


def test_brief_embeds_its_unicode_fonts(sample_project: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = brief_via_cli(sample_project, tmp_path / "brief.pdf", capsys=capsys)
    assert pdf.raw.count(b"/FontFile2") >= 4  # sans, sans bold, serif, serif bold at least
    assert b"/Subtype /Type1" not in pdf.raw  # no base-14 font that a viewer must substitute
    assert b"+DejaVuSans" in pdf.raw and b"+DejaVuSerif" in pdf.raw


def test_custom_marking_is_printed_as_typed_on_every_page(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = brief_via_cli(sample_project, tmp_path / "brief.pdf", "--marking",
                           "Partner release only", capsys=capsys)
    assert_every_page_marked(pdf, "Partner release only")
    assert "TLP:AMBER" not in " ".join(pdf.tops + pdf.bottoms)


def test_red_marking_and_chosen_sections_only(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf, _ = brief_via_cli(sample_project, tmp_path / "brief.pdf", "--marking", "tlp:red",
                           "--include", "judgements", "sources", "--title", "Pipeline update",
                           capsys=capsys)
    flat = pdf.flat
    assert "TLP:RED" in pdf.tops[0]
    assert "Key judgements" in flat and "Annex: sources" in flat
    for absent in ("Contents", "Entity index", "Annex: estimative", "Key assumptions"):
        assert absent not in flat
    # Notes were not chosen, but claims are printed: they keep their citations and notes.
    assert "Notes" in flat
    citations_resolve(pdf)
    assert pdf.metadata["Title"] == "Pipeline update"


def test_two_builds_of_the_same_state_are_byte_identical(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["brief", str(sample_project), "-o", str(tmp_path / "a.pdf")])
    main(["brief", str(sample_project), "-o", str(tmp_path / "b.pdf")])
    first, second = capsys.readouterr().out.splitlines()
    assert first.split("sha256 ")[1] == second.split("sha256 ")[1]
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.corpus
def test_drone_article_brief_prints_judgements_in_rank_order(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = build_drone_project(tmp_path / "drone.dossier", corpus)
    pdf, _ = brief_via_cli(project, tmp_path / "drone.pdf", "--marking", "TLP:GREEN",
                           capsys=capsys)
    assert_every_page_marked(pdf, "TLP:GREEN")
    entries = [" ".join(e.split()) for e in judgement_entries(pdf)]
    assert [e[:40] for e in entries] == [
        "A deal would roughly even chance include",
        "The United States and Ukraine will very ",
        "Ukrainian drone exports will likely expa",
    ]
    expected = [("roughly even chance", "45", "55", "high"), ("very likely", "80", "95",
                                                               "moderate"),
                ("likely", "55", "80", "low")]
    for entry, (words, low, high, confidence) in zip(entries, expected, strict=True):
        assert likelihood_of(entry) == (words, low, high)
        assert CONFIDENCE.search(entry).group(1) == confidence
    assert "CONTRADICTING (1)" in pdf.flat
    citations_resolve(pdf)
    assert "News wire, 20 July 2025" in pdf.flat
    assert "Reliability B — Usually reliable" in pdf.flat


@pytest.mark.corpus
def test_cyrillic_entity_names_print_and_extract_exactly(
        corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, names = build_cyrillic_project(tmp_path / "uk.dossier", corpus, tmp_path)
    assert len(names) >= 20
    pdf, _ = brief_via_cli(project, tmp_path / "uk.pdf", capsys=capsys)
    index = section(pdf.flat, "Annex: entity index Name Type", "Annex: estimative")
    for name in names:
        assert name in index, name
    assert "Військові новини" in pdf.flat  # the project name, in the title block
    assert "Іван Руснак Person" in index
