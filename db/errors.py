"""Errors a user can cause by pointing Dossier at a file; each message is for the user."""

from __future__ import annotations


class ProjectFileError(Exception):
    """The file cannot be used as a Dossier project. ``str(err)`` is one plain sentence."""


class NotAProjectError(ProjectFileError):
    pass


class CorruptProjectError(ProjectFileError):
    pass


class UnsafeProjectError(ProjectFileError):
    """The schema contains something Dossier did not create (views, triggers, defaults...)."""


class NewerProjectError(ProjectFileError):
    """Made by a newer Dossier: it may be opened read-only, never written."""


class ProjectLockedError(ProjectFileError):
    pass


class ReadOnlyProjectError(ProjectFileError):
    """A write was attempted on a project opened read-only."""
