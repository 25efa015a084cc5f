"""Rebuild the Noto subsets the brief embeds (a maintainer's tool, not run by the app).

Needs fontTools (``pip install fonttools``) and the Debian packages fonts-noto-core and
fonts-noto-cjk. Each face is cut down to the characters an analyst's sources need, with
its OpenType layout tables kept (Arabic joining and mark placement happen at print
time through HarfBuzz). ReportLab embeds TrueType outlines only, so the CJK face
(CFF outlines) is converted to quadratic TrueType curves.

    python resources/fonts/build_fonts.py            # writes resources/fonts/Noto*.ttf

What is covered is listed in resources/fonts/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
OUT = Path(__file__).resolve().parent

COMMON = [*range(0x20, 0x7F), 0xA0, 0x200C, 0x200D, 0x25CC]
ARABIC = (list(range(0x0600, 0x0700)) + list(range(0x0750, 0x0780))
          + list(range(0x08A0, 0x0900)) + list(range(0xFB50, 0xFE00))
          + list(range(0xFE70, 0xFF00)))
HEBREW = list(range(0x0590, 0x0600)) + list(range(0xFB1D, 0xFB50))
SYMBOLS = (list(range(0x2190, 0x2C00)) + list(range(0x1F000, 0x1FB00))
           + list(range(0x2600, 0x2800)))


def _decode_grid(codec: str, rows: range) -> list[int]:
    """Every character of a double-byte national standard's rows (EUC row/cell bytes)."""
    found = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                text = bytes((row, cell)).decode(codec)
            except UnicodeDecodeError:
                continue
            found.extend(ord(ch) for ch in text)
    return found


def cjk_characters() -> list[int]:
    """GB 2312 (all of it: level-1 and level-2 hanzi, symbols), JIS X 0208 level-1
    kanji and kana, KS X 1001's 2,350 Hangul syllables, CJK punctuation, full-width forms."""
    chars = set(_decode_grid("gb2312", range(0xA1, 0xF8)))
    chars |= set(_decode_grid("euc_jp", range(0xA1, 0xD0)))  # symbols, kana, level-1 kanji
    chars |= set(_decode_grid("euc_kr", range(0xB0, 0xC9)))  # Hangul syllables
    chars |= set(range(0x3000, 0x3100)) | set(range(0xFF00, 0xFFF0))
    chars |= set(range(0x3130, 0x3190))  # Hangul compatibility jamo
    return sorted(c for c in chars if c > 0x7F) + COMMON


def _subset(font: TTFont, unicodes: list[int], *, layout: bool = True) -> None:
    options = subset.Options()
    options.layout_features = ["*"] if layout else []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False  # hints matter on screens at small sizes, not in a PDF
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)


def to_truetype(font: TTFont) -> None:
    """Replace CFF outlines with quadratic TrueType ones (ReportLab cannot embed CFF)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller, and ReportLab does not need them
    font.sfntVersion = "\x00\x01\x00\x00"


def build(source: Path, target: str, unicodes: list[int], *, index: int | None = None,
          convert: bool = False) -> None:
    font = TTCollection(str(source)).fonts[index] if index is not None else TTFont(str(source))
    _subset(font, unicodes, layout=not convert)
    if convert:
        to_truetype(font)
    path = OUT / target
    font.save(str(path))
    print(f"{path.name}: {path.stat().st_size // 1024} KB, {len(font.getBestCmap())} characters")


def write_coverage(files: list[str]) -> None:
    """coverage.txt: the characters of each Noto subset as hex ranges, so the app can pick
    a fallback face without parsing the font (the CJK face takes a second to load)."""
    lines = []
    for name in files:
        codes = sorted(TTFont(str(OUT / name)).getBestCmap())
        ranges, start, prev = [], codes[0], codes[0]
        for code in [*codes[1:], -1]:
            if code != prev + 1:
                ranges.append(f"{start:x}" if start == prev else f"{start:x}-{prev:x}")
                start = code
            prev = code
        lines.append(f"{name}: {','.join(ranges)}")
    (OUT / "coverage.txt").write_text("\n".join(lines) + "\n", encoding="ascii")


def main() -> int:
    build(NOTO / "NotoSansArabic-Regular.ttf", "NotoSansArabic-Regular.ttf", ARABIC + COMMON)
    build(NOTO / "NotoSansArabic-Bold.ttf", "NotoSansArabic-Bold.ttf", ARABIC + COMMON)
    build(NOTO / "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Regular.ttf", HEBREW + COMMON)
    build(NOTO / "NotoSansHebrew-Bold.ttf", "NotoSansHebrew-Bold.ttf", HEBREW + COMMON)
    build(NOTO / "NotoSansSymbols2-Regular.ttf", "NotoSansSymbols2-Regular.ttf",
          SYMBOLS + COMMON)
    build(CJK, "NotoSansCJKsc-Regular.ttf", cjk_characters(), index=2, convert=True)
    write_coverage(["NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
                    "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf",
                    "NotoSansSymbols2-Regular.ttf", "NotoSansCJKsc-Regular.ttf"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
