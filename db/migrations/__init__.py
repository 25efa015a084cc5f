"""Alembic migrations for the project file (run in-process by ``db.engine``)."""
