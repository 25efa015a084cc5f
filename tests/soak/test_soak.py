"""Long reliability runs: 1,000 crash rounds, 500 byte-flip mutants, every hostile file."""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import pytest

from desktop.core.identity import AnalystIdentity
from tests.db.badfile_check import verify_case
from tests.db.badfiles import CASE_NAMES, make_case
from tests.reliability.crashloop import crash_rounds
from tests.reliability.fuzzing import fuzz, try_hostile_variants

CRASH_ROUNDS = int(os.environ.get("DOSSIER_SOAK_ROUNDS", "1000"))
MUTANTS = int(os.environ.get("DOSSIER_SOAK_MUTANTS", "500"))


def _seed(name: str) -> int:
    seed = int(os.environ.get(name) or random.randrange(1 << 30))
    print(f"{name}={seed}")
    return seed


@pytest.mark.timeout(3600)
def test_soak_killed_writer_never_loses_a_reported_save(tmp_path: Path,
                                                        tally: Counter[str]) -> None:
    seed = _seed("DOSSIER_CRASH_SEED")
    report = crash_rounds(tmp_path, CRASH_ROUNDS, seed, max_delay=0.4)
    tally["rounds"] += report.rounds
    tally["lost"] += report.lost + report.unexplained
    print(f"crash: {report.rounds} rounds, {report.actions} actions logged as done, "
          f"{report.copies} share copies checked, lost {report.lost}, "
          f"unexplained {report.unexplained}")
    assert report.problems == [], f"seed {seed}: " + "\n".join(report.problems[:20])


@pytest.mark.timeout(1800)
def test_soak_mutants_open_soundly_or_are_refused(tmp_path: Path, tally: Counter[str]) -> None:
    seed = _seed("DOSSIER_FUZZ_SEED")
    report = fuzz(tmp_path, MUTANTS, seed)
    tally["mutants"] += report.mutants
    print(f"fuzz: {report.mutants} mutants, {report.opened} opened, {report.refused} refused")
    assert report.failures == [], f"seed {seed}: " + "\n".join(report.failures[:20])


@pytest.mark.timeout(1800)
def test_soak_every_hostile_file_is_refused_or_opens_soundly(
    tmp_path: Path, tally: Counter[str], analyst: AnalystIdentity
) -> None:
    for name in CASE_NAMES:
        verify_case(make_case(name, tmp_path / "corpus"), analyst)
        tally["hostile"] += 1
    (tmp_path / "variants").mkdir()
    report = try_hostile_variants(tmp_path / "variants", _seed("DOSSIER_HOSTILE_SEED"))
    tally["hostile"] += report.mutants
    print(f"hostile: {len(CASE_NAMES)} corpus cases, {report.mutants} structured variants "
          f"({report.opened} opened, {report.refused} refused)")
    assert report.failures == [], "\n".join(report.failures[:20])
