"""Hostile or odd text prints literally, reads no file, and never breaks the build."""

from __future__ import annotations

import builtins
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from db.models.vocab import (
    ClaimStatus,
    Confidence,
    Credibility,
    EntityType,
    ImplicationKind,
    Likelihood,
    Reliability,
    SourceKind,
    SupportRelation,
)
from desktop.brief.build import build_brief, render_brief
from desktop.brief.data import (
    BriefClaim,
    BriefData,
    BriefEntity,
    BriefImplication,
    BriefLink,
    BriefSource,
)
from desktop.brief.fonts import SANS, SANS_BOLD, register_fonts
from desktop.brief.options import ALL_SECTIONS, BriefOptions, BriefSection
from desktop.core.context import ProjectContext
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, implications
from desktop.services.importing import store_document
from tests.brief.conftest import read_pdf

MARKUP = [
    '<img src="{sentinel}"/>', "<font size=40 color=red>", "</font>", "<para>", "</para>",
    "&", "&amp;", "&lt;", "<b>", "<a href='file:///etc/passwd'>x</a>", "<br/>", "]]>",
    "<![CDATA[", "<!--", "<?xml?>", '"', "'", "<", ">", "</", "<super>", "<strike>",
]


def squash(text: str) -> str:
    """Text without whitespace, compatibility-normalised: PDF text extraction splits
    presentation forms and ligatures into their parts (U+FB1D comes back as U+05D9 U+05B4),
    and pdfium reports a hyphen that ends a line as U+FFFE."""
    text = text.replace("\ufffe", "-")
    return "".join(unicodedata.normalize("NFKC", text).split())


@contextmanager
def files_opened() -> Iterator[list[str]]:
    """Record every path opened through ``open`` while the block runs."""
    register_fonts()  # the fonts are read once, before anything hostile is in play
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    with mock.patch("builtins.open", spy):
        yield opened


def brief_data(texts: dict[str, str]) -> BriefData:
    source = BriefSource(uid="s1", title=texts["source"], kind=SourceKind.REPORT,
                         author=texts["author"], publisher="Publisher", published_at="2026-01-02",
                         url=texts["url"], original_filename="", reliability=Reliability.B,
                         page_starts=(0, 10))
    claim = BriefClaim(uid="c1", statement=texts["claim"], claimant=texts["claimant"],
                       attribution=texts["attribution"], source_uid="s1",
                       reliability=Reliability.B, credibility=Credibility.PROBABLY_TRUE,
                       status=ClaimStatus.DISPUTED, start=12, quote=texts["claim"])
    link = BriefLink(claim, SupportRelation.SUPPORTS, "")
    items = (
        BriefImplication("b", ImplicationKind.BLUF, texts["bluf"], Likelihood.LIKELY,
                         Confidence.LOW, texts["rationale"], 0, (link,)),
        BriefImplication("j", ImplicationKind.JUDGEMENT, texts["judgement"],
                         Likelihood.ALMOST_CERTAIN, Confidence.HIGH, texts["rationale"], 1,
                         (link,)),
        BriefImplication("a", ImplicationKind.ASSUMPTION, texts["assumption"], None, None, "",
                         2, ()),
    )
    entity = BriefEntity(uid="e1", name=texts["entity"], type=EntityType.PERSON,
                         aliases=(texts["alias"],), description="", source_uids=("s1",))
    return BriefData("p", texts["project"], "", "TLP:AMBER", ("A",), items, (source,),
                     (entity,), "2026-01-02T03:04:05.000000Z")


FIELDS = ("source", "author", "url", "claim", "claimant", "attribution", "bluf", "rationale",
          "judgement", "assumption", "entity", "alias", "project")



def _printable_alphabet() -> list[str]:
    """Every letter, mark, digit, punctuation, symbol and space the bundled fonts can draw.

    Only the Basic Multilingual Plane: ReportLab writes the PDF's ToUnicode map with four
    hex digits, so the few astral characters DejaVu has (Old Italic, maths letters) print
    but do not copy back correctly. Scripts DejaVu lacks, such as CJK, print as empty
    boxes; invisible format characters and controls have their own test. Right-to-left
    letters are left out too: ReportLab has no bidirectional layout (they print in logical
    order) and PDF text extraction reorders and mirrors them, so no literal match is
    possible either way."""
    register_fonts()
    covered: set[int] = set()
    for font in (SANS, SANS_BOLD):
        covered |= set(pdfmetrics.getFont(font).face.charToGlyph)
    return [chr(c) for c in sorted(covered)
            if (c <= 0xFFFF and unicodedata.bidirectional(chr(c)) not in ("R", "AL", "AN")
            and unicodedata.category(chr(c))[0] in "LMNPS") or unicodedata.category(chr(c)) == "Zs"]


visible = st.text(st.sampled_from(_printable_alphabet()), min_size=1, max_size=40)
markup = st.sampled_from(MARKUP)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.one_of(visible, markup), min_size=1, max_size=6))
def test_any_text_prints_literally_and_reads_no_file(pieces: list[str]) -> None:
    sentinel = Path("/nonexistent-dossier-sentinel") / "secret.png"
    # Within every field's length limit (the brief shortens longer names with "…").
    raw = "".join(pieces).replace("{sentinel}", str(sentinel))[:190]
    texts = {name: f"Q{n}Q{raw}Q{n}Q" for n, name in enumerate(FIELDS)}
    title = f"QTQ{raw}QTQ"
    with files_opened() as opened:
        rendered = render_brief(brief_data(texts), BriefOptions(
            title=title, subtitle=raw, analyst=raw,
            sections=tuple(s for s in ALL_SECTIONS if s != BriefSection.ANNEX)))
    assert not any("dossier-sentinel" in path for path in opened)
    assert rendered.pdf.startswith(b"%PDF-") and rendered.pages >= 1
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "prop.pdf"
        out.write_bytes(rendered.pdf)
        seen = squash(read_pdf(out).text)
    for name in ("claim", "judgement", "bluf", "entity", "source", "assumption", "claimant"):
        assert squash(texts[name]) in seen, name
    assert squash(title) in seen


def test_controls_and_lone_surrogates_do_not_break_the_brief(tmp_path: Path) -> None:
    nasty = ("a\x00b\x07c\x1b[31md\x7f\x85e\u2028f\ud800g\udfffh\ufeff\u200bi\r\nj\tk\u0301"
             "中文😀\U0010ffff")
    texts = {name: nasty for name in FIELDS}
    rendered = render_brief(brief_data(texts), BriefOptions(title=nasty, subtitle=nasty,
                                                            analyst=nasty, marking=nasty))
    out = tmp_path / "nasty.pdf"
    out.write_bytes(rendered.pdf)
    pdf = read_pdf(out)
    assert "b c" in pdf.flat or "bc" in squash(pdf.text)
    assert "\ufffd" in pdf.text  # the lone surrogate shows as a replacement character


def test_markup_in_a_claim_prints_literally_through_the_whole_pipeline(
        ctx: ProjectContext, tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel.png"
    sentinel.write_bytes(b"not really an image")
    hostile = (f'Seized <img src="{sentinel}"/> docs & <font size=60>maps</font> '
               "<para>alignment=right</para> R&D")
    doc = ImportedDocument(text=f"Report. {hostile} End.", title=f"<b>{hostile}</b>",
                           kind=SourceKind.REPORT, author="<i>Anon</i>", publisher="P&G")
    source_uid = str(store_document(ctx, tmp_path / "hostile.txt", doc).source_uid)
    person = str(entities.create_entity(ctx, "<script>Eve</script>", "PERSON",
                                        ["<img src=x>"]).primary_uid)
    claim = str(claims.create_claim(ctx, claims.ClaimDraft(
        statement=hostile, source_uid=source_uid, start=8, end=8 + len(hostile),
        claimant_uid=person, attribution="said <u>so</u>", credibility=2)).primary_uid)
    judgement = str(implications.create_implication(ctx, implications.ImplicationDraft(
        text=f"Judgement: {hostile}", likelihood=Likelihood.LIKELY,
        confidence=Confidence.MODERATE, rationale="<br/>&nbsp;")).primary_uid)
    implications.link_claim(ctx, claim, judgement)
    with files_opened() as opened:
        result = build_brief(ctx, BriefOptions(title="<title> & co"), tmp_path / "out.pdf")
    assert str(sentinel) not in opened
    flat = read_pdf(result.path).flat
    assert squash(hostile) in squash(flat)
    for literal in ("<script>Eve</script>", "<img src=x>", "said <u>so</u>", "<br/>&nbsp;",
                    "<title> & co", "<i>Anon</i>", "P&G", f"<b>Seized <img src=\"{sentinel}\"/>"):
        assert squash(literal) in squash(flat), literal
