"""Errors users can cause through the services; messages are written for them."""

from __future__ import annotations


class ServiceError(Exception):
    """A user action could not be done. ``str(err)`` is one plain sentence."""


class NotFoundError(ServiceError):
    pass


class InvalidInputError(ServiceError):
    pass


class AmbiguousError(ServiceError):
    pass
