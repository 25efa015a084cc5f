"""Team sharing (Qt-free): verified copies for colleagues, and a lossless merge of their copies.

``share_copy.save_copy`` writes a copy to send; ``merge.preview_merge`` and
``merge.merge`` fold a colleague's copy into the open project; ``conflicts``
lists and reverses the versions a merge set aside.
"""

from sqlalchemy.orm import Session

from desktop.core.context import ProjectContext, register_close_hook
from desktop.sharing.syncstate import record_sync_point


def _record_sync_point_on_close(session: Session, ctx: ProjectContext) -> None:
    # A file sent without "Save a copy" must still merge back cleanly.
    record_sync_point(session, ctx.analyst.uid, ctx.path.name)


# Importing any sharing module (the CLI and the GUI do at start) arms the hook.
register_close_hook(_record_sync_point_on_close)
