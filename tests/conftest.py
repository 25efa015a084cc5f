"""Shared fixtures: an isolated config home, projects built through the services, the corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()


@pytest.fixture(autouse=True)
def dossier_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own config/backup folder, never the user's real one."""
    home = tmp_path_factory.mktemp("dossier-home")
    monkeypatch.setenv("DOSSIER_HOME", str(home))
    return home


@pytest.fixture
def analyst():  # type: ignore[no-untyped-def]
    from desktop.core.identity import save_identity

    return save_identity("Ada Analyst", "AA")


@pytest.fixture
def ctx(tmp_path: Path, analyst):  # type: ignore[no-untyped-def]
    from desktop.core.context import new_project

    context = new_project(tmp_path / "project.dossier", "Test project", analyst=analyst)
    yield context
    context.close()


@pytest.fixture
def sample_path(tmp_path: Path, analyst) -> Path:  # type: ignore[no-untyped-def]
    from desktop.services.sample import write_sample

    path = tmp_path / "sample.dossier"
    write_sample(path, analyst)
    return path


@pytest.fixture
def sample_ctx(sample_path: Path, analyst) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from desktop.core.context import open_project

    context = open_project(sample_path, analyst=analyst)
    yield context
    context.close()


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared test corpus is not at {CORPUS}")
    return CORPUS
