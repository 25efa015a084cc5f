"""Every file in the bad-file corpus is refused with one clear sentence, or opens as it should,
and a refused file is never written to."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.engine import inspect_file, open_project_file
from db.errors import ProjectFileError, ProjectLockedError, ReadOnlyProjectError
from db.models import TRACKED_MODELS, Entity
from desktop.services import entities
from desktop.services.context import open_project
from tests.db.badfiles import (
    CASE_NAMES,
    BadFile,
    Outcome,
    bad_file_cases,
    fingerprint,
    held,
    make_case,
)


def _names_of_live_entities(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.reading() as session:
        for model in TRACKED_MODELS:  # every row of every table must load through the ORM
            session.execute(select(model)).scalars().all()
        return set(session.execute(
            select(Entity.name).where(Entity.deleted_at.is_(None))).scalars())


def _assert_one_sentence(message: str, says: str) -> None:
    assert "\n" not in message and message.strip() == message and message.endswith(".")
    assert says in message.lower()


def _refused(case: BadFile) -> None:
    for read_only in (False, True):
        with pytest.raises(case.expect.error or ProjectFileError) as err:
            open_project_file(case.path, read_only=read_only, holder="Tester")
        _assert_one_sentence(str(err.value), case.expect.says)
    assert not Path(str(case.path) + ".lock").exists()


def _opens_read_only(case: BadFile) -> None:
    db = open_project_file(case.path, holder="Tester")
    try:
        assert db.read_only
        assert any(case.expect.says in w.lower() for w in db.warnings), db.warnings
        assert case.expect.must_contain in _names_of_live_entities(db)
        with pytest.raises(ReadOnlyProjectError), db.transaction():
            pass
    finally:
        db.close()


def _opens_for_editing(case: BadFile, analyst) -> None:  # type: ignore[no-untyped-def]
    with open_project(case.path, analyst=analyst) as ctx:
        assert not ctx.read_only and ctx.db.warnings == []
        assert case.expect.must_contain in _names_of_live_entities(ctx.db)
        entities.create_entity(ctx, "Added after opening", "OTHER")
    db = open_project_file(case.path, read_only=True)  # and it is still a sound project
    try:
        assert "Added after opening" in _names_of_live_entities(db)
    finally:
        db.close()


def _locked(case: BadFile) -> None:
    with pytest.raises(ProjectLockedError) as err:
        open_project_file(case.path, holder="Tester")
    _assert_one_sentence(str(err.value), case.expect.says)


def test_the_corpus_has_at_least_thirty_cases_of_every_kind(tmp_path: Path) -> None:
    assert len(CASE_NAMES) >= 30
    cases = bad_file_cases(tmp_path)
    assert [c.name for c in cases] == list(CASE_NAMES)
    assert {c.expect.outcome for c in cases} == set(Outcome)
    assert len({c.path for c in cases}) == len(cases)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_file_gets_its_expected_outcome_and_refusals_write_nothing(
    name: str, tmp_path: Path, analyst  # type: ignore[no-untyped-def]
) -> None:
    case = make_case(name, tmp_path)
    before = fingerprint(case.path)
    with held(case):
        try:
            report = inspect_file(case.path)
        except ProjectFileError as err:
            assert not case.expect.check_ok, f"check refused a file it should accept: {err}"
            _assert_one_sentence(str(err), case.expect.says)
        else:
            assert case.expect.check_ok == (not report.newer)
        assert fingerprint(case.path) == before, "checking changed the file"

        outcome = case.expect.outcome
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
