"""Import the 117-page PDF from the corpus, against pulling its text out with pypdfium2 directly.

Every run imports into a fresh project (so it is never a duplicate). The guarded
reader process starts on the first import and is reused after, as in a session;
the first (cold) import is reported on its own.
"""

from __future__ import annotations

import time
from pathlib import Path

from tests.benchmarks.harness import CORPUS, Result, Target, scratch

PDF = CORPUS / "pdf" / "GeoTopo-komprimiert.pdf"


def raw_extract(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    chars = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return chars


def run(runs: int) -> list[Result]:
    if not PDF.is_file():
        return [Result("import: 117-page PDF", "s", [0.0], note=f"skipped: {PDF} is missing")]
    from desktop.core.context import new_project
    from desktop.ingest import guard
    from desktop.services.importing import Outcome, import_path

    guard.shutdown()  # the first import below starts the reader process, as in a new session
    work = scratch("import")
    times: list[float] = []
    chars = 0
    for n in range(runs + 1):
        with new_project(work / f"import-{n}.dossier", "Import benchmark") as ctx:
            start = time.perf_counter()
            result = import_path(ctx, PDF)
            times.append(time.perf_counter() - start)
            if result.outcome != Outcome.IMPORTED:
                raise RuntimeError(result.message)
            chars = result.chars
    cold, warm = times[0], times[1:]
    raw = []
    for _ in range(runs):
        start = time.perf_counter()
        raw_chars = raw_extract(PDF)
        raw.append(time.perf_counter() - start)
    return [
        Result("import: 117-page PDF (reader running)", "s", warm, "raw pypdfium2 text", raw,
               Target(max_ratio=1.3),
               note=f"{chars:,} chars stored ({raw_chars:,} extracted raw); first import of the "
                    f"session, starting the reader process: {cold:.2f} s"),
    ]
