"""Page images of a brief (for docs/screenshots and previews): ``python -m desktop.brief.snapshots DIR``.

Renders with pypdfium2, which the app already ships for reading PDFs, so no extra tool is
needed. Run as a module it builds the bundled sample project's brief in a temporary
folder and writes ``brief-page-1.png`` … into DIR.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium


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


def sample_brief_images(folder: Path, dpi: int = 100) -> list[Path]:
    from desktop.brief.build import build_brief
    from desktop.brief.options import default_options
    from desktop.core.context import open_project
    from desktop.core.identity import AnalystIdentity
    from desktop.services.sample import write_sample

    analyst = AnalystIdentity("01900000-0000-7000-8000-0000000000a1", "Ada Analyst", "AA")
    with tempfile.TemporaryDirectory() as temp:
        project = Path(temp) / "sample.dossier"
        write_sample(project, analyst)
        with open_project(project, read_only=True, analyst=analyst) as ctx:
            result = build_brief(ctx, default_options(ctx), Path(temp) / "sample-brief.pdf")
        return write_page_images(result.path, folder, dpi=dpi)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    for path in sample_brief_images(out):
        print(path)
