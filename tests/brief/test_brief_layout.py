"""The pieces under the brief: run layout, judgement blocks, page numbers, data loading."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib import colors
from sqlalchemy import event

from db.models.vocab import Confidence, ImplicationKind, Likelihood, Reliability, SourceKind
from desktop.brief.blocks import Block, Piece
from desktop.brief.data import BriefSource, load_brief_data
from desktop.brief.fonts import (
    SANS,
    SANS_BOLD,
    SERIF,
    missing_characters,
    missing_marker,
    register_fonts,
    split_by_font,
)
from desktop.brief.options import BriefOptions
from desktop.brief.runs import WIDTHS, break_lines, runs_of
from desktop.core.context import ProjectContext
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, implications
from desktop.services.sources import add_source


def _runs(*texts: str) -> list:  # type: ignore[type-arg]
    register_fonts()
    return runs_of(*[(t, SANS if n % 2 == 0 else SANS_BOLD, 8.2, colors.black)
                     for n, t in enumerate(texts)])


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.text(st.characters(categories=("L", "N", "P")), min_size=1,
                              max_size=30), min_size=1, max_size=40),
       width=st.floats(min_value=30, max_value=400))
def test_lines_never_overflow_and_keep_every_character(words: list[str], width: float) -> None:
    runs = _runs(" ".join(words[: len(words) // 2]) + " ", " ".join(words[len(words) // 2:]))
    lines = break_lines(runs, width)
    for line in lines:
        measured = sum(WIDTHS.em(s.run.font, s.text) * s.run.size for s in line.segments)
        assert measured <= width + 0.01
        assert abs(measured - line.width) < 0.01
    printed = "".join(s.text for line in lines for s in line.segments)
    # A character no bundled font has is printed as its code point, never dropped.
    expected = "".join(missing_marker(ch) if missing_characters(ch) else ch
                       for ch in "".join("".join(words).split()))
    assert "".join(printed.split()) == expected


def test_runs_keep_the_spaces_between_them() -> None:
    lines = break_lines(_runs("We judge this ", "likely", ". We have ", "low confidence",
                              " in this judgement."), 1000)
    assert "".join(s.text for s in lines[0].segments) == (
        "We judge this likely. We have low confidence in this judgement.")


def test_characters_serif_lacks_are_set_in_sans() -> None:
    register_fonts()
    assert split_by_font("plain ascii", SERIF) == [("plain ascii", SERIF)]
    pieces = split_by_font("Київ ⇶ Ѧ", SERIF)
    assert "".join(p for p, _ in pieces) == "Київ ⇶ Ѧ"
    assert (pieces[0][1], pieces[-1][1]) == (SERIF, SANS)


def _claim_piece(text: str) -> Piece:
    return Piece(_runs(text), 50, 11.0, space_after=2)


def test_a_judgement_block_splits_between_claims_never_after_its_heading() -> None:
    head = Piece(_runs("Heading " * 8), 22, 14.4, keep_with_next=True)
    label = Piece(_runs("SUPPORTING (9)"), 22, 9.5, keep_with_next=True)
    block = Block([head, label] + [_claim_piece("claim words " * 12) for _ in range(9)])
    _, height = block.wrap(470, 10_000)
    parts = block.split(470, height / 2)
    assert len(parts) == 2
    first, rest = parts
    assert first.pieces[:2] == [head, label] and len(first.pieces) >= 3
    assert first.wrap(470, 10_000)[1] <= height / 2
    assert len(first.pieces) + len(rest.pieces) == 11
    # Not even the heading and one claim fit: the whole block moves to the next page.
    assert block.split(470, head.height + label.height + 1) == []


def test_claim_pages_come_from_page_starts() -> None:
    source = BriefSource("s", "t", SourceKind.PDF, "", "", "", "", "", Reliability.A,
                         (0, 100, 250))
    assert [source.page_at(o) for o in (0, 99, 100, 249, 250, 9999)] == [1, 1, 2, 2, 3, 3]
    assert source.page_at(None) is None
    assert BriefSource("s", "t", SourceKind.NOTE, "", "", "", "", "", Reliability.A,
                       ()).page_at(5) is None


def test_pdf_sources_cite_the_page_of_each_claim(ctx: ProjectContext, tmp_path: Path) -> None:
    from desktop.brief.build import build_brief
    from tests.brief.conftest import read_pdf

    text = "Page one text. " * 10 + "Page two has the quote we cite. " + "More. " * 10
    page_two = text.index("Page two")
    doc = ImportedDocument(text=text, title="Scanned report", kind=SourceKind.PDF,
                           publisher="Archive", original_filename="report.pdf",
                           reliability=Reliability.C, page_starts=[0, page_two])
    source = str(add_source(ctx, doc).primary_uid)
    quote = "the quote we cite"
    start = text.index(quote)
    claim = str(claims.create_claim(ctx, claims.ClaimDraft(
        statement="A quote is on page two.", source_uid=source, start=start,
        end=start + len(quote), credibility=3)).primary_uid)
    judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
        text="Pages are cited.", kind=ImplicationKind.JUDGEMENT, likelihood=Likelihood.LIKELY,
        confidence=Confidence.LOW)).primary_uid)
    implications.link_claim(ctx, claim, judgement)
    flat = read_pdf(build_brief(ctx, BriefOptions(title="Pages"), tmp_path / "p.pdf").path).flat
    assert ("C3 A quote is on page two. — the source’s own reporting; credibility 3; reported "
            "by Archive (C) [1]") in flat
    assert "1. “Scanned report”, Archive, p. 2. File report.pdf." in flat


def _count_queries(ctx: ProjectContext) -> int:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(ctx.db.engine, "before_cursor_execute", count)
    try:
        load_brief_data(ctx, BriefOptions())
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", count)
    return len(statements)


def _grow(ctx: ProjectContext, sources: int, start: int = 0) -> None:
    """Add sources, each with three anchored claims backing one judgement."""
    for n in range(start, start + sources):
        text = f"Report {n}. Alpha said one. Beta said two. Gamma said three."
        uid = str(add_source(ctx, ImportedDocument(text=text, title=f"Report {n}")).primary_uid)
        judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
            text=f"Judgement {n}.")).primary_uid)
        for quote in ("Alpha said one.", "Beta said two.", "Gamma said three."):
            at = text.index(quote)
            claim = str(claims.create_claim(ctx, claims.ClaimDraft(
                statement=quote, source_uid=uid, start=at, end=at + len(quote))).primary_uid)
            implications.link_claim(ctx, claim, judgement)


def test_loading_the_brief_costs_the_same_few_queries_however_big_the_project(
        ctx: ProjectContext) -> None:
    _grow(ctx, 1)
    small = _count_queries(ctx)
    _grow(ctx, 4, start=1)
    assert len(load_brief_data(ctx, BriefOptions()).implications) == 5
    assert _count_queries(ctx) == small <= 12


def _plan_with(claim_count: int):  # type: ignore[no-untyped-def]
    from db.models.vocab import ClaimStatus, Credibility, SupportRelation
    from desktop.brief.data import BriefClaim, BriefData, BriefImplication, BriefLink
    from desktop.brief.plan import make_plan

    source = BriefSource("s", "Log", SourceKind.REPORT, "", "CG", "", "", "", Reliability.A, ())
    links = tuple(BriefLink(BriefClaim(f"c{n}", f"Claim {n}", "", "", "s", Reliability.A,
                                       Credibility.CONFIRMED, ClaimStatus.REPORTED, n, ""),
                            SupportRelation.SUPPORTS, "") for n in range(claim_count))
    judgement = BriefImplication("j", ImplicationKind.JUDGEMENT, "J", Likelihood.LIKELY,
                                 Confidence.LOW, "", 1, links)
    data = BriefData("p", "P", "", "", (), (judgement,), (source,), (), "")
    return make_plan(data, BriefOptions()), links[0].claim


def test_every_cited_claim_has_its_own_linked_note_at_any_size() -> None:
    plan, first = _plan_with(3)
    assert plan.citation(first) == ("[1]", "note-1")
    plan, first = _plan_with(1200)
    assert plan.citation(first) == ("[1]", "note-1")
    assert len(plan.notes) == 1200  # one note per claim, even from one place in one source
    assert plan.citation_anchor(first) == "cite-1" and plan.citation_anchor(first) is None


def test_a_small_brief_has_clickable_citations_contents_and_bookmarks(
        sample_brief_ctx: ProjectContext, tmp_path: Path) -> None:
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options

    raw = build_brief(sample_brief_ctx, default_options(sample_brief_ctx),
                      tmp_path / "b.pdf").path.read_bytes()
    assert raw.count(b"/Subtype /Link") >= 2 * 7 + 3  # citations, note back links, sources
    assert b"/Outlines" in raw
