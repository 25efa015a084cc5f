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


# Where to look when a font has no glyph for a character: DejaVu Sans covers far more
# of Unicode than DejaVu Serif, and each Sans weight has a few glyphs the other lacks.
_FALLBACKS = {
    SERIF: (SANS, SANS_BOLD),
    SERIF_BOLD: (SANS_BOLD, SANS),
    SANS: (SANS_BOLD,),
    SANS_BOLD: (SANS,),
    SANS_ITALIC: (SANS, SANS_BOLD),
}
_coverage: dict[str, frozenset[str]] = {}


def _covered(font: str) -> frozenset[str]:
    found = _coverage.get(font)
    if found is None:
        register_fonts()
        codes = pdfmetrics.getFont(font).face.charToGlyph
        found = _coverage[font] = frozenset(chr(code) for code in codes)
    return found


def split_by_font(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (piece, font) so each character is drawn by a font that has it.

    Characters no bundled font has stay with ``font`` (they print as an empty box).
    ASCII needs no look-up: every bundled face covers it.
    """
    if text.isascii() or set(text) <= _covered(font):
        return [(text, font)]
    chain = [(f, _covered(f)) for f in (font, *_FALLBACKS.get(font, ()))]
    pieces: list[tuple[str, str]] = []
    for ch in text:
        chosen = next((f for f, covered in chain if ch in covered), font)
        if pieces and pieces[-1][1] == chosen:
            pieces[-1] = (pieces[-1][0] + ch, chosen)
        else:
            pieces.append((ch, chosen))
    return pieces
