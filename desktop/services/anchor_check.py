"""Is every annotation on its words? The anchor part of ``dossier check``.

A live anchor that is not flagged orphaned must have its quote at its offsets
in its source's current text; anything else is an annotation silently on the
wrong words, and check fails naming it. Orphaned anchors are fine for the
file but are listed, since each is an annotation the analyst has to re-place.

The comparison runs in SQLite (``substr`` and ``length`` count characters,
the code points Dossier's offsets are in), so a large project is checked
without loading its texts into Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.services.reattach import ANCHOR_OWNERS

# The first few characters of a quote in a report line.
_QUOTE_CHARS = 60


@dataclass(frozen=True)
class AnchorProblem:
    anchor_uid: str
    kind: str  # the annotation resting on it ("" if none)
    owner_uid: str
    source_uid: str
    source_title: str
    start: int
    end: int
    exact: str
    found: str  # the text now at start:end ("" for orphaned anchors)

    def _where(self) -> str:
        what = f"{self.kind} {self.owner_uid}" if self.kind else f"anchor {self.anchor_uid}"
        return f"{what} in “{self.source_title}” at {self.start}–{self.end}"

    def wrong_line(self) -> str:
        return (f"{self._where()}: quotes “{_short(self.exact)}” but the text there is "
                f"“{_short(self.found)}”")

    def orphan_line(self) -> str:
        return f"{self._where()} (in an earlier text): “{_short(self.exact)}”"


@dataclass(frozen=True)
class AnchorCheck:
    wrong: tuple[AnchorProblem, ...]  # not on their quote and not flagged: check fails
    orphaned: tuple[AnchorProblem, ...]  # flagged orphaned, with a live annotation on them

    @property
    def ok(self) -> bool:
        return not self.wrong


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _QUOTE_CHARS else value[:_QUOTE_CHARS - 1] + "…"


def _owner_sql(live_only: bool) -> str:
    """(kind, uid) of the annotation on ``a``, preferring a live one."""
    parts = []
    for kind, model in ANCHOR_OWNERS:
        table = model.__tablename__  # type: ignore[attr-defined]
        live = " AND o.deleted_at IS NULL" if live_only else ""
        parts.append(f"SELECT '{kind}' AS kind, o.uid AS uid, o.deleted_at IS NULL AS live "
                     f'FROM "{table}" o WHERE o.anchor_id = a.id{live}')
    return " UNION ALL ".join(parts)


_WRONG = f"""
SELECT a.uid, s.uid, s.title, a.start, a."end", a.exact,
       CASE WHEN a.start >= 0 AND a."end" > a.start
            THEN substr(s.text, a.start + 1, a."end" - a.start) ELSE '' END,
       (SELECT kind || ' ' || uid FROM ({_owner_sql(False)}) ORDER BY live DESC LIMIT 1)
FROM anchor a JOIN source s ON s.id = a.source_id
WHERE a.deleted_at IS NULL AND a.orphaned = 0
  AND (a.start < 0 OR a."end" <= a.start OR a."end" > length(s.text)
       OR substr(s.text, a.start + 1, a."end" - a.start) IS NOT a.exact)
ORDER BY a.id
"""

_ORPHANED = f"""
SELECT a.uid, s.uid, s.title, a.start, a."end", a.exact, '',
       (SELECT kind || ' ' || uid FROM ({_owner_sql(True)}) LIMIT 1) AS owner
FROM anchor a JOIN source s ON s.id = a.source_id
WHERE a.deleted_at IS NULL AND a.orphaned = 1 AND s.deleted_at IS NULL AND owner IS NOT NULL
ORDER BY a.id
"""


def _problems(session: Session, sql: str) -> tuple[AnchorProblem, ...]:
    found = []
    for a_uid, s_uid, title, start, end, exact, there, owner in session.execute(text(sql)):
        kind, _, owner_uid = (owner or "").partition(" ")
        found.append(AnchorProblem(a_uid, kind, owner_uid, s_uid, title, start, end, exact,
                                   there or ""))
    return tuple(found)


def check_anchors(session: Session) -> AnchorCheck:
    return AnchorCheck(_problems(session, _WRONG), _problems(session, _ORPHANED))


def count_orphaned(session: Session) -> int:
    """Annotations the analyst still has to re-place (live, on a live source)."""
    return int(session.execute(text(f"SELECT count(*) FROM ({_ORPHANED})")).scalar_one())
