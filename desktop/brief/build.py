"""Build the PDF brief: read once, lay out once, write atomically, report progress."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

from desktop.brief.back import document_subject
from desktop.brief.data import BriefData, load_brief_data
from desktop.brief.errors import BriefCancelled, BriefError
from desktop.brief.fonts import SANS
from desktop.brief.front import Layout
from desktop.brief.options import BriefOptions
from desktop.brief.plan import make_plan
from desktop.brief.preflight import Finding, preflight
from desktop.brief.safety import lock_down_reportlab
from desktop.brief.story import compose_story
from desktop.brief.styles import make_styles
from desktop.brief.template import BriefCanvas, BriefDocTemplate, PageBook, PageDecor
from desktop.brief.wording import human_date
from desktop.core.context import ProjectContext

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]

_FALLBACK_STAMP = (2000, 1, 1, 0, 0, 0)
DOCUMENT_LANGUAGE = "en-GB"  # the brief's own words; quoted sources keep their scripts


@dataclass(frozen=True)
class BriefResult:
    path: Path
    pages: int
    sha256: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class RenderedBrief:
    pdf: bytes
    pages: int
    findings: tuple[Finding, ...] = ()


class _Reporter:
    """Forwards progress without flooding a GUI: at most about a hundred calls per build."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.total = 100
        self._last = -1
        self._done = 0

    def step(self, done: int, label: str, *, force: bool = False) -> None:
        if self.cancelled is not None and self.cancelled():
            raise BriefCancelled()
        if self.progress is None:
            return
        # ReportLab counts flowables left to place, and splitting one adds to that count:
        # never let the bar go backwards.
        done = self._done = max(self._done, done)
        bucket = done * 100 // max(self.total, 1)
        if force or bucket != self._last:
            self._last = bucket
            self.progress(min(done, self.total), self.total, label)


def brief_date(data: BriefData, options: BriefOptions) -> str:
    """The date printed on the brief: the user's, else the project's latest change (or today)."""
    if options.date:
        return options.date
    if options.invariant or not data.latest_change:
        return data.latest_change[:10] or "2000-01-01"
    return date.today().isoformat()


def _stamp(latest_change: str) -> tuple[int, ...]:
    try:
        moment = datetime.fromisoformat(latest_change.replace("Z", "+00:00"))
    except ValueError:
        return _FALLBACK_STAMP
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def render_brief(data: BriefData, options: BriefOptions, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> RenderedBrief:
    """Lay out ``data`` as a PDF in memory (no database access here)."""
    typed = options
    options = options.cleaned()
    lock_down_reportlab()
    reporter = _Reporter(progress, cancelled)
    styles = make_styles()
    book = PageBook()
    when = brief_date(data, options)
    plan = make_plan(data, options)
    findings = tuple(preflight(data, typed, plan))
    layout = Layout(data=data, options=options, plan=plan, styles=styles,
                    book=book, date=when, preparer=options.analyst)
    story = compose_story(layout)
    reporter.total = len(story) + 2
    reporter.step(1, "Laying out the brief", force=True)
    book.footer_text = human_date(when)
    decor = PageDecor(
        header_text=options.title,
        marking=options.marking,
    )
    buffer = io.BytesIO()
    doc = BriefDocTemplate(
        buffer, book=book, decor=decor,
        on_flowable=lambda n: reporter.step(1 + n, "Laying out the brief"),
        title=options.title, author=options.analyst, subject=document_subject(layout),
        creator="Dossier", producer="Dossier (ReportLab)", keywords=options.marking_text,
        invariant=1 if options.invariant else 0, lang=DOCUMENT_LANGUAGE,
        # Otherwise the canvas starts in Helvetica, a font the PDF would not embed.
        initialFontName=SANS, initialFontSize=9,
    )
    stamp = _stamp(data.latest_change) if options.invariant else None
    doc.build(story, canvasmaker=partial(BriefCanvas, book=book, stamp=stamp))
    reporter.step(reporter.total, "Brief laid out", force=True)
    return RenderedBrief(pdf=buffer.getvalue(), pages=book.pages, findings=findings)


def build_brief(ctx: ProjectContext, options: BriefOptions, out_path: Path | str,
                progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> BriefResult:
    """Write the brief to ``out_path``; a half-written PDF never appears there."""
    target = Path(out_path)
    if not target.parent.is_dir():
        raise BriefError(f"The folder {target.parent} does not exist.")
    if target.is_dir():
        raise BriefError(f"{target} is a folder; choose a file name for the brief.")
    if progress is not None:
        progress(0, 100, "Reading the project")
    if cancelled is not None and cancelled():
        raise BriefCancelled()
    data = load_brief_data(ctx, options.cleaned())
    return write_brief(data, options, target, progress, cancelled)


def write_brief(data: BriefData, options: BriefOptions, out_path: Path | str,
                progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> BriefResult:
    """Lay out already loaded ``data`` and write it to ``out_path`` atomically."""
    target = Path(out_path)
    rendered = render_brief(data, options, progress, cancelled)
    write_atomically(target, rendered.pdf)
    return BriefResult(path=target, pages=rendered.pages,
                       sha256=hashlib.sha256(rendered.pdf).hexdigest(),
                       findings=rendered.findings)


def check_brief(ctx: ProjectContext, options: BriefOptions) -> list[Finding]:
    """The pre-flight report for ``options``, without building anything."""
    data = load_brief_data(ctx, options.cleaned())
    return preflight(data, options)


def write_atomically(target: Path, payload: bytes) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as err:
        temp.unlink(missing_ok=True)
        raise BriefError(f"The brief could not be written to {target}: "
                         f"{err.strerror or err}.") from err
