"""Bad-file cases about what is inside a valid SQLite file: foreign schema objects, edited
definitions, hostile names, and stored values the models cannot use."""

from __future__ import annotations

from pathlib import Path

from db.errors import CorruptProjectError, UnsafeProjectError
from tests.db.badfile_support import (
    MARKER_ENTITY,
    Expectation,
    Outcome,
    case,
    edit,
    recreate_tag_table,
    rejected,
    write_base,
)


@case("missing-table", rejected(UnsafeProjectError, "missing"))
def _missing_table(folder: Path) -> Path:
    path = write_base(folder / "missing-table.dossier")
    edit(path, "DROP TABLE note")
    return path


@case("extra-table", rejected(UnsafeProjectError, "did not create"))
def _extra_table(folder: Path) -> Path:
    path = write_base(folder / "extra-table.dossier")
    edit(path, "CREATE TABLE exfiltrate (payload TEXT)")
    return path


@case("extra-index", rejected(UnsafeProjectError, "did not create"))
def _extra_index(folder: Path) -> Path:
    path = write_base(folder / "extra-index.dossier")
    edit(path, "CREATE INDEX ix_sneaky ON entity (description)")
    return path


@case("view-in-place-of-a-table", rejected(UnsafeProjectError, "view"))
def _view(folder: Path) -> Path:
    path = write_base(folder / "view.dossier")
    edit(path, "DROP TABLE tagging",
          "CREATE VIEW tagging AS SELECT id, uid, created_by, updated_by, created_at, "
          "updated_at, revision, deleted_at, id AS tag_id, 'x' AS target_kind, "
          "uid AS target_uid FROM entity")
    return path


@case("view-that-would-run-expensive-code", rejected(UnsafeProjectError, "view"))
def _costly_view(folder: Path) -> Path:
    path = write_base(folder / "costly-view.dossier")
    edit(path, "CREATE VIEW entity_summary AS SELECT zeroblob(1000000000) AS x, "
                "randomblob(1000000000) AS y FROM entity")
    return path


@case("foreign-trigger", rejected(UnsafeProjectError, "trigger"))
def _trigger(folder: Path) -> Path:
    path = write_base(folder / "trigger.dossier")
    edit(path, "CREATE TRIGGER wipe AFTER UPDATE ON claim BEGIN DELETE FROM entity; END")
    return path


@case("trigger-that-would-run-on-open", rejected(UnsafeProjectError, "trigger"))
def _open_trigger(folder: Path) -> Path:
    # Opening records the analyst, so an insert trigger on `analyst` would fire at once.
    path = write_base(folder / "open-trigger.dossier")
    edit(path, "CREATE TRIGGER on_open BEFORE INSERT ON analyst "
                "BEGIN DELETE FROM claim; UPDATE entity SET name = 'pwned'; END")
    return path


@case("foreign-default-expression", rejected(UnsafeProjectError, "differs"))
def _default(folder: Path) -> Path:
    path = write_base(folder / "default.dossier")
    recreate_tag_table(path, "DEFAULT (hex(randomblob(8)))")
    return path


@case("foreign-check-expression", rejected(UnsafeProjectError, "differs"))
def _check(folder: Path) -> Path:
    path = write_base(folder / "check.dossier")
    recreate_tag_table(path, "CHECK (length(colour) < 3)")
    return path


@case("schema-text-edited-in-place", rejected(UnsafeProjectError, "differs"))
def _writable_schema(folder: Path) -> Path:
    path = write_base(folder / "edited-schema.dossier")
    edit(path, "PRAGMA writable_schema = ON",
          "UPDATE sqlite_master SET sql = replace(sql, 'VARCHAR(200)', 'VARCHAR(201)') "
          "WHERE name = 'tag'",
          "PRAGMA writable_schema = OFF")
    return path


@case("injection-shaped-names", rejected(UnsafeProjectError, "did not create"))
def _injection(folder: Path) -> Path:
    path = write_base(folder / "injection.dossier")
    edit(path,
          'CREATE TABLE "x""; DROP TABLE project; --" ("a''; DELETE FROM entity; --" TEXT, '
          '"b"")); DROP TABLE claim; --" TEXT)',
          'CREATE INDEX "i]; DROP TABLE source; --" ON "x""; DROP TABLE project; --" '
          '("a''; DELETE FROM entity; --")')
    return path


@case("foreign-project-with-our-application-id", rejected(UnsafeProjectError, "did not create"))
def _foreign_project(folder: Path) -> Path:
    path = folder / "foreign.dossier"
    edit(path, "CREATE TABLE project (id INTEGER PRIMARY KEY, title TEXT)",
          "CREATE TABLE items (id INTEGER PRIMARY KEY, body TEXT)",
          "INSERT INTO project (title) VALUES ('Not ours')",
          "PRAGMA application_id = 1146049363", "PRAGMA user_version = 1")
    return path


@case("wrong-alembic-version", rejected(CorruptProjectError, "schema revision"))
def _alembic(folder: Path) -> Path:
    path = write_base(folder / "alembic.dossier")
    edit(path, "UPDATE alembic_version SET version_num = 'ffff'")
    return path


@case("two-project-rows", rejected(CorruptProjectError, "exactly one project"))
def _two_projects(folder: Path) -> Path:
    path = write_base(folder / "two-projects.dossier")
    edit(path, "INSERT INTO project (name, description, default_marking, schema_version, uid, "
                "created_by, updated_by, created_at, updated_at, revision) SELECT name || ' 2', "
                "description, default_marking, schema_version, uid || '-2', created_by, "
                "updated_by, created_at, updated_at, 1 FROM project")
    return path


@case("non-utf8-text", rejected(CorruptProjectError, "utf-8"))
def _non_utf8(folder: Path) -> Path:
    path = write_base(folder / "latin1.dossier")
    edit(path, "UPDATE entity SET description = CAST(X'4D6FC3C328FF20E9' AS TEXT)")
    return path


@case("unknown-vocabulary-value", rejected(CorruptProjectError, "entity.type"))
def _enum(folder: Path) -> Path:
    path = write_base(folder / "enum.dossier")
    edit(path, "UPDATE entity SET type = 'ALIEN'")
    return path


@case("text-in-an-integer-column", rejected(CorruptProjectError, "claim.revision"))
def _wrong_type(folder: Path) -> Path:
    path = write_base(folder / "wrong-type.dossier")
    edit(path, "UPDATE claim SET revision = 'many'")
    return path


@case("deeply-nested-json", rejected(CorruptProjectError, "entity.external_ids"))
def _deep_json(folder: Path) -> Path:
    path = write_base(folder / "deep-json.dossier")
    edit(path, "UPDATE entity SET external_ids = ?", params=("[" * 900 + "]" * 900,))
    return path


@case("dangling-reference", rejected(CorruptProjectError, "does not exist"))
def _dangling(folder: Path) -> Path:
    path = write_base(folder / "dangling.dossier")
    edit(path, "UPDATE claim SET claimant_id = 424242")
    return path


@case("search-index-out-of-step", Expectation(Outcome.OPENS, "", must_contain=MARKER_ENTITY))
def _search_index(folder: Path) -> Path:
    # Derived data someone else's tool (or damage) left inconsistent: rebuilt locally on open.
    path = write_base(folder / "search-index.dossier")
    edit(path, "DELETE FROM search_index_content")
    return path
