"""Random byte damage to a valid project: every mutant opens soundly or is refused clearly."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.reliability.fuzzing import fuzz

MUTANTS = 60


@pytest.mark.timeout(180)  # a hang in any open fails the test instead of stalling the suite
def test_every_mutant_opens_soundly_or_is_refused_with_one_sentence(tmp_path: Path) -> None:
    seed = int(os.environ.get("DOSSIER_FUZZ_SEED") or random.randrange(1 << 30))
    report = fuzz(tmp_path, MUTANTS, seed)
    assert report.failures == [], f"seed {seed}: " + "\n".join(report.failures)
    assert report.mutants == MUTANTS
    assert report.refused > 0 and report.opened > 0, "the mutants did not exercise both paths"
