"""Errors a user can meet while building a brief; each message is one plain sentence."""

from __future__ import annotations

from desktop.core.errors import ServiceError


class BriefError(ServiceError):
    """The brief could not be written."""


class BriefCancelled(BriefError):
    """The user stopped the build; nothing was written at the target path."""

    def __init__(self) -> None:
        super().__init__("The brief was cancelled; no file was written.")
