"""Projects to brief (built through the services) and ways to read a PDF back."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.models.vocab import Confidence, EntityType, ImplicationKind, Likelihood, Reliability
from desktop.core.context import ProjectContext, new_project, open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import claims, entities, implications
from desktop.services.importing import Outcome, import_path
from desktop.services.sample import write_sample
from desktop.services.sources import source_text, update_source

ANALYST = AnalystIdentity("01900000-0000-7000-8000-00000000b41f", "Brief Tester", "BT")
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
BAND = 60.0  # points from the page edge that count as the top or bottom banner


@dataclass(frozen=True)
class PdfText:
    """What a reader of the PDF sees: text per page and in the top and bottom bands."""

    pages: list[str]
    tops: list[str]
    bottoms: list[str]
    outline: list[tuple[int, str]]
    metadata: dict[str, str]
    raw: bytes

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text with line breaks and runs of spaces made single spaces."""
        return " ".join(self.text.split())


def read_pdf(path: Path) -> PdfText:
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages, tops, bottoms = [], [], []
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            tops.append(textpage.get_text_bounded(0, height - BAND, width, height))
            bottoms.append(textpage.get_text_bounded(0, 0, width, BAND))
        outline = [(item.level, item.get_title()) for item in pdf.get_toc()]
        metadata = {k: v for k, v in pdf.get_metadata_dict().items() if v}
    finally:
        pdf.close()
    return PdfText(pages, tops, bottoms, outline, metadata, path.read_bytes())


def section(text: str, start: str, end: str | None = None) -> str:
    """The text between two headings (or to the end)."""
    begin = text.index(start)
    stop = text.find(end, begin + len(start)) if end else -1
    return text[begin:stop] if stop >= 0 else text[begin:]


def open_ro(path: Path) -> ProjectContext:
    return open_project(path, read_only=True, analyst=ANALYST)


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample project, built once per test module."""
    path = tmp_path_factory.mktemp("brief-sample") / "sample.dossier"
    write_sample(path, ANALYST)
    return path


@pytest.fixture
def sample_brief_ctx(sample_project: Path) -> Iterator[ProjectContext]:
    with open_ro(sample_project) as ctx:
        yield ctx


def _span(text: str, quote: str) -> tuple[int, int]:
    start = text.index(quote)
    return start, start + len(quote)


def build_drone_project(path: Path, corpus: Path) -> Path:
    """The drone-deal article with entities, graded claims and three ranked judgements."""
    with new_project(path, "Drone deal", analyst=ANALYST) as ctx:
        result = import_path(ctx, corpus / "articles" / "us-ukraine-drone-mega-deal.txt",
                             Reliability.B)
        assert result.outcome == Outcome.IMPORTED, result.message
        uid = str(result.source_uid)
        update_source(ctx, uid, publisher="News wire", published_at="2025-07-20")
        text = source_text(ctx, uid)
        people = {}
        for name, type_ in (("Volodymyr Zelenskyy", EntityType.PERSON),
                            ("United States", EntityType.GPE), ("Ukraine", EntityType.GPE)):
            people[name] = str(entities.create_entity(ctx, name, type_).primary_uid)
        start, end = _span(text, "Zelenskyy")
        entities.add_mention(ctx, people["Volodymyr Zelenskyy"], uid, start, end)
        start, end = _span(text, "United States")
        entities.add_mention(ctx, people["United States"], uid, start, end)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 40]
        claim_uids = []
        for index, sentence in enumerate(sentences[:6]):
            start, end = _span(text, sentence)
            draft = claims.ClaimDraft(
                statement=sentence, source_uid=uid, start=start, end=end,
                claimant_uid=people["Volodymyr Zelenskyy"] if index % 2 == 0 else None,
                attribution="announced" if index % 2 == 0 else "officials say",
                credibility=2 + index % 3)
            claim_uids.append(str(claims.create_claim(ctx, draft).primary_uid))
        judgements = [
            ("The United States and Ukraine will very likely sign a drone agreement this year.",
             Likelihood.VERY_LIKELY, Confidence.MODERATE),
            ("Ukrainian drone exports will likely expand beyond the United States.",
             Likelihood.LIKELY, Confidence.LOW),
            ("A deal would roughly even chance include Patriot systems.",
             Likelihood.ROUGHLY_EVEN, Confidence.HIGH),
        ]
        uids = []
        for text_, likelihood, confidence in judgements:
            draft_i = implications.ImplicationDraft(
                text=text_, kind=ImplicationKind.JUDGEMENT, likelihood=likelihood,
                confidence=confidence, rationale="Based on the article's reporting.")
            uids.append(str(implications.create_implication(ctx, draft_i).primary_uid))
        for n, claim_uid in enumerate(claim_uids):
            implications.link_claim(ctx, claim_uid, uids[n % 3],
                                    "contradicts" if n == 5 else "supports")
        # Rank order differs from creation order: the third judgement goes first.
        implications.move_implication(ctx, uids[2], 0)
    return path


def build_cyrillic_project(path: Path, corpus: Path, workdir: Path) -> tuple[Path, list[str]]:
    """The brat texts imported as plain text; their gold PERS/ORG/LOC names as entities."""
    names: list[str] = []
    types = {"PERS": EntityType.PERSON, "ORG": EntityType.ORGANIZATION,
             "LOC": EntityType.LOCATION, "MISC": EntityType.OTHER}
    with new_project(path, "Військові новини", analyst=ANALYST) as ctx:
        known: dict[str, str] = {}
        for ann in sorted((corpus / "brat").glob("*.ann")):
            txt = ann.with_suffix(".txt")
            alone = workdir / txt.name  # without its .ann beside it, it is plain text
            shutil.copyfile(txt, alone)
            result = import_path(ctx, alone)
            assert result.outcome == Outcome.IMPORTED, result.message
            uid = str(result.source_uid)
            text = source_text(ctx, uid)
            for line in ann.read_text(encoding="utf-8").splitlines():
                if not line.startswith("T"):
                    continue
                _, info, surface = line.split("\t")
                kind, start, end = info.split()[0], int(info.split()[1]), int(info.split()[2])
                if text[start:end] != surface:
                    continue  # the importer normalised this stretch; skip rather than guess
                if surface not in known:
                    known[surface] = str(entities.create_entity(
                        ctx, surface, types.get(kind, EntityType.OTHER)).primary_uid)
                    names.append(" ".join(surface.split()))
                entities.add_mention(ctx, known[surface], uid, start, end)
    return path, names
