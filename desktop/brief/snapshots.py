"""Page images of briefs (docs/screenshots, visual review): ``python -m desktop.brief.snapshots DIR``.

Renders with pypdfium2, which the app already ships for reading PDFs. Run as a module
it builds, in a temporary folder, the bundled sample project's brief, a multilingual
brief (Ukrainian, Arabic, Hebrew, Chinese, pictographs) and a 100-judgement brief, and
writes their pages as ``brief-<name>-<page>.png`` into DIR.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from db.models.vocab import Confidence, EntityType, ImplicationKind, Likelihood, Reliability
from desktop.core.context import ProjectContext
from desktop.core.identity import AnalystIdentity

ANALYST = AnalystIdentity("01900000-0000-7000-8000-0000000000a1", "Ada Analyst", "AA")


def write_page_images(pdf_path: Path, folder: Path, *, prefix: str = "brief-page-",
                      dpi: int = 100, max_pages: int = 4) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        for index in range(min(len(document), max_pages)):
            image = document[index].render(scale=dpi / 72).to_pil()
            target = folder / f"{prefix}{index + 1}.png"
            image.save(target, optimize=True)
            written.append(target)
    finally:
        document.close()
    return written


def _multilingual(ctx: ProjectContext) -> None:
    from desktop.ingest.document import ImportedDocument
    from desktop.services import claims, entities, implications
    from desktop.services.sources import add_source

    lines = ["Київ і Вашингтон готують угоду про дрони.",
             "قال الرئيس إن الصفقة ستوقع قريبا.",
             "שר החוץ אמר שההסכם ייחתם בקרוב.",
             "乌克兰无人机出口将扩大。"]
    text = "\n".join(lines)
    source = str(add_source(ctx, ImportedDocument(
        text=text, title="Агентство новин: огляд преси / مراجعة الصحافة", publisher="وكالة الأنباء",
        url="https://example.org/press-review/2026/03/drones-and-the-deal-in-four-languages",
        reliability=Reliability.B, published_at="2026-03-02")).primary_uid)
    speaker = str(entities.create_entity(ctx, "الرئيس", EntityType.PERSON).primary_uid)
    judgements = [("Київ і Вашингтон дуже ймовірно підпишуть угоду 💣", Likelihood.VERY_LIKELY),
                  ("الصفقة ستوقع قبل الصيف", Likelihood.LIKELY),
                  ("ההסכם ייחתם השנה", Likelihood.ROUGHLY_EVEN),
                  ("乌克兰无人机出口将扩大到美国以外", Likelihood.UNLIKELY)]
    for line, (judgement_text, likelihood) in zip(lines, judgements, strict=True):
        start = text.index(line)
        claim = str(claims.create_claim(ctx, claims.ClaimDraft(
            statement=line, source_uid=source, start=start, end=start + len(line),
            claimant_uid=speaker, attribution="told reporters", credibility=2)).primary_uid)
        judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
            text=judgement_text, kind=ImplicationKind.JUDGEMENT, likelihood=likelihood,
            confidence=Confidence.MODERATE,
            rationale="Reporting in four languages agrees (שלושה מקורות, 三个来源).")).primary_uid)
        implications.link_claim(ctx, claim, judgement)


def _hundred(ctx: ProjectContext) -> None:
    from db.models import Support
    from desktop.core.recorder import Recorder
    from desktop.ingest.document import ImportedDocument
    from desktop.services import claims, implications
    from desktop.services.sources import add_source

    implications.create_implication(ctx, implications.ImplicationDraft(
        text="Sabotage of the Kessel pipeline is the most likely explanation; supply will "
        "stay short into the summer.", kind=ImplicationKind.BLUF,
        likelihood=Likelihood.LIKELY, confidence=Confidence.MODERATE))
    lines = [f"Patrol log entry {n}: a vessel was seen near marker {n % 17}." for n in range(300)]
    text = "\n".join(lines)
    source = str(add_source(ctx, ImportedDocument(
        text=text, title="Coast guard patrol log", publisher="Estmark Coast Guard",
        reliability=Reliability.A, published_at="2026-03-04")).primary_uid)
    terms = list(Likelihood)
    with ctx.transaction() as session:
        rec = Recorder(session, ctx.analyst.uid)
        for n in range(100):
            judgement = implications.add_implication(session, rec, implications.ImplicationDraft(
                text=f"Judgement {n + 1}: vessel activity near marker {n % 17} is linked to "
                "the pipeline damage.", likelihood=terms[n % len(terms)],
                confidence=list(Confidence)[n % 3], rationale="Patrol records and radar agree."))
            for k in range(3):
                line = lines[(n * 3 + k) % len(lines)]
                start = text.index(line)
                claim = claims.add_claim(session, rec, claims.ClaimDraft(
                    statement=line, source_uid=source, start=start, end=start + len(line),
                    attribution="patrol log", credibility=1 + (n + k) % 4))
                rec.add(Support(claim_id=claim.id, implication_id=judgement.id,
                                relation="contradicts" if k == 2 else "supports"))
        rec.changes("hundred judgements")


def build_example(name: str, folder: Path) -> Path:
    """Build one of the example briefs (sample, multilingual, hundred) into ``folder``."""
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options
    from desktop.core.context import new_project, open_project
    from desktop.services.sample import write_sample

    project = folder / f"{name}.dossier"
    if name == "sample":
        write_sample(project, ANALYST)
    else:
        fill: Callable[[ProjectContext], None] = _multilingual if name == "multilingual" \
            else _hundred
        title = {"multilingual": "Багатомовний проєкт: drones", "hundred": "Kessel pipeline: "
                 "100 judgements"}[name]
        with new_project(project, title, analyst=ANALYST) as ctx:
            fill(ctx)
    with open_project(project, read_only=True, analyst=ANALYST) as ctx:
        return build_brief(ctx, default_options(ctx), folder / f"{name}.pdf").path


def sample_brief_images(folder: Path, dpi: int = 100) -> list[Path]:
    with tempfile.TemporaryDirectory() as temp:
        return write_page_images(build_example("sample", Path(temp)), folder, dpi=dpi)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    with tempfile.TemporaryDirectory() as temp:
        for example in ("sample", "multilingual", "hundred"):
            pdf = build_example(example, Path(temp))
            for path in write_page_images(pdf, out, prefix=f"brief-{example}-", max_pages=3):
                print(path)
