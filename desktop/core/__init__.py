"""The shared core below every use-case (Qt-free): what each service, brief and sharing receive.

``context`` (an open project plus the analyst), ``changes`` (the value every
mutation returns), ``recorder`` (writes rows and records their changes),
``errors`` (failures a user can cause) and ``identity`` (who the analyst is).
Nothing here imports services, brief, sharing, exports or the UI.
"""
