"""Several services as one user action: one transaction, one Changes, one undo step.

``in_one_step(ctx, label, first, then)`` runs each call inside one outer transaction
(a service's own ``ctx.transaction()`` joins it), so if a later call fails nothing
of the earlier ones is kept — the database rolls it back, no manual revert. The
result is usable from the GUI (one undo step) and the command line alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from desktop.core.changes import Changes
from desktop.core.context import ProjectContext


def in_one_step(ctx: ProjectContext, label: str, *actions: Callable[[], Changes]) -> Changes:
    total = Changes()
    with ctx.transaction():
        for action in actions:
            total = total + action()
    return replace(total, label=label)
