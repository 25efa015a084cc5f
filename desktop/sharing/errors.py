"""Errors a user can cause while sharing; each message is one plain sentence."""

from __future__ import annotations

from desktop.core.errors import ServiceError


class SharingError(ServiceError):
    """A copy or merge could not be done for a reason the user can act on."""
