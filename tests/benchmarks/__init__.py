"""Performance benchmarks (``make bench`` / ``python -m tests.benchmarks``), outside ``make test``."""
