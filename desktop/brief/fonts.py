"""The fonts the brief embeds, and which one draws each character.

DejaVu (Latin, Cyrillic, Greek, many symbols) sets the text; Noto subsets in
resources/fonts add Arabic, Hebrew, Chinese/Japanese/Korean and one-colour symbols
and pictographs (see resources/fonts/README.md for what each covers). Text is cut
into pieces per font with :func:`split_by_font`; a character no bundled face has is
reported by :func:`missing_characters` (the pre-flight check lists them) and printed
as a visible code instead of an empty box.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.brief.errors import BriefError

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"

SANS = "DossierSans"
SANS_BOLD = "DossierSans-Bold"
SANS_ITALIC = "DossierSans-Oblique"
SERIF = "DossierSerif"
SERIF_BOLD = "DossierSerif-Bold"
ARABIC = "DossierArabic"
ARABIC_BOLD = "DossierArabic-Bold"
HEBREW = "DossierHebrew"
HEBREW_BOLD = "DossierHebrew-Bold"
CJK = "DossierCJK"
SYMBOLS = "DossierSymbols"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
    HEBREW: "NotoSansHebrew-Regular.ttf",
    HEBREW_BOLD: "NotoSansHebrew-Bold.ttf",
    CJK: "NotoSansCJKsc-Regular.ttf",
    SYMBOLS: "NotoSansSymbols2-Regular.ttf",
}
# Faces whose text HarfBuzz shapes (joining forms, ligatures, mark positions).
SHAPED = frozenset({ARABIC, ARABIC_BOLD, HEBREW, HEBREW_BOLD})
BOLD_FACES = frozenset({SANS_BOLD, SERIF_BOLD, ARABIC_BOLD, HEBREW_BOLD})

_lock = threading.Lock()
_registered = False


class FontMissingError(BriefError):
    """The bundled fonts are not where the application expects them."""


# The Noto faces are registered when a character first needs one (parsing the CJK face
# alone takes about a second); until then their coverage comes from coverage.txt.
_ON_DEMAND = frozenset({ARABIC, ARABIC_BOLD, HEBREW, HEBREW_BOLD, CJK, SYMBOLS})


def _register(name: str) -> None:
    path = FONT_DIR / _FILES[name]
    if not path.is_file():
        raise FontMissingError(
            f"The brief font {_FILES[name]} is missing from {FONT_DIR}; reinstall Dossier.")
    pdfmetrics.registerFont(TTFont(name, str(path), shapable=name in SHAPED))


def register_fonts() -> None:
    """Register the text faces once per process (the Noto faces come on demand)."""
    global _registered
    with _lock:
        if _registered:
            return
        _fix_to_unicode()
        for name in _FILES:
            if name not in _ON_DEMAND:
                _register(name)
        _add_reading_mark()
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


_demanded: set[str] = set()


def ensure_registered(name: str) -> None:
    """Register a Noto face the first time text needs it."""
    if name in _demanded or name not in _ON_DEMAND:
        return
    register_fonts()
    with _lock:
        if name not in _demanded:
            _register(name)
            _demanded.add(name)


def _listed_coverage() -> dict[str, frozenset[str]]:
    """coverage.txt (written by build_fonts.py): each Noto file's characters as hex ranges."""
    found: dict[str, frozenset[str]] = {}
    by_file = {filename: name for name, filename in _FILES.items()}
    path = FONT_DIR / "coverage.txt"
    if not path.is_file():
        return found
    for line in path.read_text(encoding="ascii").splitlines():
        filename, _, ranges = line.partition(": ")
        chars: set[str] = set()
        for part in ranges.split(","):
            low, _, high = part.partition("-")
            chars.update(chr(c) for c in range(int(low, 16), int(high or low, 16) + 1))
        if filename in by_file:
            found[by_file[filename]] = frozenset(chars)
    return found


# Drawn invisibly at the left of each line holding right-to-left text (``runs.py``):
# the word joiner, given the glyph of a full stop so PDF readers see a text object
# there, copies as nothing visible. User text never carries it (``text.plain``).
READING_MARK = "\u2060"


def _add_reading_mark() -> None:
    face = pdfmetrics.getFont(SANS).face
    glyph = face.charToGlyph[ord(".")]
    face.charToGlyph[ord(READING_MARK)] = glyph
    face.charWidths[ord(READING_MARK)] = face.charWidths[ord(".")]


def _unicode_hex(code: int) -> str:
    """What a subset code means, as UTF-16 hex for a ToUnicode map.

    Presentation forms (the joined Arabic letters and Hebrew ligatures HarfBuzz picks)
    are mapped to the letters they stand for, so copied text is plain Arabic/Hebrew.
    """
    char = chr(code)
    if 0xFB1D <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        char = unicodedata.normalize("NFKC", char) or char
    return char.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    # ReportLab writes each code as four hex digits, so U+1F4A3 came back from a copy
    # as U+1F4A and a Hebrew or Arabic presentation form stayed one. Same map, UTF-16.
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_unicode_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


def _fix_to_unicode() -> None:
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


# Where to look when a font has no glyph for a character, in order. DejaVu Sans covers
# far more of Unicode than DejaVu Serif; the Noto faces come after, bold with bold.
_SCRIPTS_REGULAR = (ARABIC, HEBREW, CJK, SYMBOLS)
_SCRIPTS_BOLD = (ARABIC_BOLD, HEBREW_BOLD, CJK, SYMBOLS)
_FALLBACKS = {
    SERIF: (SANS, SANS_BOLD, *_SCRIPTS_REGULAR),
    SERIF_BOLD: (SANS_BOLD, SANS, *_SCRIPTS_BOLD),
    SANS: (SANS_BOLD, *_SCRIPTS_REGULAR),
    SANS_BOLD: (SANS, *_SCRIPTS_BOLD),
    SANS_ITALIC: (SANS, SANS_BOLD, *_SCRIPTS_REGULAR),
}
_coverage: dict[str, frozenset[str]] = {}
# Characters without a glyph that need none: joiners, marks of direction, variation selectors.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\ufe0e\ufe0f")
MISSING = "missing"  # the "font" of a piece no bundled face can draw


def covered(font: str) -> frozenset[str]:
    found = _coverage.get(font)
    if found is None:
        register_fonts()
        if font in _ON_DEMAND:
            listed = _listed_coverage()
            if font in listed:
                _coverage.update(listed)
                return listed[font]
            ensure_registered(font)
        codes = pdfmetrics.getFont(font).face.charToGlyph
        found = _coverage[font] = frozenset(chr(code) for code in codes if code < 0xE000
                                            or code > 0xF8FF)
    return found


def _chain(font: str) -> list[tuple[str, frozenset[str]]]:
    return [(f, covered(f)) for f in (font, *_FALLBACKS.get(font, ()))]


def _neutral(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("WS", "ON", "CS", "ES", "ET", "EN", "NSM", "BN")


def _shaped_face(ch: str, font: str) -> str | None:
    """Hebrew and Arabic always come from the Noto faces HarfBuzz shapes (DejaVu has
    some of their letters, but unjoined forms are not Arabic a reader can read)."""
    code = ord(ch)
    bold = font in BOLD_FACES
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return HEBREW_BOLD if bold else HEBREW
    if 0x0600 <= code <= 0x08FF or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return ARABIC_BOLD if bold else ARABIC
    return None


def split_by_font(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into (piece, font) so each character is drawn by a font that has it.

    A space or punctuation mark stays with the font of the piece before it when that
    font has it, so an Arabic phrase is one piece (HarfBuzz shapes it whole) and a
    Chinese sentence is not cut at every comma. Characters no bundled face has come
    back as pieces whose font is :data:`MISSING`; invisible format characters without
    a glyph are dropped.
    """
    if text.isascii() or (set(text) <= covered(font) and not has_rtl_letters(text)):
        return [(text, font)]
    chain = _chain(font)
    pieces: list[tuple[str, str]] = []
    for ch in text:
        shaped_face = _shaped_face(ch, font)
        if shaped_face is not None and ch in covered(shaped_face):
            chosen = shaped_face
        elif pieces and pieces[-1][1] not in (font, MISSING) and _neutral(ch) \
                and ch in covered(pieces[-1][1]):
            chosen = pieces[-1][1]
        else:
            chosen = next((f for f, have in chain if ch in have), MISSING)
        if chosen == MISSING and ch in _INVISIBLE:
            continue
        if pieces and pieces[-1][1] == chosen:
            pieces[-1] = (pieces[-1][0] + ch, chosen)
        else:
            ensure_registered(chosen)
            pieces.append((ch, chosen))
    return pieces


_RTL_LETTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def has_rtl_letters(text: str) -> bool:
    return _RTL_LETTERS.search(text) is not None


def missing_characters(text: str) -> set[str]:
    """Characters of ``text`` that no bundled face can draw (printed as a code instead)."""
    if text.isascii():
        return set()
    have = covered(SANS)
    rest = {ch for ch in set(text) if ch not in have and ch not in _INVISIBLE
            and not ch.isspace()}
    if not rest:
        return set()
    for font in _FALLBACKS[SANS]:
        rest -= covered(font)
    return rest


def missing_marker(ch: str) -> str:
    """How a character no font has is printed: its code point, e.g. ``[U+1F600]``."""
    return f"[U+{ord(ch):04X}]"


def drawable_pieces(text: str, font: str) -> list[tuple[str, str]]:
    """:func:`split_by_font`, with what no font has replaced by its code in ``font``."""
    return [("".join(missing_marker(ch) for ch in piece), font) if used == MISSING
            else (piece, used) for piece, used in split_by_font(text, font)]
