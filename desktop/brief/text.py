"""Turn user and source text into something a ReportLab Paragraph prints literally.

Paragraph text is markup: an unescaped ``<img src=...>`` would make ReportLab read a
local file, ``<font>``/``<para>`` would restyle the page. Every piece of text that
did not come from this package passes through :func:`para` (for Paragraphs) or
:func:`plain` (for canvas strings, outline titles and PDF metadata).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from desktop.brief.fonts import MISSING, missing_marker, split_by_font

# C0 and C1 controls except tab and newline, DEL, and the Unicode line/paragraph
# separators: they have no glyph and some upset the PDF text layer.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Explicit direction marks and embeddings: the brief orders right-to-left text itself
# (``shaping.py``), and these have no glyph. The word joiner is the brief's own mark.
_BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2060]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def plain(text: object, limit: int | None = None) -> str:
    """One printable line: no controls, no lone surrogates, runs of whitespace collapsed."""
    value = _SURROGATE.sub("\ufffd", str(text or ""))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub(" ", value)
    value = _BIDI_CONTROL.sub("", value)
    value = " ".join(value.split())
    if limit is not None and len(value) > limit:
        value = value[: max(limit - 1, 0)].rstrip() + "…"
    return value


def _markup(text: str, font: str | None) -> str:
    """Escape ``text``; characters ``font`` lacks are set in a bundled font that has them."""
    if font is None or text.isascii():
        return escape(text)
    out = []
    for piece, used in split_by_font(text, font):
        if used == MISSING:
            out.append(escape("".join(missing_marker(ch) for ch in piece)))
        elif used == font:
            out.append(escape(piece))
        else:
            out.append(f'<font name="{used}">{escape(piece)}</font>')
    return "".join(out)


def para(text: object, limit: int | None = None, *, font: str | None = None) -> str:
    """Escaped Paragraph markup for ``text`` as one line.

    Give the paragraph's ``font`` so characters it has no glyph for fall back to one that
    does (DejaVu Serif lacks many that DejaVu Sans has).
    """
    return _markup(plain(text, limit), font)
