"""Open and create project files safely.

Pragmas, the writer lock, shared-folder journaling, migrations under a backup and
the WAL checkpoint on close live here; validation is ``db.validate``, the
schema revisions and raw connections are ``db.rawfile``, and the file's
identity and storage faults (disk full, read-only, replaced) ``db.file_faults``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool

from db import search
from db.backup import backup_project
from db.errors import (
    CorruptProjectError,
    NewerProjectError,
    ProjectFileError,
    ProjectLockedError,
    ReadOnlyProjectError,
)
from db.file_faults import (
    FileIdentity,
    ProjectReplacedError,
    file_identity,
    set_aside_sidecars,
    sidecar_identities,
    storage_error,
)
from db.fileinfo import (
    is_write_protected,
)
from db.lock import WriterLock
from db.rawfile import (  # some are re-exported: callers import them from db.engine
    MIGRATIONS_DIR,
    SCHEMA_REVISIONS,
    SCHEMA_VERSION,
    _alembic_config,
    _raw_connect,
    build_schema,
)
from db.validate import (  # some are re-exported
    SEARCH_CHECK_MAX_BYTES,
    FileReport,
    FileStamp,
    _busy_error,
    _detail,
    _is_busy,
    inspect_file,
)

_READING = "dossier_reading"  # execution option of a reading session's connection


class ProjectDb:
    """An open project file: engine, sessions, lock. Close it when done."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        journal_mode: str,
        lock: WriterLock | None,
        warnings: list[str],
        identity: FileIdentity | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.journal_mode = journal_mode
        self.warnings = warnings
        self._lock = lock
        # The file this object may write: the one validated at open (see db.file_faults).
        self.identity = identity or file_identity(path)
        self.replaced = False
        # Held open for the session: its link count tells a replaced file from a moved one.
        try:
            self._held: int | None = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            self._held = None
        held = os.fstat(self._held) if self._held is not None else None
        if held is None or (held.st_dev, held.st_ino) != self.identity:
            self._release_held()
            if lock is not None:
                lock.release()
            raise ProjectReplacedError()
        self.report: FileReport | None = None  # what validation found when it was opened
        mode = "ro" if read_only else "rw"
        self.engine: Engine = create_engine(
            "sqlite+pysqlite://",
            creator=lambda: self._configure(self._connect(mode)),
            poolclass=QueuePool,
            pool_size=4,
            max_overflow=4,
        )
        event.listen(self.engine, "begin", self._on_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _configure(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if self.read_only:
            conn.execute("PRAGMA query_only = ON")
        else:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute(f"PRAGMA journal_mode = {self.journal_mode}")
        return conn

    def check_identity(self) -> None:
        """Raise ProjectReplacedError (now and from then on) if the path names another file."""
        if not self.replaced and file_identity(self.path) != self.identity:
            self.replaced = True
        if self.replaced:
            raise ProjectReplacedError()

    def _connect(self, mode: str) -> sqlite3.Connection:
        # A new connection finds the -wal by name: never let it open another file's.
        self.check_identity()
        conn = _raw_connect(self.path, mode)
        try:
            self.check_identity()  # the file was not swapped while connecting
        except ProjectReplacedError:
            conn.close()
            raise
        return conn

    def _on_begin(self, conn: object) -> None:
        self.check_identity()  # before every transaction, reads included
        # pysqlite's own transaction handling is off; a transaction takes the write lock up
        # front. A reading session does not: a long read in a worker (a million rows for
        # the tables) must not hold every edit back for its whole length.
        reading = conn.get_execution_options().get(_READING, False)  # type: ignore[attr-defined]
        deferred = self.read_only or reading
        conn.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")  # type: ignore[attr-defined]

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        if self.read_only:
            raise ReadOnlyProjectError("This project is open read-only; changes cannot be saved.")
        self.check_identity()
        with _file_errors(self.path, self), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A consistent snapshot to read from (WAL: writers go on meanwhile)."""
        with _file_errors(self.path, self), self._sessions() as session, session.begin():
            session.connection(execution_options={_READING: True})
            yield session

    def raw_connection(self) -> sqlite3.Connection:
        """A new plain sqlite3 connection with the same settings (for backups and bulk reads)."""
        return self._configure(self._connect("ro" if self.read_only else "rw"))

    def _release_held(self) -> None:
        if self._held is not None:
            os.close(self._held)
            self._held = None

    def close(self) -> None:
        replaced = self.replaced or file_identity(self.path) != self.identity
        ours = sidecar_identities(self.path) if replaced else {}
        self.engine.dispose()
        if replaced and self.identity is not None:
            linked = self._held is not None and os.fstat(self._held).st_nlink > 0
            set_aside_sidecars(self.path, self.identity, linked, ours)
        self._release_held()
        # Never checkpoint into a file that is not the one opened: the -wal by this name
        # holds this project's pages, and folding them into another file mixes two projects.
        if (not replaced and not self.read_only and self.journal_mode.upper() == "WAL"
                and file_identity(self.path) == self.identity):
            # Outside any transaction (the engine's connections always begin one, and a
            # checkpoint inside a transaction is refused), so the -wal is folded back.
            try:
                conn = _raw_connect(self.path, "rw", timeout=1.0)
                try:
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    conn.close()
            except sqlite3.Error:  # closing must not fail the user; the WAL stays valid
                pass
        if self._lock is not None:
            self._lock.release()
            self._lock = None


@contextmanager
def _file_errors(path: Path, db: ProjectDb | None = None) -> Iterator[None]:
    """Turn SQLite's complaints about the file itself into errors a user can act on.

    Disk full, read-only media, a vanished folder, a replaced file, damage: one
    sentence each (``db.file_faults``). Anything else (a bug, a constraint a
    service broke) passes through unchanged.
    """
    try:
        yield
    except (sqlite3.DatabaseError, DBAPIError) as err:
        cause = getattr(err, "orig", None) or err
        if isinstance(cause, sqlite3.OperationalError) and _is_busy(cause):
            raise _busy_error(path.name) from err
        if not isinstance(cause, sqlite3.DatabaseError):
            raise
        found = storage_error(path, cause, db.identity if db is not None else None)
        if found is None:
            raise
        if db is not None and isinstance(found, ProjectReplacedError):
            db.replaced = True
        raise found from err


def create_project_file(path: Path, name: str, analyst: tuple[str, str, str] | None = None) -> None:
    """Create a new, empty project at ``path`` (refusing to overwrite anything)."""
    from db.ids import new_uid, utc_now

    path = Path(path)
    if path.exists():
        raise ProjectFileError(f"{path.name} already exists; choose another name.")
    if not path.parent.is_dir():
        raise ProjectFileError(f"The folder {path.parent} does not exist.")
    tmp = path.with_name(path.name + ".creating")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp, isolation_level=None)
    try:
        build_schema(conn, SCHEMA_REVISIONS[SCHEMA_VERSION])
        now = utc_now()
        who = analyst[0] if analyst else ""
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO project (uid, name, description, default_marking, schema_version, "
            "created_by, updated_by, created_at, updated_at, revision) "
            "VALUES (?, ?, '', 'TLP:AMBER', ?, ?, ?, ?, ?, 1)",
            (new_uid(), name, SCHEMA_VERSION, who, who, now, now),
        )
        if analyst:
            conn.execute(
                "INSERT INTO analyst (uid, display_name, initials, created_by, updated_by, "
                "created_at, updated_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                (analyst[0], analyst[1], analyst[2], who, who, now, now),
            )
        from db.versioning import stamp_roots

        stamp_roots(conn, ["project", "analyst"], {})
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()
    tmp.rename(path)


def open_project_file(
    path: Path,
    *,
    read_only: bool = False,
    holder: str = "",
    backup_dir: Path | None = None,
    known: FileStamp | None = None,
) -> ProjectDb:
    """Validate and open ``path``. Raises ProjectFileError with a user-facing message.

    ``known``: the file's stamp when this installation last validated or closed it
    (structural checks only if it is unchanged since; see ``db.validate``).
    """
    path = Path(path)
    if not read_only:
        _finish_interrupted_save(path)
    identity = file_identity(path)  # the file validated below is the only one ever written
    report = inspect_file(path, known=known)
    warnings: list[str] = []
    if report.newer:
        if not read_only and report.user_version > SCHEMA_VERSION:
            warnings.append(
                "This project was saved by a newer version of Dossier; it is open read-only."
            )
        read_only = True
        _check_newer_readable(path)
    if report.write_protected and not read_only:
        warnings.append("The file is write-protected; it is open read-only.")
        read_only = True
    journal = "WAL"
    if report.shared_reason:
        journal = "DELETE"
        warnings.append(
            f"This project is in a shared place ({report.shared_reason}); two people must "
            "not edit the same file at once. Share copies and merge them instead."
        )
    lock: WriterLock | None = None
    if not read_only:
        lock = WriterLock(path, holder)
        try:
            lock.acquire()
        except PermissionError:
            # A folder we may read but not write (a shared drive, a CD): read, never write.
            warnings.append("The project's folder is read-only; the project is open read-only.")
            db = ProjectDb(path, read_only=True, journal_mode=journal, lock=None,
                           warnings=warnings, identity=identity)
            db.report = report
            return db
        try:
            _probe_writable(path)
            if report.user_version < SCHEMA_VERSION:
                _migrate(path, report.user_version, backup_dir)
                inspect_file(path)
            if path.stat().st_size <= SEARCH_CHECK_MAX_BYTES:
                repair_search_index(path)
        except BaseException:
            lock.release()
            raise
    db = ProjectDb(path, read_only=read_only, journal_mode=journal, lock=lock, warnings=warnings,
                   identity=identity)
    db.report = report
    return db


def _finish_interrupted_save(path: Path) -> None:
    """Let SQLite roll back what a crash left half-written in rollback-journal mode.

    Only a read-write connection can do it, so a read-only check would otherwise
    call a perfectly recoverable file damaged. Copying the journal's old pages
    back executes nothing from the file.
    """
    journal = path.with_name(path.name + "-journal")
    if not path.is_file() or not journal.is_file() or journal.stat().st_size == 0:
        return
    if is_write_protected(path):
        return
    try:
        conn = _raw_connect(path, "rw", timeout=2.0)
    except sqlite3.Error:
        return  # inspect_file explains what is wrong
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if _is_busy(err):
            raise _busy_error(path.name) from None
    except sqlite3.DatabaseError:
        pass  # inspect_file explains what is wrong
    finally:
        conn.close()


def repair_search_index(path: Path, *, force: bool = False) -> bool:
    """Rebuild the full-text index from the project's own rows if it is damaged (or ``force``).

    The index is derived data, so a damaged one must not make a sound project
    look lost: it is dropped and rebuilt locally. Returns True if it rebuilt.
    """
    fts = search.FTS_TABLE
    conn = _raw_connect(path, "rw", timeout=2.0)
    try:
        if not force:
            try:
                conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
                return False
            except sqlite3.OperationalError as err:
                if _is_busy(err):
                    raise _busy_error(path.name) from None
            except sqlite3.DatabaseError:
                pass
        engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
        try:
            with engine.connect() as sa_conn:
                sa_conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    sa_conn.exec_driver_sql(f"DROP TABLE {fts}")
                    search.create_index(sa_conn)
                    search.rebuild(sa_conn)
                    sa_conn.exec_driver_sql("COMMIT")
                except BaseException:
                    sa_conn.exec_driver_sql("ROLLBACK")
                    raise
        except (sqlite3.DatabaseError, DBAPIError) as err:
            raise CorruptProjectError(
                f"{path.name} is damaged: its search index cannot be rebuilt "
                f"({_detail(getattr(err, 'orig', err))})."
            ) from None
        finally:
            engine.dispose()
        return True
    finally:
        conn.close()


def _probe_writable(path: Path) -> None:
    """Fail now, clearly, if another program holds the database's write lock.

    Our own lock only keeps Dossier out; a database tool with an open write
    transaction would otherwise make the first save wait and then fail.
    """
    try:
        conn = _raw_connect(path, "rw", timeout=2.0)
    except sqlite3.Error as err:
        raise CorruptProjectError(
            f"{path.name} cannot be opened for writing: {_detail(err)}."
        ) from None
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as err:
        if _is_busy(err):
            raise _busy_error(path.name) from None
        raise CorruptProjectError(f"{path.name} cannot be written ({_detail(err)}).") from None
    finally:
        conn.close()


def _check_newer_readable(path: Path) -> None:
    """A newer file opens read-only only if it still has every table and column we read."""
    from db.models import Base

    update = NewerProjectError(
        f"{path.name} was saved by a newer version of Dossier; update Dossier to open it."
    )
    try:
        conn = _raw_connect(path, "ro", timeout=2.0)
    except sqlite3.Error as err:
        raise CorruptProjectError(f"{path.name} cannot be opened: {_detail(err)}.") from None
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise CorruptProjectError(f"{path.name} is damaged: the integrity check failed.")
        kinds = {r[0] for r in conn.execute("SELECT type FROM sqlite_master")}
        if "view" in kinds or "trigger" in kinds:
            raise update
        for table in Base.metadata.sorted_tables:
            found = {
                r[0] for r in conn.execute(
                    "SELECT name FROM pragma_table_info(?)", (table.name,)
                )
            }
            if not {c.name for c in table.columns} <= found:
                raise update
        projects = conn.execute("SELECT count(*) FROM project WHERE deleted_at IS NULL")
        if projects.fetchone()[0] != 1:
            raise CorruptProjectError(f"{path.name} does not contain exactly one project record.")
    except sqlite3.OperationalError as err:
        if _is_busy(err):
            raise _busy_error(path.name) from None
        raise CorruptProjectError(f"{path.name} is damaged ({_detail(err)}).") from None
    except sqlite3.DatabaseError as err:
        raise CorruptProjectError(f"{path.name} is damaged ({_detail(err)}).") from None
    finally:
        conn.close()


def _migrate(path: Path, from_version: int, backup_dir: Path | None) -> None:
    """Upgrade an older file in one transaction, after a backup; on failure nothing changes."""
    backup_project(path, f"before-upgrade-v{from_version}", backup_dir)
    conn = _raw_connect(path, "rw")
    engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
    try:
        with engine.connect() as sa_conn:
            sa_conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                from alembic import command

                command.upgrade(_alembic_config(sa_conn), SCHEMA_REVISIONS[SCHEMA_VERSION])
                search.rebuild(sa_conn)
                sa_conn.exec_driver_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
                sa_conn.exec_driver_sql("COMMIT")
            except BaseException:
                sa_conn.exec_driver_sql("ROLLBACK")
                raise
    finally:
        engine.dispose()
        conn.close()




__all__ = [
    "MIGRATIONS_DIR",
    "SCHEMA_REVISIONS",
    "SCHEMA_VERSION",
    "FileReport",
    "FileStamp",
    "ProjectDb",
    "ProjectLockedError",
    "build_schema",
    "create_project_file",
    "inspect_file",
    "open_project_file",
    "repair_search_index",
]
