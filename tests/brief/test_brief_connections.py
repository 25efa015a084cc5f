"""The brief's optional Chronology and Link chart: printed when chosen, with embedded fonts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.brief.build import build_brief
from desktop.brief.options import DEFAULT_SECTIONS, BriefSection, default_options
from desktop.core.context import ProjectContext
from tests.brief.conftest import read_pdf

CHOSEN = (*DEFAULT_SECTIONS, BriefSection.CHRONOLOGY, BriefSection.LINK_CHART)


def test_the_chronology_and_the_link_chart_are_optional_sections(
        sample_brief_ctx: ProjectContext, tmp_path: Path) -> None:
    plain = read_pdf(build_brief(sample_brief_ctx, default_options(sample_brief_ctx),
                                 tmp_path / "plain.pdf").path)
    assert "Chronology" not in plain.flat and "Figure 1." not in plain.flat
    options = replace(default_options(sample_brief_ctx), sections=CHOSEN)
    first = build_brief(sample_brief_ctx, options, tmp_path / "a.pdf")
    pdf = read_pdf(first.path)
    text = " ".join(pdf.flat.split())
    assert "Chronology" in text and "Link chart" in text
    # In time order, dates as recorded: a year, a range, a rough month.
    assert text.index("Anchor strike on the Kessel route") < text.index(
        "Underwater explosion damages the Kessel pipeline") < text.index("c. 2026-06")
    assert "2026-03-02 – 2026-03-03" in text
    assert "Figure 1. 11 entities and 7 relations" in text
    raw = first.path.read_bytes()
    assert b"/Subtype /Type1" not in raw  # the figure uses the brief's embedded fonts
    again = build_brief(sample_brief_ctx, options, tmp_path / "b.pdf")
    assert again.sha256 == first.sha256  # the layout is deterministic: same bytes again
