"""The build-time schema fingerprint matches the migrations, and opening does not run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from db import schema_fingerprint
from db.make_fingerprint import COMMAND
from db.rawfile import SCHEMA_REVISIONS
from db.schema_check import built_schema, migrations_digest

REPO = Path(__file__).resolve().parents[2]
STALE = (
    "db/schema_fingerprint.py is stale: a migration (or the search index definition) "
    f"changed since it was generated. Regenerate it with `{COMMAND}` (without make: "
    "`.venv/bin/python -m db.make_fingerprint`) and commit the file. After merging "
    "another branch's migration, regenerate it again rather than merging the file by hand."
)


def test_fingerprint_digest_matches_the_migrations() -> None:
    assert migrations_digest() == schema_fingerprint.MIGRATIONS_DIGEST, STALE


def test_fingerprint_equals_the_schema_the_migrations_build() -> None:
    for revision in set(SCHEMA_REVISIONS.values()):
        assert revision in schema_fingerprint.SCHEMAS, STALE
        assert frozenset(schema_fingerprint.SCHEMAS[revision]) == built_schema(revision), STALE
    assert set(schema_fingerprint.SCHEMAS) == set(SCHEMA_REVISIONS.values()), STALE


def test_validating_a_file_runs_no_migration(tmp_path: Path) -> None:
    """A fresh process validates a project without importing Alembic at all."""
    from db.engine import create_project_file

    project = tmp_path / "p.dossier"
    create_project_file(project, "P")
    code = (
        "import sys; from pathlib import Path; from db.validate import inspect_file; "
        f"inspect_file(Path({str(project)!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_a_stale_fingerprint_falls_back_to_the_migrations(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Never wrong, only slower: with a digest that does not match, the migrations decide."""
    from db import schema_check

    revision = SCHEMA_REVISIONS[max(SCHEMA_REVISIONS)]
    monkeypatch.setattr(schema_fingerprint, "MIGRATIONS_DIGEST", "0" * 64)
    monkeypatch.setattr(schema_fingerprint, "SCHEMAS", {revision: ()})
    schema_check.reference_schema.cache_clear()
    schema_check._fingerprint_is_current.cache_clear()
    try:
        assert schema_check.reference_schema(revision) == built_schema(revision)
    finally:
        schema_check.reference_schema.cache_clear()
        schema_check._fingerprint_is_current.cache_clear()
