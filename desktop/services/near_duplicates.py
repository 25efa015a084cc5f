"""Two sources that are probably one document in two versions (a typo fixed, a line added).

Exact copies share a SHA-256 and are folded without asking. Near-duplicates
need the analyst's yes, so they are only found and offered: two sources with
the same URL or the same title whose texts are nearly the same. The merge
preview offers them as "new version of the same source"; ``fold_source``
(desktop/services/fold_sources.py) then makes them one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from rapidfuzz.distance import Indel
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Source

# Share of the two texts that must be the same (Indel similarity: 1 - edits / total length).
MIN_SIMILARITY = 0.9
# Titles that say nothing about the document (made up when a file had none).
_GENERIC_TITLES = frozenset({"", "untitled", "untitled source", "document", "article", "report"})
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|ref_src$)")


@dataclass(frozen=True)
class NearDuplicate:
    """``first_uid`` and ``second_uid`` are probably versions of one document."""

    first_uid: str
    second_uid: str
    similarity: float  # 0..1; 1.0 for identical texts
    differing_chars: int  # characters inserted plus deleted between the texts
    same: str  # what they share: "URL", "title" or "URL and title"

    def describe(self) -> str:
        return (f"same {self.same}, texts {self.similarity:.1%} alike "
                f"({self.differing_chars} characters differ)")


def title_key(title: str) -> str:
    """A title as compared: case, width, spacing and surrounding punctuation ignored."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = " ".join(text.split()).strip(" \"'“”‘’«».,:;-–—!?")
    return "" if text in _GENERIC_TITLES else text


def url_key(url: str) -> str:
    """A URL as compared: scheme, ``www.``, trailing slash, fragment and tracking ignored."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url if "://" in url else "//" + url)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if not host:
        return ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k.casefold())))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def similarity(a: str, b: str, cutoff: float = 0.0) -> tuple[float, int]:
    """(share alike, characters that differ) between two texts; (0.0, -1) below ``cutoff``."""
    if a == b:
        return 1.0, 0
    total = len(a) + len(b)
    # Indel distance is at least the length difference: skip pairs that cannot reach cutoff.
    if total == 0 or 1.0 - abs(len(a) - len(b)) / total < cutoff:
        return 0.0, -1
    share = float(Indel.normalized_similarity(a, b, score_cutoff=cutoff))
    if share < cutoff or share == 0.0:
        return 0.0, -1
    return share, int(Indel.distance(a, b))


@dataclass(frozen=True)
class _Facts:
    uid: str
    title: str
    url: str
    text: str


def _facts(uid: str, row: Mapping[str, Any]) -> _Facts:
    return _Facts(uid, title_key(str(row.get("title") or "")), url_key(str(row.get("url") or "")),
                  str(row.get("text") or ""))


def find_near_duplicates(
    left: Mapping[str, Mapping[str, Any]],
    right: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    min_similarity: float = MIN_SIMILARITY,
    include_identical: bool = False,
) -> list[NearDuplicate]:
    """Pairs of sources (uid -> row with title, url, text) that are near-duplicates.

    With ``right``, only pairs of one source from each side (a merge preview:
    this copy's sources against the colleague's new ones); without it, pairs
    within ``left``. Rows that are deleted (``deleted_at`` set) are left out.
    Sorted most alike first.
    """
    sides = [{u: _facts(u, r) for u, r in left.items() if not r.get("deleted_at")}]
    if right is not None:
        sides.append({u: _facts(u, r) for u, r in right.items()
                      if not r.get("deleted_at") and u not in left})
    groups: dict[tuple[str, str], list[tuple[int, _Facts]]] = defaultdict(list)
    for side, facts in enumerate(sides):
        for fact in facts.values():
            if fact.url:
                groups[("url", fact.url)].append((side, fact))
            if fact.title:
                groups[("title", fact.title)].append((side, fact))
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (what, _key), members in groups.items():
        for i, (side_a, a) in enumerate(members):
            for side_b, b in members[i + 1:]:
                if a.uid == b.uid or (right is not None and side_a == side_b):
                    continue
                if right is None:
                    pair = (min(a.uid, b.uid), max(a.uid, b.uid))
                else:  # this copy's source first
                    pair = (a.uid, b.uid) if side_a == 0 else (b.uid, a.uid)
                shared[pair].add("URL" if what == "url" else "title")
    every = {u: f for facts in sides for u, f in facts.items()}
    found = []
    for (first, second), alike in shared.items():
        share, differing = similarity(every[first].text, every[second].text, min_similarity)
        if differing < 0 or (differing == 0 and not include_identical):
            continue
        same = "URL and title" if len(alike) == 2 else next(iter(alike))
        found.append(NearDuplicate(first, second, share, differing, same))
    found.sort(key=lambda d: (-d.similarity, d.first_uid, d.second_uid))
    return found


def project_near_duplicates(session: Session, *, min_similarity: float = MIN_SIMILARITY
                            ) -> list[NearDuplicate]:
    """Near-duplicate pairs among this project's live sources (identical texts included)."""
    rows = session.execute(
        select(Source.uid, Source.title, Source.url, Source.text)
        .where(Source.deleted_at.is_(None))
    ).all()
    return find_near_duplicates(
        {uid: {"title": title, "url": url, "text": text} for uid, title, url, text in rows},
        min_similarity=min_similarity, include_identical=True,
    )
