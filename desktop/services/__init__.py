"""Use-cases (Qt-free): each user action is one function over one transaction.

Every mutating service returns a :class:`~desktop.core.changes.Changes`
value describing the rows it touched, before and after; the UI fans it out to
the views and builds undo from it.
"""
