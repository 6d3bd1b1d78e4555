"""Engines, connection settings and schema migrations of the journal database.

The default database is a SQLite file in the user data folder (platformdirs), opened with WAL
journaling, ``synchronous=NORMAL`` (a committed entry survives a killed process) and foreign keys
on. Any SQLAlchemy URL may be given instead; PostgreSQL goes through psycopg 3
(``postgresql+psycopg://…``). Migrations ship inside the package and run programmatically:
there is no alembic.ini to find.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from psoas.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004_accounts")
"""Every migration, oldest first; a test checks this against the migration scripts."""
HEAD_REVISION = REVISIONS[-1]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """The SQLite file in the user data folder (created on first use)."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("psoas", appauthor=False))
    return f"sqlite:///{folder / 'journal.sqlite3'}"


def normalise_url(url: str | None) -> str:
    """Turn ``None``, a bare file path or a ``postgresql://`` URL into a full SQLAlchemy URL."""
    if not url:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None) -> Engine:
    """Create an engine for ``url`` (see :func:`normalise_url`) with the journal's settings."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    full = normalise_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise InputError(
            "--db", "not a database URL", "sqlite:///FILE, postgresql://…, or a file path"
        ) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            database = parsed.database or ""
            if database and database != ":memory:" and not database.startswith("file:"):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed)
            event.listen(engine, "connect", _on_sqlite_connect)
        else:
            engine = create_engine(parsed, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise InputError("--db", f"unsupported database {parsed.drivername!r}", "sqlite, postgresql") from exc
    return engine


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def alembic_config(connection: Connection | None = None) -> Any:
    """An Alembic ``Config`` pointing at the packaged migrations (no ini file)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the newest schema; cheap when it is already there."""
    with engine.connect() as connection:
        at = current_revision(connection)
    if at == HEAD_REVISION:
        return
    if at is not None and at not in REVISIONS:
        raise InputError(
            "--db", f"this journal has schema {at!r}, newer than this psoas knows; upgrade psoas"
        )
    upgrade(engine)
