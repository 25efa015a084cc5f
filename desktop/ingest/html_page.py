"""Saved web pages: the main article (trafilatura) with its title, author, date, site and URL.

trafilatura is only ever given the bytes of the saved file, never a URL, so it
has nothing to fetch; the guarded helper process also blocks sockets.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from db.models.vocab import SourceKind
from desktop.ingest.document import (
    ImportedDocument,
    ImportError_,
    NoTextError,
    check_text_size,
    first_line_title,
    normalise_text,
)
from desktop.ingest.safe_read import read_capped

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# A saved page is rarely over a few MB; lxml needs several times the size in memory.
MAX_HTML_FILE_BYTES = 50 * 1024 * 1024

# Teaser lines publishers put between paragraphs, pointing at other articles.
_TEASER = re.compile(
    r"^(read more|read also|also read|see also|related|more on this|recommended|watch)\s*:.{0,200}$",
    re.IGNORECASE,
)
# Structured data sometimes holds the whole article when the visible page shows only a
# teaser (paywalled or script-rendered pages); use it when it is clearly longer.
_STRUCTURED_BODY_FACTOR = 2
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=1)
def _config() -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # trafilatura's own timeout uses signals; the helper process has a real one.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _extract(raw: bytes) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        raw, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, favor_precision=True,
        deduplicate=False, config=_config(),
    )


def _page_facts(raw: bytes) -> tuple[str, str]:
    """(language from <html lang>, the longest articleBody in JSON-LD) of the page."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.fromstring(raw)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return "", ""
    language = str(tree.get("lang") or tree.get("xml:lang") or "").strip()
    bodies: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except (ValueError, RecursionError):
            continue
        _collect_bodies(data, bodies, depth=0)
    return language, max(bodies, key=len, default="")


def _collect_bodies(data: Any, found: list[str], depth: int) -> None:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data[:200]:
            _collect_bodies(item, found, depth + 1)
    elif isinstance(data, dict):
        body = data.get("articleBody")
        if isinstance(body, str):
            found.append(body)
        for key in ("@graph", "mainEntity", "hasPart"):
            if key in data:
                _collect_bodies(data[key], found, depth + 1)


def _clean_title(title: str, site: str, host: str) -> str:
    """Drop trailing "| Site | date" parts that repeat the publisher's name."""
    parts = [p.strip() for p in title.split(" | ")]
    marks = {m.casefold() for m in (site, host, site.split(".")[0], host.split(".")[0]) if m}
    for i in range(1, len(parts)):
        part = parts[i].casefold()
        if part in marks or any(len(m) >= 4 and m in part for m in marks):
            return " | ".join(parts[:i])
    return title.strip()


def _drop_teasers(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not _TEASER.match(line.strip()))


# A large page that yields a few characters was not read (nested thousands deep, built by
# scripts): importing "Hello" from 6 MB of markup would look like success. Real pages yield
# one character of text per 15-100 bytes.
ALMOST_NOTHING_CHARS = 500
ALMOST_NOTHING_PAGE_BYTES = 256 * 1024
ALMOST_NOTHING_RATIO = 1000


def _refuse_almost_nothing(raw: bytes, text: str, name: str) -> None:
    if (len(text) < ALMOST_NOTHING_CHARS and len(raw) >= ALMOST_NOTHING_PAGE_BYTES
            and len(raw) > ALMOST_NOTHING_RATIO * len(text)):
        raise NoTextError(
            f"{name}: only {len(text):,} characters of text could be read from this "
            f"{len(raw) / 1e6:,.1f} MB page (it may be built by scripts or nested too deeply "
            "to read); nothing was imported. Copy the text from a browser and paste it as a "
            "source instead."
        )


def parse_html(raw: bytes, name: str) -> ImportedDocument:
    if not raw.strip():
        raise NoTextError(f"{name}: the page is empty.")
    try:
        result = _extract(raw)
    except (ValueError, TypeError, UnicodeError, RecursionError) as err:
        raise ImportError_(f"{name}: the page could not be read ({err}).") from None
    language, structured_body = _page_facts(raw)
    text = _drop_teasers(str(getattr(result, "text", "") or "")) if result is not None else ""
    notes = ""
    if len(structured_body.strip()) > _STRUCTURED_BODY_FACTOR * len(text.strip()):
        text = structured_body
        notes = ("The visible page held only part of the article; the text was taken from the "
                 "page's structured data (articleBody), which has no paragraph breaks.")
    check_text_size(text, name)
    text = normalise_text(text).strip()
    if not text:
        raise NoTextError(f"{name}: no article text was found on this page.")
    _refuse_almost_nothing(raw, text, name)
    meta: dict[str, str] = {}
    if result is not None:
        for key in ("title", "author", "date", "sitename", "hostname", "url", "language"):
            value = getattr(result, key, None)
            meta[key] = " ".join(str(value).split()) if value else ""
    site, host = meta.get("sitename", ""), meta.get("hostname", "")
    title = _clean_title(meta.get("title", ""), site, host) or first_line_title(text)
    date = meta.get("date", "")
    return ImportedDocument(
        text=text,
        title=title or Path(name).stem,
        kind=SourceKind.WEB,
        author=meta.get("author", ""),
        publisher=site or host,
        published_at=date[:10] if _DATE.match(date) else "",
        url=meta.get("url", ""),
        language=(meta.get("language") or language)[:16],
        original_filename=name,
        notes=notes,
    )


def read_html_file(path: Path, password: str | None = None) -> ImportedDocument:
    del password
    return parse_html(read_capped(path, MAX_HTML_FILE_BYTES), path.name)
