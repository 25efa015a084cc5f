"""Dialogs for creating annotations, editing sources, exporting, merging and preferences."""
