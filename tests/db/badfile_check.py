"""The rule every bad-file case is held to, shared by the normal suite and the soak run."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db import search
from db.engine import ProjectDb, inspect_file, open_project_file
from db.errors import ProjectFileError, ProjectLockedError, ReadOnlyProjectError
from db.models import TRACKED_MODELS, Entity
from desktop.core.context import open_project
from desktop.core.identity import AnalystIdentity
from desktop.services import entities, implications
from tests.db.badfiles import BadFile, Outcome, fingerprint, held


def names_of_live_entities(db: ProjectDb) -> set[str]:
    with db.reading() as session:
        for model in TRACKED_MODELS:  # every row of every table must load through the ORM
            session.execute(select(model)).scalars().all()
        return set(session.execute(
            select(Entity.name).where(Entity.deleted_at.is_(None))).scalars())


def assert_one_sentence(message: str, says: str) -> None:
    assert "\n" not in message and message.strip() == message and message.endswith("."), message
    assert says in message.lower(), (says, message)


def _refused(case: BadFile) -> None:
    for read_only in (False, True):
        with pytest.raises(case.expect.error or ProjectFileError) as err:
            open_project_file(case.path, read_only=read_only, holder="Tester")
        assert_one_sentence(str(err.value), case.expect.says)
    assert not Path(str(case.path) + ".lock").exists()


def _opens_read_only(case: BadFile) -> None:
    db = open_project_file(case.path, holder="Tester")
    try:
        assert db.read_only
        assert any(case.expect.says in w.lower() for w in db.warnings), db.warnings
        assert case.expect.must_contain in names_of_live_entities(db)
        with pytest.raises(ReadOnlyProjectError), db.transaction():
            pass
    finally:
        db.close()


def _opens_for_editing(case: BadFile, analyst: AnalystIdentity) -> None:
    with open_project(case.path, analyst=analyst) as ctx:
        assert not ctx.read_only and ctx.db.warnings == []
        assert case.expect.must_contain in names_of_live_entities(ctx.db)
        entities.create_entity(ctx, "Added after opening", "OTHER")
        implications.create_implication(ctx, implications.ImplicationDraft("Searchable note"))
        with ctx.reading() as session:  # the search index works too (rebuilt if it was not)
            assert [h.kind for h in search.search(session, "searchable")] == ["implication"]
    db = open_project_file(case.path, read_only=True)  # and it is still a sound project
    try:
        assert "Added after opening" in names_of_live_entities(db)
    finally:
        db.close()


def _locked(case: BadFile) -> None:
    with pytest.raises(ProjectLockedError) as err:
        open_project_file(case.path, holder="Tester")
    assert_one_sentence(str(err.value), case.expect.says)


def verify_case(case: BadFile, analyst: AnalystIdentity) -> None:
    """Check, then open, ``case`` and hold it to its expectation; refusals write nothing."""
    before = fingerprint(case.path)
    outcome = case.expect.outcome
    with held(case):
        try:
            report = inspect_file(case.path)
        except ProjectFileError as err:
            assert not case.expect.check_ok, f"check refused a file it should accept: {err}"
            assert_one_sentence(str(err), case.expect.says.split()[0])
        else:
            assert case.expect.check_ok == (not report.newer), "check accepted a bad file"
        assert fingerprint(case.path) == before, "checking changed the file"
        if outcome is Outcome.REJECTED:
            _refused(case)
        elif outcome is Outcome.READ_ONLY:
            _opens_read_only(case)
        elif outcome is Outcome.LOCKED:
            _locked(case)
        if outcome is not Outcome.OPENS:
            assert fingerprint(case.path) == before, "a refused or read-only open wrote the file"
    if outcome is Outcome.OPENS:
        _opens_for_editing(case, analyst)
    if outcome is Outcome.LOCKED:  # once the other program lets go, the project opens
        open_project_file(case.path, holder="Tester").close()
