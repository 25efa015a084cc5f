"""Deterministic project files of a given shape, written with fast bulk inserts.

A project is made the way the app makes one (``db.engine.create_project_file``),
then filled with plain ``executemany`` inserts that set every column, Tracked ones
included, and finally its full-text index is rebuilt with ``db.search.rebuild``.
The result passes the same validation as any file a user opens.

Generating the big project takes a while, so finished files are kept in a cache
folder (``DOSSIER_BENCH_CACHE``, default: a folder in the system temp dir) keyed
by the shape and the generator version; benchmarks work on copies.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from db import search
from db.engine import create_project_file
from db.models.vocab import (
    ClaimStatus,
    Confidence,
    EntityType,
    ImplicationKind,
    Likelihood,
    Reliability,
    SourceKind,
    SupportRelation,
)
from desktop.ingest.document import content_sha256

# Bump when the generated content changes, so stale cached files are not reused.
GENERATOR_VERSION = 3
ANALYST = ("01890000-0000-7000-8000-00000000a11a", "Bench Analyst", "BA")
STAMP = "2025-03-01T12:00:00.000000Z"
_BASE_MS = 1_740_000_000_000  # uids are UUIDv7 from this moment on

_WORDS = ["the", "of", "and", "to", "in", "a", "for", "on", "with", "as", "by", "at", "from", "that", "officials", "said", "report", "forces", "border", "supply", "convoy", "drone", "drones", "air", "defence", "missile", "battery", "deal", "contract", "ministry", "agency", "brigade", "unit", "logistics", "fuel", "trucks", "river", "crossing", "bridge", "port", "rail", "depot", "satellite", "imagery", "intercepted", "signals", "analysts", "assess", "likely", "unlikely", "probably", "shipment", "components", "factory", "production", "capacity", "sanctions", "exports", "imports", "negotiations", "talks", "ceasefire", "offensive", "frontline", "positions", "artillery", "ammunition", "shortage", "training", "exercise", "deployment", "reinforcements", "observers", "claim", "claimed", "sources", "indicate", "according", "statement", "spokesman", "spokeswoman", "minister", "general", "commander", "governor", "mayor", "council", "summit", "agreement", "memorandum", "funding", "budget", "tender", "procurement", "delivery", "delayed", "expected", "announced", "confirmed", "denied", "weeks", "months", "year", "quarter", "region", "district", "province", "capital", "coast", "north", "south", "east", "west", "central", "night", "morning", "evening", "local", "regional", "national", "foreign", "allied", "partner", "neighbouring", "hostile", "friendly", "major", "minor", "new", "old", "large", "small", "several", "many", "few", "some", "most", "early", "late", "recent", "previous", "following", "during", "after", "before", "under", "over", "across", "through", "within", "without", "between", "against", "toward", "near", "far"]
_FIRST = ["Anna", "Oleh", "Marta", "Ivan", "Petro", "Olena", "Taras", "Iryna", "Dmytro", "Yulia", "Serhii", "Kateryna", "Andrii", "Nadia", "Bohdan", "Larysa", "Viktor", "Sofia", "Roman", "Halyna"]
_LAST = ["Kovalenko", "Petrenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boyko", "Moroz", "Lysenko", "Marchenko", "Rudenko", "Savchenko", "Polishchuk", "Hrytsenko", "Kuzmenko"]
_ORG_HEADS = ["Ministry", "Agency", "Brigade", "Corporation", "Institute", "Council", "Directorate", "Group", "Bureau", "Command", "Fund", "Service"]
_PLACES = ["Dnipro", "Kharkiv", "Odesa", "Lviv", "Mykolaiv", "Zaporizhzhia", "Kherson", "Poltava", "Sumy", "Chernihiv", "Vinnytsia", "Rivne", "Uzhhorod", "Izmail", "Berdiansk"]


@dataclass(frozen=True)
class Shape:
    """How many rows of each kind a generated project holds."""

    sources: int
    source_chars: int  # about this many characters of text per source
    entities: int
    mentions: int
    claims: int
    implications: int
    supports: int
    aliases: int = 0
    anchored_implications: float = 0.25  # share of implications anchored to text
    nested_mentions: float = 0.1  # share of mentions nested inside another mention
    judgements_only: bool = False  # every implication a key judgement (for the brief)

    @property
    def key(self) -> str:
        raw = repr((GENERATOR_VERSION, astuple(self)))
        return hashlib.sha256(raw.encode()).hexdigest()[:12]


BIG = Shape(sources=1_000, source_chars=3_200, entities=5_000, mentions=100_000,
            claims=10_000, implications=2_000, supports=10_000, aliases=1_000)
READER = Shape(sources=1, source_chars=775_000, entities=400, mentions=3_800, claims=1_000,
               implications=200, supports=0, anchored_implications=1.0, nested_mentions=0.15)
BRIEF = Shape(sources=40, source_chars=6_000, entities=300, mentions=2_000, claims=2_000,
              implications=200, supports=2_000, judgements_only=True)
# Half of a two-colleague merge: 50,000 rows of one colleague's own work.
MERGE_HALF = Shape(sources=100, source_chars=2_500, entities=2_000, mentions=18_500,
                   claims=4_000, implications=400, supports=1_500, aliases=900)


def row_count(shape: Shape) -> int:
    """Rows a shape adds (anchors included: one per mention, claim, anchored implication)."""
    anchors = shape.mentions + shape.claims + round(shape.implications
                                                    * shape.anchored_implications)
    return (shape.sources + shape.entities + shape.aliases + shape.mentions + shape.claims
            + shape.implications + shape.supports + anchors)


# ---- identities ------------------------------------------------------------------------
class Uids:
    """UUIDv7-shaped uids, time-ordered and reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(seed * 7919 + 17)
        self._n = 0

    def __call__(self) -> str:
        self._n += 1
        value = ((_BASE_MS + self._n) & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= self._rng.getrandbits(12) << 64
        value |= 0b10 << 62
        value |= self._rng.getrandbits(62)
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _tracked(uid: str, row_id: int) -> tuple[object, ...]:
    who = ANALYST[0]
    return (row_id, uid, who, who, STAMP, STAMP, 1, None)


_TRACKED = "id, uid, created_by, updated_by, created_at, updated_at, revision, deleted_at"


def _insert(conn: sqlite3.Connection, table: str, columns: str, rows: Sequence[tuple]) -> None:
    if not rows:
        return
    names = f"{columns}, {_TRACKED}"
    marks = ", ".join("?" * (names.count(",") + 1))
    conn.executemany(f'INSERT INTO {table} ({names}) VALUES ({marks})', rows)


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1


# ---- text --------------------------------------------------------------------------------
@dataclass
class _Text:
    text: str = ""
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, entity idx
    sentences: list[tuple[int, int]] = field(default_factory=list)


def _entity_name(rng: random.Random, index: int) -> tuple[str, EntityType]:
    kind = index % 4
    if kind in (0, 1):
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", EntityType.PERSON
    if kind == 2:
        return f"{rng.choice(_PLACES)} {rng.choice(_ORG_HEADS)}", EntityType.ORGANIZATION
    return f"{rng.choice(_PLACES)}", EntityType.GPE


def _source_text(rng: random.Random, chars: int, mentions: int,
                 names: Sequence[str]) -> _Text:
    """Sentences of plain words with entity names at ``mentions`` places."""
    words = max(chars // 6, mentions + 1)
    slots = set(rng.sample(range(words), min(mentions, words)))
    pieces: list[str] = []
    out = _Text()
    pos = 0
    sentence_start = 0
    left_in_sentence = rng.randint(8, 18)
    sentences_in_paragraph = 0
    capital = True
    for i in range(words):
        if i in slots:
            entity = rng.randrange(len(names))
            word = names[entity]
            out.mentions.append((pos, pos + len(word), entity))
        else:
            word = rng.choice(_WORDS)
            if capital:
                word = word.capitalize()
        capital = False
        pieces.append(word)
        pos += len(word)
        left_in_sentence -= 1
        if left_in_sentence == 0 or i == words - 1:
            pieces.append(".")
            pos += 1
            out.sentences.append((sentence_start, pos))
            left_in_sentence = rng.randint(8, 18)
            sentences_in_paragraph += 1
            capital = True
            sep = " "
            if sentences_in_paragraph >= 6:
                sep, sentences_in_paragraph = "\n\n", 0
            if i != words - 1:
                pieces.append(sep)
                pos += len(sep)
                sentence_start = pos
        else:
            pieces.append(" ")
            pos += 1
    out.text = "".join(pieces)
    return out


def _anchor_row(text: str, source_id: int, start: int, end: int, uid: str,
                row_id: int) -> tuple[object, ...]:
    return (source_id, start, end, text[start:end], text[max(0, start - 32):start],
            text[end:end + 32], 0, *_tracked(uid, row_id))


# ---- filling a project -------------------------------------------------------------------
def fill(conn: sqlite3.Connection, shape: Shape, seed: int) -> None:
    """Insert ``shape``'s rows into an open project (raw connection, inside a transaction)."""
    rng = random.Random(seed)
    uid = Uids(seed)
    ids = {t: _next_id(conn, t) for t in ("source", "anchor", "entity", "entity_alias",
                                          "mention", "claim", "implication", "support")}

    entities, names = [], []
    for n in range(shape.entities):
        name, etype = _entity_name(rng, n)
        name = f"{name} {n}" if n >= 40 else name  # mostly distinct, like a real index
        names.append(name)
        entities.append((name, etype.value, "", "{}", "accepted",
                         *_tracked(uid(), ids["entity"] + n)))
    _insert(conn, "entity", "name, type, description, external_ids, review_state", entities)
    aliases = [(ids["entity"] + rng.randrange(shape.entities), f"alias {n} {rng.choice(_LAST)}",
                *_tracked(uid(), ids["entity_alias"] + n)) for n in range(shape.aliases)]
    _insert(conn, "entity_alias", "entity_id, alias", aliases)

    per_source = [shape.mentions // shape.sources] * shape.sources
    for n in range(shape.mentions % shape.sources):
        per_source[n] += 1
    claims_per = [shape.claims // shape.sources] * shape.sources
    for n in range(shape.claims % shape.sources):
        claims_per[n] += 1

    sources, anchors, mentions, claims = [], [], [], []
    sentence_spans: list[tuple[int, str, int, int]] = []  # source id, text, start, end
    next_anchor = ids["anchor"]
    next_mention = ids["mention"]
    next_claim = ids["claim"]
    reliabilities = [r.value for r in Reliability]
    for s in range(shape.sources):
        source_id = ids["source"] + s
        nested = round(per_source[s] * shape.nested_mentions)
        body = _source_text(rng, shape.source_chars, per_source[s] - nested, names)
        text = body.text
        sources.append((
            f"Report {s + 1}: {rng.choice(_PLACES)} {rng.choice(_WORDS)} {rng.choice(_WORDS)}",
            rng.choice([SourceKind.ARTICLE.value, SourceKind.REPORT.value]),
            f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", f"{rng.choice(_PLACES)} Herald",
            f"2024-{1 + s % 12:02d}-{1 + s % 28:02d}", f"https://example.org/report/{s + 1}",
            "en", text, content_sha256(text), f"report-{s + 1}.txt",
            rng.choice(reliabilities), "admiralty", "", "", "[]",
            *_tracked(uid(), source_id),
        ))
        spans = list(body.mentions)
        # Nested mentions: the first word of a two-word name, as a second entity.
        for start, end, _entity in rng.sample(body.mentions, min(nested, len(body.mentions))):
            space = text.find(" ", start, end)
            spans.append((start, space if space > 0 else end, rng.randrange(shape.entities)))
        for start, end, entity in spans:
            anchors.append(_anchor_row(text, source_id, start, end, uid(), next_anchor))
            mentions.append((ids["entity"] + entity, source_id, next_anchor, "accepted",
                             *_tracked(uid(), next_mention)))
            next_anchor += 1
            next_mention += 1
        picked = rng.sample(body.sentences, min(claims_per[s], len(body.sentences)))
        while len(picked) < claims_per[s]:
            picked.append(rng.choice(body.sentences))
        for start, end in picked:
            anchors.append(_anchor_row(text, source_id, start, end, uid(), next_anchor))
            claimant = (ids["entity"] + rng.randrange(shape.entities)
                        if rng.random() < 0.7 else None)
            claims.append((
                text[start:end][:400], claimant, rng.choice(["", "officials say",
                                                             "according to the ministry"]),
                source_id, next_anchor, rng.randint(1, 6),
                rng.choice([c.value for c in ClaimStatus]), "", "accepted",
                *_tracked(uid(), next_claim),
            ))
            next_anchor += 1
            next_claim += 1
        sentence_spans.extend((source_id, text, a, b) for a, b in body.sentences[:50])
    _insert(conn, "source", "title, kind, author, publisher, published_at, url, language, "
            "text, content_sha256, original_filename, reliability, grading_scheme, notes, "
            "summary, page_starts", sources)

    implications = []
    kinds = [k.value for k in ImplicationKind]
    for n in range(shape.implications):
        source_id = anchor_id = None
        if rng.random() < shape.anchored_implications and sentence_spans:
            source_id, text, start, end = rng.choice(sentence_spans)
            # Two or three sentences: overlaps the claims anchored in them.
            end = min(len(text), end + rng.randint(0, 400))
            anchors.append(_anchor_row(text, source_id, start, end, uid(), next_anchor))
            anchor_id = next_anchor
            next_anchor += 1
        kind = (ImplicationKind.JUDGEMENT.value if shape.judgements_only or n % 5
                else rng.choice(kinds))
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 24)))
        implications.append((
            kind, f"Judgement {n + 1}: {words}.", rng.choice([v.value for v in Likelihood]),
            rng.choice([c.value for c in Confidence]), f"Because {rng.choice(_WORDS)} "
            f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}.", n + 1, source_id, anchor_id,
            "accepted", *_tracked(uid(), ids["implication"] + n),
        ))
    _insert(conn, "anchor", "source_id, start, \"end\", exact, prefix, suffix, orphaned", anchors)
    _insert(conn, "mention", "entity_id, source_id, anchor_id, review_state", mentions)
    _insert(conn, "claim", "statement, claimant_id, attribution, source_id, anchor_id, "
            "credibility, status, notes, review_state", claims)
    _insert(conn, "implication", "kind, text, likelihood, confidence, rationale, rank, "
            "source_id, anchor_id, review_state", implications)

    supports = []
    relations = [r.value for r in SupportRelation]
    pairs: set[tuple[int, int]] = set()
    while len(supports) < shape.supports and shape.claims and shape.implications:
        claim_id = ids["claim"] + rng.randrange(shape.claims)
        implication_id = ids["implication"] + len(supports) % shape.implications
        if (claim_id, implication_id) in pairs:
            continue
        pairs.add((claim_id, implication_id))
        supports.append((claim_id, implication_id, rng.choice(relations), 1.0, "",
                         *_tracked(uid(), ids["support"] + len(supports))))
    _insert(conn, "support", "claim_id, implication_id, relation, weight, note", supports)


def rebuild_search(conn: sqlite3.Connection) -> None:
    """The app's own index rebuild, over the raw connection."""
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    with engine.connect() as sa_conn:
        search.rebuild(sa_conn)
        sa_conn.commit()
    engine.dispose()  # closes ``conn`` too


def new_project(path: Path, name: str) -> None:
    create_project_file(path, name, ANALYST)


def generate(path: Path, shape: Shape, seed: int, name: str = "Benchmark project") -> None:
    """A fresh project at ``path`` holding ``shape``'s rows."""
    new_project(path, name)
    add_rows(path, shape, seed)


def add_rows(path: Path, shape: Shape, seed: int) -> None:
    """Bulk-fill an existing closed project file and rebuild its search index."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = OFF")  # a generated file can be made again
        conn.execute("BEGIN")
        fill(conn, shape, seed)
        conn.execute("COMMIT")
        rebuild_search(conn)  # closes the connection when done
    finally:
        conn.close()


# ---- cache ---------------------------------------------------------------------------------
def cache_dir() -> Path:
    folder = Path(os.environ.get("DOSSIER_BENCH_CACHE")
                  or Path(tempfile.gettempdir()) / "dossier-bench-cache")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached(label: str, shape: Shape, seed: int) -> Path:
    """The generated project for ``shape``, made once and kept between runs."""
    path = cache_dir() / f"{label}-{shape.key}-{seed}.dossier"
    if not path.exists():
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial")
        for stale in (partial, partial.with_name(partial.name + ".creating")):
            stale.unlink(missing_ok=True)
        generate(partial, shape, seed)
        partial.rename(path)
    return path


def copy_of(path: Path, folder: Path, name: str | None = None) -> Path:
    """A private copy to open (opening writes: lock, analyst row, WAL)."""
    target = folder / (name or path.name)
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(path, target)
    return target


def project_rows(path: Path) -> Iterator[tuple[str, int]]:
    """(table, live rows) for a report line."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table in ("source", "entity", "mention", "anchor", "claim", "implication",
                      "support"):
            yield table, conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
