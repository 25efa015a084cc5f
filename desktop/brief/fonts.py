"""The Unicode fonts the brief embeds (DejaVu, shipped in resources/fonts with its licence).

ReportLab's built-in fonts cover Latin-1 only; DejaVu prints Cyrillic, Greek, accented
Latin and typographic punctuation, and ReportLab embeds a subset of it in every PDF.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.brief.errors import BriefError

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

SANS = "DossierSans"
SANS_BOLD = "DossierSans-Bold"
SANS_ITALIC = "DossierSans-Oblique"
SERIF = "DossierSerif"
SERIF_BOLD = "DossierSerif-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}

_lock = threading.Lock()
_registered = False


class FontMissingError(BriefError):
    """The bundled fonts are not where the application expects them."""


def register_fonts() -> None:
    """Register the fonts once per process (parsing a TTF costs tens of milliseconds)."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = FONT_DIR / filename
            if not path.is_file():
                raise FontMissingError(
                    f"The brief font {filename} is missing from {FONT_DIR}; reinstall Dossier.")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # <b>/<i> inside a paragraph pick the family's faces. There is no bold-oblique or
        # serif-italic face shipped, so those fall back to the nearest face we do have.
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS_ITALIC)
        addMapping(SANS, 1, 1, SANS_BOLD)
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SANS_ITALIC)
        addMapping(SERIF, 1, 1, SERIF_BOLD)
        _registered = True
