"""``dossier --self-test``: prove a build works end to end, headless, in a throw-away folder.

It is what the packaging smoke test runs against the frozen app, and it runs the same way
from a source checkout. Each step uses the real code path a user would: the sample
project is written through the services (so the migrations and the bundled texts must be
found), the main window opens on it, a brief is built by the window's background export
and loaded by Qt's PDF module, an HTML page, a Word file and that PDF are imported
through the guarded reader helper process, and the assist engine runs on a source (with
the bundled spaCy pipeline when one is installed). It prints one line and exits 0, or
prints one line naming the failed step and exits 1.

The module itself is Qt-free at import; the window step imports the GUI when it runs.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FLAG = "--self-test"
# Development shortcut: assist with the rule engine only (spaCy's load is the slowest
# step; the packaged build is always checked with the pipeline it bundles).
RULES_ONLY = "--rules-only"
# Generous: a cold frozen start on a slow disk unpacks nothing but still loads a lot.
BRIEF_TIMEOUT_MS = 180_000


class SelfTestFailure(Exception):
    """One step did not do what it should; the message says what was seen."""


@dataclass(frozen=True)
class StepResult:
    name: str
    detail: str
    seconds: float


@dataclass
class Workspace:
    folder: Path
    project: Path
    brief: Path
    notes: dict[str, str]


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailure(message)


def step_sample(ws: Workspace) -> str:
    from desktop.core.identity import save_identity
    from desktop.services.sample import write_sample

    me = save_identity("Self-test", "ST")
    counts = write_sample(ws.project, me)
    _check(ws.project.stat().st_size > 0, "the sample project file is empty")
    return counts


def step_window_and_brief(ws: Workspace) -> str:
    """Open the real main window on the sample and export a brief the way File ▸ Export does."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtPdf import QPdfDocument

    from desktop.brief.settings import load_options
    from desktop.ui.application import make_app
    from desktop.ui.main_window import MainWindow

    app = make_app()
    _check(not app.windowIcon().isNull(), "the application icon is missing")
    window = MainWindow()
    try:
        window.show()
        _check(window.open_path(ws.project), f"the window could not open {ws.project.name}")
        _check(window.stack.currentWidget() is window.workspace, "the workspace is not shown")
        entities = window.entities_model.rowCount()
        _check(entities > 0, "the entities table is empty")
        assert window.controller is not None
        options = load_options(window.controller.ctx)
        loop = QEventLoop()
        outcome: dict[str, Any] = {}
        worker = window.brief.build_brief_in_background(options, ws.brief)
        _check(worker is not None, "the brief export did not start")
        assert worker is not None

        def finished(result: object) -> None:
            outcome["result"] = result
            # The preview opens from another slot of this signal: let it run first.
            QTimer.singleShot(0, loop.quit)

        def failed(message: str) -> None:
            outcome["error"] = message
            loop.quit()

        worker.signals.finished.connect(finished)
        worker.signals.failed.connect(failed)
        QTimer.singleShot(BRIEF_TIMEOUT_MS, loop.quit)
        loop.exec()
        if "error" in outcome:
            raise SelfTestFailure(f"the brief was not built: {outcome['error']}")
        _check("result" in outcome, "the brief took too long to build")
        _check(window.brief.brief_preview is not None, "the brief preview did not open")
        assert window.brief.brief_preview is not None
        previewed = window.brief.brief_preview.page_count()
        window.brief.brief_preview.accept()
        document = QPdfDocument()
        document.load(str(ws.brief))
        _check(document.status() == QPdfDocument.Status.Ready,
               "Qt's PDF module cannot read the brief")
        pages = int(document.pageCount())
        _check(pages == previewed == outcome["result"].pages and pages >= 2,
               f"the brief has {pages} pages in Qt's PDF module, {previewed} in the preview")
        document.close()
        ws.notes["pages"] = str(pages)
        return f"window on {entities} entities; brief {pages} pages"
    finally:
        window.close()
        window.deleteLater()


def step_check_pdf(ws: Workspace) -> str:
    import pypdfium2 as pdfium

    data = ws.brief.read_bytes()
    _check(data.startswith(b"%PDF-"), "the brief is not a PDF")
    _check(b"DejaVu" in data, "the brief does not embed the DejaVu fonts")
    pdf = pdfium.PdfDocument(str(ws.brief))
    try:
        first = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    _check("TLP:" in first, "the brief's first page has no handling marking")
    return f"{len(data) // 1024} KiB"


def _write_inputs(folder: Path) -> list[Path]:
    import docx

    page = folder / "page.html"
    page.write_text(
        "<html><head><title>Harbour report</title></head><body><article>"
        "<h1>Harbour report</h1>" + "<p>Mayor Anna Kowalski told Baltic Radio on Tuesday that "
        "the ferry from Gdansk to Hel would resume once the Port of Gdansk Authority had "
        "repaired the northern pier.</p>" * 4
        + "</article></body></html>", encoding="utf-8")
    word = folder / "memo.docx"
    document = docx.Document()
    document.add_heading("Memo on the pier repairs", 1)
    document.add_paragraph("Engineers from the port authority expect repairs to take a month.")
    document.save(str(word))
    return [page, word]


def step_imports(ws: Workspace) -> str:
    from desktop.core.context import open_project
    from desktop.core.identity import current_identity
    from desktop.services.importing import Outcome, import_path

    inputs = [*_write_inputs(ws.folder), ws.brief]
    with open_project(ws.project, analyst=current_identity()) as ctx:
        for path in inputs:
            result = import_path(ctx, path)
            _check(result.outcome == Outcome.IMPORTED, f"importing {path.suffix}: "
                   f"{result.message}")
            if path.suffix == ".html":
                ws.notes["html_source"] = str(result.source_uid)
    return "html, docx and pdf imported"


def step_assist(ws: Workspace) -> str:
    from desktop.assist.engine import analyse
    from desktop.assist.pipeline import installed_pipelines
    from desktop.core.context import open_project
    from desktop.core.identity import current_identity

    with open_project(ws.project, analyst=current_identity(), read_only=True) as ctx:
        from desktop.services.sources import source_text

        text = source_text(ctx, ws.notes["html_source"])
    engine = ws.notes.get("engine", "auto")
    wanted = "spacy" if engine == "auto" and installed_pipelines() else "rules"
    analysis = analyse(text, engine=engine)
    _check(analysis.engine.startswith(wanted),
           f"the assist engine used {analysis.engine}, expected {wanted}")
    _check(bool(analysis.groups), "the assist engine found no names in a plain news text")
    return f"assist {analysis.engine}"


STEPS: tuple[tuple[str, Callable[[Workspace], str]], ...] = (
    ("sample project", step_sample),
    ("main window and brief", step_window_and_brief),
    ("brief PDF", step_check_pdf),
    ("imports", step_imports),
    ("assist", step_assist),
)


def run(folder: Path, steps: Sequence[tuple[str, Callable[[Workspace], str]]] | None = None,
        engine: str = "auto") -> list[StepResult]:
    """Run ``steps`` (default: all) in ``folder``; raises SelfTestFailure naming the one that failed."""
    steps = STEPS if steps is None else steps
    ws = Workspace(folder, folder / "Self-test sample.dossier", folder / "Self-test brief.pdf",
                   {"engine": engine})
    done = []
    for name, step in steps:
        began = time.monotonic()
        try:
            done.append(StepResult(name, step(ws), time.monotonic() - began))
        except SelfTestFailure as err:
            raise SelfTestFailure(f"{name}: {err}") from err
        except Exception as err:  # any surprise is the finding: say it in one line
            detail = " ".join(str(err).split()) or type(err).__name__
            raise SelfTestFailure(f"{name}: {type(err).__name__}: {detail}") from err
    return done


def main(argv: Sequence[str] = ()) -> int:
    """Run every step in a temporary home and folder; one line out, exit status 0 or 1."""
    unknown = [a for a in argv if a != RULES_ONLY]
    if unknown:
        print(f"dossier self-test: unknown option {unknown[0]} (only {RULES_ONLY})",
              file=sys.stderr)
        return 2
    engine = "rules" if RULES_ONLY in argv else "auto"
    started = time.monotonic()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _quiet_offscreen_noise()
    saved_home = os.environ.get("DOSSIER_HOME")
    with tempfile.TemporaryDirectory(prefix="dossier-selftest-") as tmp:
        # Never touch the user's identity, recent files or backups.
        os.environ["DOSSIER_HOME"] = str(Path(tmp) / "home")
        os.environ.pop("DOSSIER_BACKUP_DIR", None)
        try:
            results = run(Path(tmp), engine=engine)
        except SelfTestFailure as err:
            print(f"dossier self-test failed: {err}", file=sys.stderr)
            return 1
        finally:
            _stop_reader_helper()
            if saved_home is None:
                os.environ.pop("DOSSIER_HOME", None)
            else:
                os.environ["DOSSIER_HOME"] = saved_home
    seconds = time.monotonic() - started
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    print(f"dossier self-test passed{frozen} in {seconds:.1f} s: "
          + "; ".join(f"{r.detail} ({r.seconds:.1f} s)" for r in results))
    return 0


# The headless platform says this once per window shown; it is not a finding.
_NOISE = ("does not support propagateSizeHints",)


def _quiet_offscreen_noise() -> None:
    """Keep the output to one line: drop the offscreen plugin's chatter, pass on the rest."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtDebugMsg or any(n in message for n in _NOISE):
            return
        print(f"Qt: {message}", file=sys.stderr)

    qInstallMessageHandler(handler)


def _stop_reader_helper() -> None:
    """End the reader helper now, while its working files are still there to close."""
    from desktop.ingest.guard import shutdown

    shutdown()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
