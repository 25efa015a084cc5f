"""The retired sync-state row of the old merge (schema 1), kept only as a name.

Merging used to record "versions seen" in one setting row with a fixed uid.
Row history (``db.models.history``) replaced it and migration 0002 deletes
the row. A file that still carries one was edited by hand; peer validation
(``peer_values``) bounds it and the merge never reads it.
"""

from __future__ import annotations

import uuid

SYNC_STATE_KEY = "sharing.sync_state"
SYNC_STATE_UID = str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:dossier:sharing:sync-state"))
