"""Importers (Qt-free): one module per format, one registry, one document type out;
complex formats are read in a guarded helper process (see guard.py)."""
