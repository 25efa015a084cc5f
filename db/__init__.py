"""Dossier's storage layer: the project file, its models, queries and migrations.

Nothing here imports Qt or the ``desktop`` package; the same code serves the
GUI, the command line and the tests.
"""
