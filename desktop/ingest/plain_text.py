"""Plain text and Markdown: encoding detection and newline normalisation.

Markdown is stored as its own text (headings, lists and emphasis marks stay as
typed), so nothing of its structure is lost and anchors point at what the
author wrote.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    NoTextError,
    check_text_size,
    normalise_text,
)
from desktop.ingest.safe_read import read_capped

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Four bytes a character (UTF-32) times the text limit, rounded up.
MAX_TEXT_FILE_BYTES = 100 * 1024 * 1024

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# When the detector finds several encodings about equally plausible (short texts
# often are), prefer the ones analysts' files are most often in.
_PREFERRED = ("utf_8", "utf_16", "utf_32", "cp1252", "cp1251", "cp1250", "koi8_u", "koi8_r",
              "latin_1", "iso8859_15", "cp1253", "cp1254", "cp1256", "cp1255", "cp1257",
              "gb18030", "big5", "shift_jis", "euc_kr")
_SIMILAR_CHAOS = 0.1
_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CHAOS = 0.2


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as err:
        raise ImportError_(
            f"{name}: the file says it is {encoding.upper()} but byte {err.start:,} is not valid "
            "in that encoding; the file may be damaged."
        ) from None


def _looks_like_damaged_utf8(raw: bytes) -> UnicodeDecodeError | None:
    """The first decoding error when the bytes are mostly UTF-8 with a few broken sequences.

    Single-byte legacy encodings rarely form valid multi-byte UTF-8 sequences, so
    many valid ones next to a few invalid ones mean damage (truncation, a bad
    copy), not a legacy encoding; guessing another encoding would only store
    garbled text.
    """
    decoded = raw.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    good = len(_NON_ASCII.findall(decoded))
    # Valid three- and four-byte sequences almost never arise by chance in legacy text.
    wide = sum(1 for ch in decoded if ch >= "\u0800" and ch != "\ufffd")
    if bad and (good >= 4 * bad or (wide and good >= bad)):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as err:
            return err
    return None


def _detect_legacy(raw: bytes, name: str) -> str:
    results = list(from_bytes(raw))
    plausible = [r for r in results if r.chaos <= _MAX_CHAOS]
    if not plausible:
        raise ImportError_(
            f"{name}: this is not UTF-8 text and its encoding could not be recognised "
            "(it may be a binary file); save it as UTF-8 and import it again."
        )
    best_chaos = min(r.chaos for r in plausible)
    close = [r for r in plausible if r.chaos <= best_chaos + _SIMILAR_CHAOS]

    def rank(result: object) -> tuple[int, float]:
        encoding = str(getattr(result, "encoding", ""))
        preferred = _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)
        return preferred, float(getattr(result, "chaos", 1.0))

    return str(min(close, key=rank))


def _binary_share(text: str) -> float:
    """Share of characters that never occur in real text (C0/C1 controls except whitespace)."""
    if not text:
        return 0.0
    return len(_ODD.findall(text)) / len(text)


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode with BOM awareness, then strict UTF-8, then a detector for legacy encodings."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _strict(raw[len(bom):], encoding, name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        damage = _looks_like_damaged_utf8(raw)
        if damage is not None:
            raise ImportError_(
                f"{name}: this is not valid UTF-8 (byte {damage.start:,} is broken); the file "
                "may be damaged or cut short. Nothing was imported."
            ) from None
        text = _detect_legacy(raw, name)
    if _binary_share(text) > 0.01:
        raise ImportError_(f"{name}: this looks like a binary file, not text.")
    return text


def parse_text(raw: bytes, name: str, *, markdown: bool = False) -> ImportedDocument:
    decoded = decode_bytes(raw, name)
    check_text_size(decoded, name)
    text = normalise_text(decoded)
    if not text.strip():
        raise NoTextError(f"{name}: the file contains no text.")
    return ImportedDocument(
        text=text,
        title=title_line(text) or name_as_title(name),
        kind=SourceKind.DOCUMENT if markdown else SourceKind.ARTICLE,
        original_filename=name,
        published_at=date_near_top(text),
    )


# ---- title and date ---------------------------------------------------------------------
TITLE_MAX_CHARS = 150
TITLE_MAX_WORDS = 20


def title_line(text: str) -> str:
    """The first line when it reads as a title (short, not a running sentence), else "".

    A first line that is a whole paragraph is not a title: the caller then names the
    source after its file rather than cutting a sentence short with an invented "…".
    """
    for line in text.splitlines():
        line = " ".join(line.strip().lstrip("#").split())
        if not line:
            continue
        words = line.split()
        if len(line) > TITLE_MAX_CHARS or len(words) > TITLE_MAX_WORDS:
            return ""
        if len(words) > 8 and line.endswith((".", "!", "?")) and not line.endswith("..."):
            return ""  # a sentence that opens the text, not its title
        return line
    return ""


def name_as_title(name: str) -> str:
    """``us-ukraine_drone deal.txt`` -> ``Us ukraine drone deal``."""
    stem = " ".join(re.split(r"[-_\s]+", Path(name).stem)).strip()
    return stem[:1].upper() + stem[1:] if stem else name


_MONTHS = {m: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
     ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
     ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for m in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
)
DATE_LINES = 6  # how far down a dateline is looked for


def date_near_top(text: str) -> str:
    """An ISO date (YYYY-MM-DD) written in the first few lines, else "".

    Only unambiguous forms are read (2026-12-06, 6 December 2026, Dec. 6, 2026);
    06/12/2026 could be June or December, so it is left for the analyst.
    """
    lines = [line for line in text.splitlines() if line.strip()][:DATE_LINES]
    for line in lines:
        for pattern in _DATES:
            for match in pattern.finditer(line):
                found = _iso(match)
                if found:
                    return found
    return ""


def _iso(match: re.Match[str]) -> str:
    import datetime

    parts = match.groupdict()
    if parts.get("mnum"):
        month = int(parts["mnum"])
    else:
        month = _MONTHS.get(str(parts.get("month", "")).lower(), 0)
    try:
        return datetime.date(int(parts["year"]), month, int(parts["day"])).isoformat()
    except (ValueError, TypeError):
        return ""


def read_text_file(path: Path, password: str | None = None) -> ImportedDocument:
    del password  # plain text is never encrypted
    return parse_text(read_capped(path, MAX_TEXT_FILE_BYTES), path.name,
                      markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)
