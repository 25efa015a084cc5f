"""Dossier's application package: services, importers, brief, sharing, assist, CLI and UI.

Everything except ``desktop.ui`` is Qt-free.
"""

__version__ = "0.1.0"
