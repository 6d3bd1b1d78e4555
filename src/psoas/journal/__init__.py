"""The journal: what one person logs over time, and a per-person test of the chain.

Storage (SQLAlchemy 2 + packaged Alembic migrations), repository functions that own every
query, the ``verify`` analysis, export/import/backup, reminders with iCalendar output and the
progress chart. :class:`psoas.journal.service.Journal` is the one service object that the CLI, the
web app and the tests share. Nothing heavy is imported here.
"""
