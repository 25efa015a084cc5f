"""The processes the crash tests kill: a writer doing random user actions, and a share-copier.

The writer calls the ordinary services and, only after a service has returned,
appends what it changed (every row's new content) to a side log. A "begin" line
with the time goes to the log before each call, so the checker knows which one
action may have committed without being logged.

Run by hand:  python tests/reliability/crash_writer.py PROJECT LOG SEED
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import select

from db.backup import snapshot
from db.ids import utc_now
from db.models import Claim, Entity, Implication, Source, Support
from db.models.vocab import ClaimStatus, Confidence, EntityType, Likelihood, SupportRelation
from desktop.core.changes import Changes
from desktop.core.context import ProjectContext, open_project
from desktop.core.errors import ServiceError
from desktop.core.identity import AnalystIdentity
from desktop.ingest.document import ImportedDocument
from desktop.services import claims, entities, history, implications, sources

WRITER = AnalystIdentity("0190a000-0000-7000-8000-0000000c4a5e", "Crash Writer", "CW")
SOURCE_TEXT = (
    "Officials in Kyiv said on Tuesday that the convoy had reached Odesa. "
    "A spokesman for the ministry denied that any drones were involved. "
    "Satellite images published by the observatory show damage to the pipeline. "
    "The coastguard reported two vessels near the terminal at dawn."
)
WORDS = ["convoy", "Odesa", "ministry", "pipeline", "Дніпро", "naïve", "🚢", "terminal",
         "statement", "O'Brien", 'say "no"', "drone", "observatory", "Zelenskyy"]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _live(ctx: ProjectContext, model: Any) -> list[str]:
    with ctx.reading() as session:
        return list(session.execute(
            select(model.uid).where(model.deleted_at.is_(None))).scalars())


class RandomUser:
    """Picks and performs one plausible user action at a time."""

    def __init__(self, ctx: ProjectContext, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.last: Changes | None = None
        self.actions: list[tuple[int, Callable[[], Changes]]] = [
            (6, self.create_entity), (4, self.mention), (3, self.edit_entity),
            (1, self.aliases), (1, self.delete_entity), (6, self.create_claim),
            (3, self.edit_claim), (1, self.delete_claim), (4, self.create_implication),
            (2, self.edit_implication), (1, self.move_implication), (4, self.link),
            (1, self.unlink), (1, self.delete_implication), (1, self.add_source),
            (2, self.undo), (1, self.merge),
        ]

    def pick(self) -> Callable[[], Changes]:
        weights = [w for w, _ in self.actions]
        return self.rng.choices([a for _, a in self.actions], weights)[0]

    def _one(self, model: Any) -> str:
        uids = _live(self.ctx, model)
        if not uids:
            raise ServiceError("nothing to act on yet")
        return self.rng.choice(uids)

    def _span(self) -> tuple[str, int, int]:
        source = self._one(Source)
        text = sources.source_text(self.ctx, source)
        start = self.rng.randrange(0, max(1, len(text) - 40))
        return source, start, start + self.rng.randrange(3, 40)

    def create_entity(self) -> Changes:
        return entities.create_entity(self.ctx, _text(self.rng, 2),
                                      self.rng.choice(list(EntityType)),
                                      aliases=[_text(self.rng, 1)])

    def mention(self) -> Changes:
        source, start, end = self._span()
        if self.rng.random() < 0.5:
            return entities.create_entity_with_mention(self.ctx, _text(self.rng, 2), "PERSON",
                                                       source, start, end)
        return entities.add_mention(self.ctx, self._one(Entity), source, start, end)

    def edit_entity(self) -> Changes:
        return entities.update_entity(self.ctx, self._one(Entity),
                                      description=_text(self.rng, self.rng.randrange(1, 60)))

    def aliases(self) -> Changes:
        return entities.set_aliases(self.ctx, self._one(Entity),
                                    [_text(self.rng, 1) for _ in range(self.rng.randrange(4))])

    def delete_entity(self) -> Changes:
        return entities.delete_entities(self.ctx, [self._one(Entity)])

    def merge(self) -> Changes:
        uids = _live(self.ctx, Entity)
        if len(uids) < 3:
            raise ServiceError("too few entities to merge")
        target, *others = self.rng.sample(uids, 3)
        return entities.merge_entities(self.ctx, target, others)

    def create_claim(self) -> Changes:
        source, start, end = self._span()
        claimant = self._one(Entity) if _live(self.ctx, Entity) else None
        return claims.create_claim(self.ctx, claims.ClaimDraft(
            _text(self.rng, 8), source, start, end, claimant_uid=claimant,
            credibility=self.rng.randrange(1, 7), status=self.rng.choice(list(ClaimStatus))))

    def edit_claim(self) -> Changes:
        return claims.update_claim(self.ctx, self._one(Claim),
                                   statement=_text(self.rng, 6),
                                   credibility=self.rng.randrange(1, 7))

    def delete_claim(self) -> Changes:
        return claims.delete_claims(self.ctx, [self._one(Claim)])

    def create_implication(self) -> Changes:
        return implications.create_implication(self.ctx, implications.ImplicationDraft(
            _text(self.rng, 10), likelihood=self.rng.choice(list(Likelihood)),
            confidence=self.rng.choice(list(Confidence)), rationale=_text(self.rng, 5)))

    def edit_implication(self) -> Changes:
        return implications.update_implication(self.ctx, self._one(Implication),
                                               rationale=_text(self.rng, 12))

    def move_implication(self) -> Changes:
        return implications.move_implication(self.ctx, self._one(Implication),
                                             self.rng.randrange(0, 10))

    def delete_implication(self) -> Changes:
        return implications.delete_implications(self.ctx, [self._one(Implication)])

    def link(self) -> Changes:
        return implications.link_claim(self.ctx, self._one(Claim), self._one(Implication),
                                       self.rng.choice(list(SupportRelation)))

    def unlink(self) -> Changes:
        return implications.unlink(self.ctx, [self._one(Support)])

    def add_source(self) -> Changes:
        body = f"{_text(self.rng, 400)} {self.rng.getrandbits(64)}"
        return sources.add_source(self.ctx, ImportedDocument(text=body, title=_text(self.rng, 3)))

    def undo(self) -> Changes:
        if self.last is None or not self.last.rows:
            raise ServiceError("nothing to undo")
        return history.revert(self.ctx, self.last)


def _append(fd: int, record: dict[str, Any]) -> None:
    # One write() per line, newline last: a kill can cut a long line short, so the checker
    # trusts only lines that end in a newline.
    os.write(fd, (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode())


def run_writer(project: str, log: str, seed: int, ready: Any = None) -> None:
    """Do random actions on ``project`` until killed; set ``ready`` once the project is open."""
    rng = random.Random(seed)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    ctx = open_project(Path(project), analyst=WRITER)
    user = RandomUser(ctx, rng)
    if ready is not None:
        ready.set()
    while True:
        action = user.pick()
        _append(fd, {"begin": action.__name__, "at": utc_now()})
        try:
            changes = action()
        except ServiceError as err:
            _append(fd, {"refused": action.__name__, "why": str(err)})
            continue
        _append(fd, {"done": action.__name__,
                     "rows": [[r.table, r.uid, r.after] for r in changes.rows]})
        user.last = changes


def run_copier(project: str, folder: str, stop: Any, limit: int) -> None:
    """Take "share copies" of the live project with the backup API until told to stop."""
    for n in range(limit):
        if stop.is_set():
            return
        snapshot(Path(project), Path(folder) / f"copy-{os.getpid()}-{n}.dossier")


if __name__ == "__main__":
    run_writer(sys.argv[1], sys.argv[2], int(sys.argv[3]))
