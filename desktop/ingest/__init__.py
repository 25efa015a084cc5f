"""Importers (Qt-free): one module per format, one registry, one document type out."""
