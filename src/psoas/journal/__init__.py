"""The journal: what one person logs over time, and a per-person test of the chain.

Storage (SQLAlchemy 2 + packaged Alembic migrations), repository functions that own every
query, the ``verify`` analysis, export/import/backup, reminders with iCalendar output and the
progress chart. :class:`psoas.journal.service.Journal` is the one service object over a database;
the faces reach it through the application object (:class:`psoas.app.Psoas`). Nothing heavy is
imported here.
"""
