"""Every file in the bad-file corpus is refused with one clear sentence, or opens as it should,
and a refused file is never written to."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.identity import AnalystIdentity
from tests.db.badfile_check import verify_case
from tests.db.badfiles import CASE_NAMES, Outcome, bad_file_cases, make_case


def test_the_corpus_has_at_least_thirty_cases_of_every_kind(tmp_path: Path) -> None:
    assert len(CASE_NAMES) >= 30
    cases = bad_file_cases(tmp_path)
    assert [c.name for c in cases] == list(CASE_NAMES)
    assert {c.expect.outcome for c in cases} == set(Outcome)
    assert len({c.path for c in cases}) == len(cases)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_bad_file_gets_its_expected_outcome_and_refusals_write_nothing(
    name: str, tmp_path: Path, analyst: AnalystIdentity
) -> None:
    verify_case(make_case(name, tmp_path), analyst)
