"""The merge laws of tests/sharing/test_merge_properties.py, at length (`make soak` only)."""

from __future__ import annotations

import os

import pytest

# Read when the property module is imported: more histories, longer ones.
os.environ.setdefault("DOSSIER_MERGE_EXAMPLES", "200")
os.environ.setdefault("DOSSIER_MERGE_STEPS", "10")

from tests.sharing.test_merge_properties import (
    test_every_merge_order_converges_loses_nothing_and_lists_each_clash_once as _laws,
)

test_merge_laws_at_length = pytest.mark.timeout(0)(_laws)
