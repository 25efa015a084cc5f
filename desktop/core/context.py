"""An open project plus the analyst working on it: what every service receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import ProjectDb, create_project_file, open_project_file
from db.models import Analyst, Project
from db.validate import FileStamp
from desktop.core.identity import AnalystIdentity, current_identity

# Work a layer above wants done inside the last transaction before a writable project
# closes (sharing records the versions the file holds, so a copy sent as-is merges back
# cleanly). Registered by that layer when it is imported; the core never imports it.
CloseHook = Callable[[Session, "ProjectContext"], None]
_close_hooks: list[CloseHook] = []


def register_close_hook(hook: CloseHook) -> None:
    """Run ``hook(session, ctx)`` in one transaction when a writable project closes."""
    if hook not in _close_hooks:
        _close_hooks.append(hook)


@dataclass
class ProjectContext:
    db: ProjectDb
    analyst: AnalystIdentity

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.db.transaction() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.db.reading() as session:
            yield session

    def project(self) -> Project:
        with self.reading() as session:
            return session.execute(
                select(Project).where(Project.deleted_at.is_(None))
            ).scalar_one()

    def close(self) -> None:
        if not self.read_only and _close_hooks:
            self._run_close_hooks()
        self.db.close()
        self._remember_clean_close()

    def _remember_clean_close(self) -> None:
        """Record the file as this installation leaves it, so the next open is fast.

        Only a writable session, the file's one writer (our lock), which has just
        folded its WAL back. A read-only session changes nothing, so a record the
        file had stays valid, and a file it did not know stays unknown.
        """
        from desktop.core import known_files

        report = self.db.report
        if self.read_only or report is None or report.newer:
            return
        known_files.remember_closed(self.path)

    def _run_close_hooks(self) -> None:
        try:
            with self.transaction() as session:
                for hook in _close_hooks:
                    hook(session, self)
        except Exception:  # noqa: BLE001 - closing must never fail or lose the project
            pass

    def __enter__(self) -> ProjectContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _ensure_analyst(ctx: ProjectContext) -> None:
    """Claim this file's replica id (a fresh one for a copy) and record who works on it."""
    if ctx.read_only:
        return
    from desktop.core.recorder import Recorder
    from desktop.core.versions import claim_replica

    me = ctx.analyst
    with ctx.transaction() as session:
        claim_replica(session, ctx.path, me.uid)
        rec = Recorder(session, me.uid)
        row = session.execute(select(Analyst).where(Analyst.uid == me.uid)).scalar_one_or_none()
        if row is None:
            rec.add(Analyst(uid=me.uid, display_name=me.display_name, initials=me.initials))
        elif (row.display_name, row.initials) != (me.display_name, me.initials):
            rec.update(row, display_name=me.display_name, initials=me.initials)


def open_project(
    path: Path | str,
    *,
    read_only: bool = False,
    analyst: AnalystIdentity | None = None,
    backup_dir: Path | None = None,
    validated: FileStamp | None = None,
) -> ProjectContext:
    """Open a project. A file this installation closed cleanly, or that was just
    validated in full as ``validated`` (a background check), and that is unchanged
    since, gets the structural checks only; any other file every check."""
    from desktop.core.known_files import known_stamp

    me = analyst or current_identity()
    target = Path(path)
    db = open_project_file(target, read_only=read_only, holder=me.display_name,
                           backup_dir=backup_dir, known=validated or known_stamp(target))
    ctx = ProjectContext(db, me)
    try:
        _ensure_analyst(ctx)
    except BaseException:
        db.close()
        raise
    return ctx


def new_project(
    path: Path | str, name: str = "", *, analyst: AnalystIdentity | None = None
) -> ProjectContext:
    me = analyst or current_identity()
    target = Path(path)
    create_project_file(target, name or target.stem, (me.uid, me.display_name, me.initials))
    return open_project(target, analyst=me)
