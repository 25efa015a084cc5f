"""Building a brief: progress, cancelling, atomic writes, choices of content, options storage."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db.models.vocab import Confidence, ImplicationKind, Likelihood, Marking
from desktop.brief.build import BriefResult, build_brief
from desktop.brief.errors import BriefCancelled, BriefError
from desktop.brief.options import ALL_SECTIONS, BriefOptions, BriefSection, default_options
from desktop.brief.settings import OPTIONS_KEY, load_options, save_options
from desktop.core.context import ProjectContext
from desktop.services import history, implications
from desktop.services.sample import build_sample
from tests.brief.conftest import read_pdf


def test_progress_climbs_to_the_total_and_names_each_step(sample_brief_ctx: ProjectContext,
                                                          tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    result = build_brief(sample_brief_ctx, default_options(sample_brief_ctx),
                         tmp_path / "b.pdf", progress=lambda d, t, label: seen.append((d, t, label)))
    assert isinstance(result, BriefResult) and result.pages >= 3
    assert seen[0][2] == "Reading the project"
    done = [d for d, _, _ in seen[1:]]
    assert done == sorted(done)
    assert seen[-1][0] == seen[-1][1]  # finished means done == total
    assert len(seen) <= 110  # throttled: a GUI must not get one signal per flowable


def test_cancelling_writes_nothing_and_keeps_an_existing_file(sample_brief_ctx: ProjectContext,
                                                              tmp_path: Path) -> None:
    target = tmp_path / "b.pdf"
    target.write_bytes(b"the previous brief")
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3  # stop in the middle of the layout

    with pytest.raises(BriefCancelled):
        build_brief(sample_brief_ctx, default_options(sample_brief_ctx), target,
                    progress=lambda *_: None, cancelled=cancelled)
    assert target.read_bytes() == b"the previous brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]


def test_a_missing_folder_is_a_plain_error(sample_brief_ctx: ProjectContext,
                                           tmp_path: Path) -> None:
    with pytest.raises(BriefError, match="does not exist"):
        build_brief(sample_brief_ctx, BriefOptions(), tmp_path / "nowhere" / "b.pdf")
    with pytest.raises(BriefError, match="is a folder"):
        build_brief(sample_brief_ctx, BriefOptions(), tmp_path)


def test_chosen_judgements_and_sources_limit_the_brief(sample_brief_ctx: ProjectContext,
                                                       tmp_path: Path) -> None:
    from db.repository import queries

    with sample_brief_ctx.reading() as session:
        judgements = [i for i in queries.list_implications(session) if i.kind == "judgement"]
        sources = queries.list_sources(session)
    coast_guard = next(s for s in sources if s.title.startswith("Estmark Coast Guard"))
    options = replace(default_options(sample_brief_ctx),
                      implication_uids=(judgements[0].uid,), source_uids=(coast_guard.uid,))
    flat = read_pdf(build_brief(sample_brief_ctx, options, tmp_path / "b.pdf").path).flat
    assert "The damage to the Kessel pipeline was deliberate." in flat
    assert "Gas supply to northern Estmark" not in flat
    assert "Key assumptions" not in flat  # not chosen
    # Only the Coast Guard's claims and the Coast Guard as the only source.
    assert "SUPPORTING (2)" in flat and "Liora Dask, told reporters" not in flat
    assert "S1 Estmark Coast Guard statement" in flat and "S2" not in flat
    assert "Grauwal Shipping" in flat and "Aurora Lift" not in flat  # entity index follows


def test_without_a_bluf_there_is_no_bottom_line_and_no_judgement_is_repeated(
        ctx: ProjectContext, tmp_path: Path) -> None:
    for text, likelihood in (("Second judgement.", Likelihood.UNLIKELY),
                             ("First judgement.", Likelihood.ALMOST_CERTAIN)):
        implications.create_implication(ctx, implications.ImplicationDraft(
            text=text, kind=ImplicationKind.JUDGEMENT, likelihood=likelihood,
            confidence=Confidence.HIGH))
    from db.repository import queries

    with ctx.reading() as session:
        first = next(i for i in queries.list_implications(session) if i.text == "First judgement.")
    implications.move_implication(ctx, first.uid, 0)
    result = build_brief(ctx, default_options(ctx), tmp_path / "b.pdf")
    flat = read_pdf(result.path).flat
    assert "Bottom line up front" not in flat
    assert flat.count("First judgement.") == 1
    assert flat.index("1. First judgement.") < flat.index("2. Second judgement.")
    assert "We judge this almost certain (95–99%)." in flat
    assert "No claims are linked to this judgement yet." in flat
    assert any("no bottom line" in f.text for f in result.findings)


def test_a_bottom_line_that_repeats_a_judgement_word_for_word_is_left_out(
        ctx: ProjectContext, tmp_path: Path) -> None:
    for kind in (ImplicationKind.JUDGEMENT, ImplicationKind.BLUF):
        implications.create_implication(ctx, implications.ImplicationDraft(
            text="The deal will be signed.", kind=kind, likelihood=Likelihood.LIKELY,
            confidence=Confidence.HIGH))
    result = build_brief(ctx, default_options(ctx), tmp_path / "b.pdf")
    flat = read_pdf(result.path).flat
    assert flat.count("The deal will be signed.") == 1
    assert any("repeats key judgement 1 word for word" in f.text for f in result.findings)


def test_an_empty_project_still_gives_a_tidy_brief(ctx: ProjectContext, tmp_path: Path) -> None:
    result = build_brief(ctx, default_options(ctx), tmp_path / "empty.pdf")
    pdf = read_pdf(result.path)
    assert "There is nothing to report yet" in pdf.flat
    assert "Page 1 of" in pdf.flat and "TLP:AMBER" in pdf.tops[0]


def test_without_invariant_the_pdf_carries_todays_date(sample_brief_ctx: ProjectContext,
                                                       tmp_path: Path) -> None:
    from datetime import date

    options = replace(default_options(sample_brief_ctx), invariant=False)
    pdf = read_pdf(build_brief(sample_brief_ctx, options, tmp_path / "b.pdf").path)
    today = date.today()
    assert f"{today.day} " in pdf.bottoms[0] and str(today.year) in pdf.bottoms[0]


def test_the_pdf_date_comes_from_the_project_not_the_clock(ctx: ProjectContext,
                                                           tmp_path: Path) -> None:
    build_sample(ctx)
    first = build_brief(ctx, default_options(ctx), tmp_path / "a.pdf")
    again = build_brief(ctx, default_options(ctx), tmp_path / "b.pdf")
    assert first.sha256 == again.sha256
    meta = read_pdf(first.path).metadata
    latest = max(_latest_dates(ctx))
    stamp = latest[:19].replace("-", "").replace("T", "").replace(":", "")
    assert meta["CreationDate"].startswith(f"D:{stamp}")
    # Any change to the content changes the brief.
    from db.repository import queries

    with ctx.reading() as session:
        gap = next(i for i in queries.list_implications(session) if i.kind == "gap")
    implications.update_implication(ctx, gap.uid, text="Who owns the Merid Star?")
    assert build_brief(ctx, default_options(ctx), tmp_path / "c.pdf").sha256 != first.sha256


def _latest_dates(ctx: ProjectContext) -> list[str]:
    from sqlalchemy import func, select

    from db.models import Claim, Entity, Implication, Source, Support

    with ctx.reading() as session:
        return [session.execute(select(func.max(m.updated_at))).scalar_one() or ""
                for m in (Source, Entity, Claim, Implication, Support)]


def test_saved_options_come_back_and_saving_is_undoable(ctx: ProjectContext) -> None:
    options = BriefOptions(title="Weekly", subtitle="Week 12", analyst="Ada",
                           marking=Marking.AMBER_STRICT,
                           sections=(BriefSection.JUDGEMENTS, BriefSection.ANNEX),
                           implication_uids=("x",), source_uids=None, invariant=False,
                           date="2026-03-09")
    changes = save_options(ctx, options)
    assert changes.kinds == {"setting"}
    assert load_options(ctx) == options
    second = save_options(ctx, replace(options, marking="Partner release only"))
    assert load_options(ctx).marking == "Partner release only"
    history.revert(ctx, second)
    assert load_options(ctx) == options
    history.revert(ctx, changes)
    assert load_options(ctx) == default_options(ctx)


@pytest.mark.parametrize("stored", [
    "not a dict", {"sections": "judgements"}, {"title": 5, "marking": ["x"]},
    {"implication_uids": [1, None, "ok"], "invariant": "yes"}, {"sections": ["nonsense"]},
])
def test_malformed_stored_options_fall_back_to_defaults(ctx: ProjectContext,
                                                        stored: object) -> None:
    from db.models import Setting
    from desktop.core.recorder import Recorder

    with ctx.transaction() as session:
        Recorder(session, ctx.analyst.uid).add(Setting(key=OPTIONS_KEY, value=stored))
    options = load_options(ctx)
    defaults = default_options(ctx)
    assert options.title == defaults.title
    assert options.marking == defaults.marking
    assert isinstance(options.sections, tuple)
    assert options.invariant is True


def test_marking_text_names_a_tlp_label_in_any_case_or_stays_as_typed() -> None:
    assert BriefOptions(marking="tlp:amber+strict").cleaned().marking is Marking.AMBER_STRICT
    assert BriefOptions(marking=" TLP: RED ").cleaned().marking is Marking.RED
    assert BriefOptions(marking="Internal\x00 use").cleaned().marking == "Internal use"
    assert BriefOptions(sections=("annex", "bluf", "bogus")).cleaned().sections == (
        BriefSection.BLUF, BriefSection.ANNEX)
    assert set(ALL_SECTIONS) == set(BriefSection)
