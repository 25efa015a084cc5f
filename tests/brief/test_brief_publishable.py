"""The brief as a publishable product: it never fails or cuts text silently, sources every
claim (ICD 206), keeps unassessed statements out of the judgements, and words things right."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.models import Support
from db.models.vocab import Confidence, ImplicationKind, Likelihood, Marking, Reliability
from desktop.brief.build import build_brief
from desktop.brief.data import BriefImplication
from desktop.brief.options import BriefOptions, BriefSection, marking_of
from desktop.brief.wording import estimate_runs
from desktop.cli import main
from desktop.core.context import ProjectContext
from desktop.core.recorder import Recorder
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, implications, suggestions
from desktop.services.sources import add_source
from tests.brief.conftest import read_pdf


def _judgement(ctx: ProjectContext, text: str, rationale: str = "", **kw: object) -> str:
    draft = implications.ImplicationDraft(
        text=text, kind=kw.pop("kind", ImplicationKind.JUDGEMENT),  # type: ignore[arg-type]
        likelihood=kw.pop("likelihood", Likelihood.LIKELY),  # type: ignore[arg-type]
        confidence=kw.pop("confidence", Confidence.MODERATE),  # type: ignore[arg-type]
        rationale=rationale)
    return str(implications.create_implication(ctx, draft).primary_uid)


def _claim(ctx: ProjectContext, source: str, text: str, quote: str) -> str:
    start = text.index(quote)
    return str(claims.create_claim(ctx, claims.ClaimDraft(
        statement=quote, source_uid=source, start=start, end=start + len(quote),
        credibility=2)).primary_uid)


def body_text(path: Path) -> str:
    """The text of every page without its banners, header and footer."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        parts = []
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            parts.append(page.get_textpage().get_text_bounded(0, 62, width, height - 62))
        return "\n".join(parts)
    finally:
        pdf.close()


def _words(count: int, seed: str) -> str:
    return " ".join(f"{seed}{n}" for n in range(count))


def test_a_20000_character_bottom_line_and_claim_build_whole(ctx: ProjectContext,
                                                             tmp_path: Path) -> None:
    long_bluf = _words(2600, "bluf")[:20_000]
    long_claim = _words(2600, "claim")[:20_000]
    text = f"Opening. {long_claim} Closing."
    source = str(add_source(ctx, ImportedDocument(text=text, title="Long report",
                                                  reliability=Reliability.B)).primary_uid)
    claim = _claim(ctx, source, text, long_claim)
    bluf = _judgement(ctx, long_bluf, rationale=_words(900, "basis"),
                      kind=ImplicationKind.BLUF)
    judgement = _judgement(ctx, "The long claim matters.", rationale=_words(2000, "why"))
    implications.link_claim(ctx, claim, bluf)
    implications.link_claim(ctx, claim, judgement)
    result = build_brief(ctx, BriefOptions(title="Long"), tmp_path / "long.pdf")
    assert result.pages >= 6
    squashed = "".join(body_text(result.path).split())
    for text_ in (long_bluf, long_claim, _words(2000, "why")):
        assert "".join(text_.split()) in squashed  # every word, in order, nothing cut
    # The only shortening is the pinpoint of a note: the opening words of the passage.
    body, notes = body_text(result.path).split("\nNotes", 1)
    assert "…" not in body
    assert re.search(r"at “claim0 claim1 claim2 (\S+ ){8}claim11…”", " ".join(notes.split()))


def test_every_one_of_600_citations_is_a_link_to_its_own_note(ctx: ProjectContext,
                                                             tmp_path: Path) -> None:
    lines = [f"Observation number {n} was logged by the patrol." for n in range(600)]
    text = "\n".join(lines)
    source = str(add_source(ctx, ImportedDocument(text=text, title="Patrol log",
                                                  url="https://example.org/log")).primary_uid)
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for j in range(60):
            judgement = implications.add_implication(session, rec, implications.ImplicationDraft(
                text=f"Judgement {j}.", likelihood=Likelihood.LIKELY,
                confidence=Confidence.LOW))
            for k in range(10):
                quote = lines[j * 10 + k]
                start = text.index(quote)
                claim = claims.add_claim(session, rec, claims.ClaimDraft(
                    statement=quote, source_uid=source, start=start, end=start + len(quote),
                    credibility=3))
                rec.add(Support(claim_id=claim.id, implication_id=judgement.id,
                                relation="supports"))
        rec.changes("bulk")
    result = build_brief(ctx, BriefOptions(title="Big"), tmp_path / "big.pdf")
    data = result.path.read_bytes()
    flat = read_pdf(result.path).flat
    cited = re.findall(r"\[(\d+)\]", flat)
    assert sorted(set(int(n) for n in cited)) == list(range(1, 601))
    # Each citation links to its note and each note links back: at least 1,200 links.
    assert data.count(b"/Subtype /Link") >= 600 * 2


def test_choosing_only_bluf_and_judgements_keeps_the_citations_and_notes(
        sample_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "short.pdf"
    assert main(["brief", str(sample_project), "-o", str(out), "--include", "bluf",
                 "judgements"]) == 0
    printed = capsys.readouterr()
    assert "notes are kept" in printed.err
    flat = read_pdf(out).flat
    graded = re.findall(r"\b[A-F?][1-6?] .+? \[(\d+)\]", flat)
    assert len(graded) == 7
    assert "Notes" in flat and all(f"{n}. " in flat.split("Notes", 1)[1] for n in graded)


def test_accepted_but_unassessed_suggestions_are_not_judgements(
        ctx: ProjectContext, tmp_path: Path) -> None:
    text = ("The ministry said the pipeline was damaged on Monday. Officials believe the "
            "damage may have been deliberate. Analysts suggest supplies could fall sharply "
            "next month. The coast guard reported a vessel nearby.")
    source = str(add_source(ctx, ImportedDocument(text=text, title="Wire report",
                                                  publisher="Wire")).primary_uid)
    suggestions.suggest_for_source(ctx, source, engine="rules")
    suggestions.accept_all(ctx, source)
    _judgement(ctx, "Supplies will very likely fall in March.",
               likelihood=Likelihood.VERY_LIKELY)
    result = build_brief(ctx, BriefOptions(title="Assist"), tmp_path / "a.pdf")
    pdf = read_pdf(result.path)
    judgements = pdf.flat.split("Key judgements", 1)[1].split("Notes")[0]
    assert "Supplies will very likely fall in March." in judgements
    assert "No likelihood is stated" not in pdf.flat
    assert "Confidence has not been assessed" not in pdf.flat
    unassessed = [f.text for f in result.findings if "no likelihood or no confidence" in f.text]
    assert unassessed and "left out of the brief" in unassessed[0]
    # Asked for, they are printed apart and labelled for what they are.
    annexed = build_brief(ctx, BriefOptions(title="Assist", sections=(
        BriefSection.JUDGEMENTS, BriefSection.UNASSESSED)), tmp_path / "b.pdf")
    flat = read_pdf(annexed.path).flat
    assert "Annex: unassessed statements (not judgements)" in flat
    assert flat.index("Key judgements") < flat.index("Annex: unassessed")


def test_judgement_copying_a_source_sentence_is_flagged(ctx: ProjectContext,
                                                        tmp_path: Path) -> None:
    text = "The vessel left port at dawn. Nothing else happened."
    source = str(add_source(ctx, ImportedDocument(text=text, title="Log")).primary_uid)
    claim = _claim(ctx, source, text, "The vessel left port at dawn.")
    judgement = _judgement(ctx, "The vessel left port at dawn.")
    implications.link_claim(ctx, claim, judgement)
    lonely = _judgement(ctx, "A second judgement with no evidence.")
    del lonely
    result = build_brief(ctx, BriefOptions(title="Copy"), tmp_path / "c.pdf")
    texts = " ".join(f.text for f in result.findings)
    assert "copies a source sentence word for word" in texts
    assert "has no linked claims" in texts


def test_strict_stops_the_build_and_writes_nothing(ctx: ProjectContext, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _judgement(ctx, "Alone.", likelihood=None)
    project = ctx.path
    ctx.close()
    out = tmp_path / "strict.pdf"
    assert main(["brief", str(project), "-o", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "pre-flight:" in err and "--strict" in err and not out.exists()


def test_date_option_and_retired_tlp_white(sample_project: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dated.pdf"
    assert main(["brief", str(sample_project), "-o", str(out), "--date", "2026-03-09",
                 "--marking", "TLP:WHITE"]) == 0
    err = capsys.readouterr().err
    assert "TLP:WHITE was retired in TLP 2.0" in err
    pdf = read_pdf(out)
    assert "9 March 2026" in pdf.pages[0] and "TLP:CLEAR" in pdf.tops[0]
    assert "TLP:WHITE" not in pdf.flat
    assert main(["brief", str(sample_project), "-o", str(out), "--date", "9/3/26"]) == 1
    assert marking_of("tlp:white") is Marking.CLEAR


@pytest.mark.parametrize(("term", "sentence"), [
    (Likelihood.ALMOST_NO_CHANCE, "We judge there is almost no chance (1–5%) of this."),
    (Likelihood.VERY_UNLIKELY, "We judge this very unlikely (5–20%)."),
    (Likelihood.UNLIKELY, "We judge this unlikely (20–45%)."),
    (Likelihood.ROUGHLY_EVEN, "We judge there is a roughly even chance (45–55%) of this."),
    (Likelihood.LIKELY, "We judge this likely (55–80%)."),
    (Likelihood.VERY_LIKELY, "We judge this very likely (80–95%)."),
    (Likelihood.ALMOST_CERTAIN, "We judge this almost certain (95–99%)."),
])
def test_every_likelihood_term_makes_a_grammatical_sentence(term: Likelihood,
                                                            sentence: str) -> None:
    from reportlab.lib import colors

    item = BriefImplication("u", ImplicationKind.JUDGEMENT, "x", term, Confidence.HIGH, "", 1, ())
    printed = "".join(run.text for run in estimate_runs(item, 10, colors.black))
    assert printed == f"{sentence} We have high confidence in this judgement."


def test_plurals_natural_source_order_and_subject(ctx: ProjectContext, tmp_path: Path) -> None:
    for name in ("log 10", "log 2", "log 1"):
        add_source(ctx, ImportedDocument(text=f"{name} text.", title=name))
    _judgement(ctx, "Only one judgement.")
    pdf = read_pdf(build_brief(ctx, BriefOptions(title="Plural"), tmp_path / "p.pdf").path)
    assert pdf.metadata["Subject"].startswith("1 key judgement from 3 sources;")
    sources = pdf.flat.split("Annex: sources", 1)[1]
    assert sources.index("S1 log 1") < sources.index("S2 log 2") < sources.index("S3 log 10")
    assert "1 judgement, most important first" in pdf.flat


def test_a_100_judgement_brief_has_contents_three_digit_numbers_and_judgements_on_page_one(
        ctx: ProjectContext, tmp_path: Path) -> None:
    _judgement(ctx, "The bottom line in the analyst's words.", kind=ImplicationKind.BLUF)
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for n in range(1, 121):
            implications.add_implication(session, rec, implications.ImplicationDraft(
                text=f"Judgement number {n} about the pipeline.", likelihood=Likelihood.LIKELY,
                confidence=Confidence.LOW, rationale="Because."))
        rec.changes("bulk")
    result = build_brief(ctx, BriefOptions(title="Many"), tmp_path / "m.pdf")
    pdf = read_pdf(result.path)
    assert "Contents" in pdf.pages[0] and "Key judgements" in pdf.pages[0]
    assert "1. Judgement number 1 about" in pdf.pages[0]
    document = pdfium.PdfDocument(str(result.path))
    try:
        for index in range(len(document)):
            textpage = document[index].get_textpage()
            text = textpage.get_text_range()
            for match in re.finditer(r"(?m)^(\d{3})\. Judgement", text):
                # The number ends before the judgement text starts: no overlap.
                number_end = textpage.get_charbox(match.start() + 3)[2]
                text_start = textpage.get_charbox(match.start() + 5)[0]
                assert number_end < text_start - 2
    finally:
        document.close()


def test_a_short_brief_has_no_contents(sample_project: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.pdf"
    assert main(["brief", str(sample_project), "-o", str(out)]) == 0
    assert "Contents" not in read_pdf(out).flat


def test_prose_sections_print_as_written(ctx: ProjectContext, tmp_path: Path) -> None:
    _judgement(ctx, "A judgement.")
    texts = (("scope", "This brief covers March.\n\nIt does not cover April."),
             ("alternatives", "An accident was considered."),
             ("implications", "Plan for shortages."), ("changes", "New radar data."))
    flat = read_pdf(build_brief(ctx, BriefOptions(title="Prose", texts=texts),
                                tmp_path / "p.pdf").path).flat
    for heading, body in (("Scope note", "This brief covers March. It does not cover April."),
                          ("Alternative analysis", "An accident was considered."),
                          ("Implications for the reader", "Plan for shortages."),
                          ("What changed since the last assessment", "New radar data.")):
        assert f"{heading} {body}" in flat


def test_outline_opens_with_the_document_and_language_is_set(sample_project: Path,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    assert main(["brief", str(sample_project), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert b"/PageMode /UseOutlines" in raw
    assert b"/Lang (en-GB)" in raw
    assert b"/DisplayDocTitle" in raw


def test_the_preparer_is_the_analysts_name_never_the_computer_login(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.brief.options import preparer_name

    monkeypatch.setattr("getpass.getuser", lambda: "root")
    assert preparer_name("Root") == ""  # made from the login by the command line
    assert preparer_name("Ada Analyst") == "Ada Analyst"


def test_tlp_labels_are_12_point_and_a_long_unbroken_title_stays_inside_the_page(
        ctx: ProjectContext, tmp_path: Path) -> None:
    _judgement(ctx, "A judgement.")
    title = "Operation" + "X" * 160
    result = build_brief(ctx, BriefOptions(title=title, marking=Marking.RED),
                         tmp_path / "t.pdf")
    document = pdfium.PdfDocument(str(result.path))
    try:
        page = document[0]
        width, _ = page.get_size()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        at = text.index("TLP:RED")
        assert pdfium.raw.FPDFText_GetFontSize(textpage.raw, at) >= 12
        for index in range(textpage.count_chars()):
            assert textpage.get_charbox(index)[2] <= width - 40
    finally:
        document.close()
    assert title in read_pdf(result.path).flat.replace(" ", "")
