"""The PySide6 application: windows, panes, table models, delegates, dialogs and actions.

Widgets call services through :mod:`desktop.ui.controller`; no SQL lives here.
"""
