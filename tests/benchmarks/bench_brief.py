"""The brief: 200 key judgements citing 2,000 claims, against ReportLab laying out as many
paragraphs; and the brief of a project with a million mentions.

The projects are generated (bulk insert) and cached; build_brief reads them and writes
the PDF, with every section. The baseline is ReportLab alone (with its C accelerator,
rl-accel, as the brief has it): the same judgement and claim texts as plain Paragraphs
in a SimpleDocTemplate, with the same embedded Unicode font. The million-mention brief
is held to an absolute limit: its cost must follow the brief (2,000 claims, an entity
index capped at 1,000 names), not the project.
"""

from __future__ import annotations

import io
import sqlite3
import time

from tests.benchmarks.harness import Result, Target, scratch
from tests.benchmarks.projects import BRIEF, Shape, cached, copy_of

# 1,000,000 mentions of 40,000 entities in 2,000 sources, and the same 200 judgements and
# 2,000 claims as BRIEF. Generating it takes a few minutes once; it is cached.
MILLION = Shape(sources=2_000, source_chars=4_000, entities=40_000, mentions=1_000_000,
                claims=2_000, implications=200, supports=2_000, judgements_only=True)


def plain_reportlab(texts: list[str]) -> int:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from desktop.brief.fonts import SANS, register_fonts

    register_fonts()
    style = ParagraphStyle("plain", fontName=SANS, fontSize=9.5, leading=12.8, spaceAfter=3)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out)
    doc.build([Paragraph(escape(t), style) for t in texts])
    return len(out.getvalue())


def run(runs: int) -> list[Result]:
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options
    from desktop.core.context import open_project

    work = scratch("brief")
    project = copy_of(cached("brief", BRIEF, seed=4), work)
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    texts = [r[0] for r in conn.execute("SELECT text FROM implication ORDER BY rank")]
    texts += [r[0] for r in conn.execute("SELECT statement FROM claim ORDER BY id")]
    # The brief prints one endnote per cited claim: the comparable document has them too.
    texts += [f"{r[0]}, “{r[1]}”, {r[2]}. {r[3]} (accessed 6 December 2026) S{r[4]}"
              for r in conn.execute(
                  "SELECT s.author, s.title, s.publisher, s.url, s.id FROM claim c "
                  "JOIN source s ON s.id = c.source_id ORDER BY c.id")]
    conn.close()
    times: list[float] = []
    pages = 0
    with open_project(project) as ctx:
        options = default_options(ctx)
        for n in range(runs + 1):
            start = time.perf_counter()
            result = build_brief(ctx, options, work / f"brief-{n}.pdf")
            if n:  # the first build also loads fonts and warms ReportLab's caches
                times.append(time.perf_counter() - start)
            pages = result.pages
    plain_reportlab(texts[:10])  # fonts and ReportLab warmed the same way
    plain = []
    for _ in range(runs):
        start = time.perf_counter()
        plain_reportlab(texts)
        plain.append(time.perf_counter() - start)
    accelerated = _accelerated()
    results = [Result("brief: 200 judgements, 2,000 claims", "s", times,
                      f"ReportLab, {len(texts):,} plain paragraphs (claims and notes)", plain,
                      Target(max_ratio=2.0),
                      note=f"build_brief with every section, {pages} pages; "
                      f"rl-accel {'on' if accelerated else 'MISSING'}")]
    return [*results, _million(runs)]


def _accelerated() -> bool:
    from reportlab.lib import rl_accel

    return type(rl_accel.fp_str).__name__ == "builtin_function_or_method"


def _million(runs: int) -> Result:
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options
    from desktop.core.context import open_project

    work = scratch("brief-1m")
    project = copy_of(cached("brief-1m", MILLION, seed=5), work)
    times: list[float] = []
    pages = 0
    with open_project(project) as ctx:
        options = default_options(ctx)
        for n in range(runs + 1):
            start = time.perf_counter()
            result = build_brief(ctx, options, work / f"brief-{n}.pdf")
            if n:
                times.append(time.perf_counter() - start)
            pages = result.pages
    return Result("brief of a 1,000,000-mention project", "s", times, target=Target(max_value=10),
                  note=f"entity index capped at 1,000 of 40,000; {pages} pages")
