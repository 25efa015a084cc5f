"""How long a big brief takes against ReportLab laying out a comparable plain document
(the same number of paragraphs, and one note per claim, as the brief has).

Opt-in (wall-clock figures do not belong in the normal suite):
``DOSSIER_BENCH=1 .venv/bin/python -m pytest -q -s tests/brief/test_brief_benchmark.py``
prints the figures and checks the brief stays within about twice the plain layout.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate

from db.models import Support
from db.models.vocab import Confidence, ImplicationKind, Likelihood, Reliability, SourceKind
from desktop.brief.build import build_brief, render_brief
from desktop.brief.data import load_brief_data
from desktop.brief.fonts import SANS, register_fonts
from desktop.brief.options import BriefOptions
from desktop.core.context import ProjectContext
from desktop.core.recorder import Recorder
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, implications
from desktop.services.sources import add_source

pytestmark = pytest.mark.skipif(not os.environ.get("DOSSIER_BENCH"),
                                reason="benchmark: set DOSSIER_BENCH=1 to run")

JUDGEMENTS, CLAIMS_EACH, SOURCES = 200, 10, 20
STATEMENT = ("The survey vessel was observed near the pipeline route on the night before "
             "the blast, according to coast guard radar records number {n}.")


def _cpu(action: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


NOTE = ("Coast guard log {s}, “Coast guard log {s}”, Coast Guard, p. 2. File log-{s}.txt. "
        "(accessed 6 December 2026) S{s}")


def _plain_paragraphs(count: int) -> None:
    """A comparable document: every judgement and claim, and a note for each claim."""
    register_fonts()
    style = ParagraphStyle("plain", fontName=SANS, fontSize=9.5, leading=12.8)
    story = [Paragraph(STATEMENT.format(n=n), style) for n in range(count)]
    story += [Paragraph(NOTE.format(s=n % SOURCES), style) for n in range(count)]
    SimpleDocTemplate(io.BytesIO()).build(story)


def _big_project(ctx: ProjectContext) -> None:
    """200 judgements backed by 2,000 anchored claims from 20 sources, in one transaction."""
    sources = []
    for s in range(SOURCES):
        text = "\n".join(STATEMENT.format(n=n) for n in range(s, JUDGEMENTS * CLAIMS_EACH,
                                                               SOURCES))
        sources.append((str(add_source(ctx, ImportedDocument(
            text=text, title=f"Coast guard log {s}", kind=SourceKind.REPORT,
            publisher="Coast Guard", reliability=Reliability("ABCDEF"[s % 6]),
            page_starts=[0, len(text) // 2])).primary_uid), text))
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for j in range(JUDGEMENTS):
            judgement = implications.add_implication(session, rec, implications.ImplicationDraft(
                text=f"Judgement {j}: the damage to the pipeline was deliberate.",
                kind=ImplicationKind.JUDGEMENT, likelihood=Likelihood.LIKELY,
                confidence=Confidence.MODERATE, rationale="Consistent with the logs."))
            for k in range(CLAIMS_EACH):
                n = j * CLAIMS_EACH + k
                uid, text = sources[n % SOURCES]
                quote = STATEMENT.format(n=n)
                start = text.index(quote)
                claim = claims.add_claim(session, rec, claims.ClaimDraft(
                    statement=quote, source_uid=uid, start=start, end=start + len(quote),
                    attribution="radar log", credibility=1 + n % 6))
                rec.add(Support(claim_id=claim.id, implication_id=judgement.id,
                                relation="contradicts" if k == 0 else "supports"))
        rec.changes("benchmark data")


def test_a_200_judgement_2000_claim_brief_is_within_twice_plain_paragraphs(
        ctx: ProjectContext, tmp_path: Path) -> None:
    _big_project(ctx)
    options = BriefOptions(title="Benchmark")
    data = load_brief_data(ctx, options)
    assert sum(len(j.links) for j in data.implications) == JUDGEMENTS * CLAIMS_EACH
    render_brief(data, options)  # warm-up: fonts, caches
    plain = _cpu(lambda: _plain_paragraphs(JUDGEMENTS + JUDGEMENTS * CLAIMS_EACH))
    layout = _cpu(lambda: render_brief(data, options))
    loading = _cpu(lambda: load_brief_data(ctx, options))
    whole = _cpu(lambda: build_brief(ctx, options, tmp_path / "big.pdf"), repeats=1)
    pages = render_brief(data, options).pages
    print(f"\nplain paragraphs {plain:.3f}s; brief layout {layout:.3f}s "
          f"({layout / plain:.2f}x); data load {loading:.3f}s; whole build {whole:.3f}s "
          f"({whole / plain:.2f}x); {pages} pages")
    assert layout <= 2.2 * plain
