"""Alembic migrations of the journal, run programmatically by :mod:`psoas.journal.db`."""
