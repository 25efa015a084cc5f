"""A merge that fails part-way leaves the project exactly as it was, and can simply be retried."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.services import claims, entities
from desktop.sharing import merge as merge_module
from desktop.sharing import writer
from desktop.sharing.conflicts import list_conflicts
from desktop.sharing.merge import merge
from tests.db.badfiles import fingerprint
from tests.sharing.conftest import dump, opened


class Boom(Exception):
    pass


def _diverge(team: Any, people: Any) -> tuple[Path, Path]:
    origin, a, b = team
    with opened(a, people["Ann"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="Ann's")
    with opened(b, people["Bob"]) as ctx:
        entities.update_entity(ctx, origin.entities[0], description="Bob's")
        nato = str(entities.create_entity(ctx, "NATO", "ORGANIZATION").primary_uid)
        claims.create_claim(ctx, claims.ClaimDraft("NATO agrees.", origin.source, 0, 9, nato))
        claims.delete_claims(ctx, [origin.claims[1]])
    return a, b


def _fail_after(calls: int, real: Any) -> Any:
    count = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        count["n"] += 1
        if count["n"] > calls:
            raise Boom("the disk vanished")
        return real(*args, **kwargs)

    return failing


@pytest.mark.parametrize("where", ["after some rows were written", "while rebuilding search",
                                   "while recording the conflicts"])
def test_a_merge_failing_half_way_leaves_the_project_unchanged(
        team, people, monkeypatch: pytest.MonkeyPatch, where: str) -> None:  # type: ignore[no-untyped-def]
    a, b = _diverge(team, people)
    if where == "after some rows were written":
        monkeypatch.setattr(writer, "change_snapshot", _fail_after(3, writer.change_snapshot))
    elif where == "while rebuilding search":
        monkeypatch.setattr(merge_module.search, "rebuild", _fail_after(0, None))
    else:
        monkeypatch.setattr(merge_module, "record_findings", _fail_after(0, None))
    with opened(a, people["Ann"]) as ctx:
        before, file_before, theirs = dump(a), fingerprint(a), fingerprint(b)
        with pytest.raises(Boom):
            merge(ctx, b)
        assert dump(a) == before
        assert fingerprint(a) == file_before
        assert list_conflicts(ctx) == []
    assert fingerprint(b) == theirs
    monkeypatch.undo()
    with opened(a, people["Ann"]) as ctx:
        summary = merge(ctx, b)  # not "already merged": the failed attempt left no trace
    assert not summary.already_merged and len(summary.conflicts) == 1
    assert dump(a) != before
