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

from psoas.errors import BusyError, SelectionError

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.orm import Session

REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004_entry_history",
    "0005_trials",
    "0006_photos",
    "0007_accounts",
    "0008_intake_drafts",
)
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


BUSY_TIMEOUT_MS = 30_000
"""How long a SQLite writer waits for another writer's lock before giving up."""
WRITE = "psoas_write"
"""Execution option of write transactions: on SQLite they begin with ``BEGIN IMMEDIATE``."""
POOL_SIZE = 16
"""Connections each process keeps open to a database server (PostgreSQL). The web app runs at most
this many request threads (:mod:`psoas.web.app`), so a busy server reuses its connections instead
of opening (and PostgreSQL forking) a new one for a burst of requests."""
POOL_OVERFLOW = 4
"""Connections beyond :data:`POOL_SIZE` for a moment (closed when given back)."""
_SCHEMA_LOCK_ID = 7_326_001  # PostgreSQL advisory lock taken while migrating


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # psoas emits BEGIN itself (see _on_sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "memory":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    """Writers take the write lock at BEGIN, waiting up to the busy timeout; readers never block."""
    write = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str | None) -> Engine:
    """Create an engine for ``url`` (see :func:`normalise_url`) with the journal's settings."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    full = normalise_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise SelectionError(
            "database", "not a database URL", "sqlite:///FILE, postgresql://…, or a file path"
        ) from exc
    try:
        if parsed.get_backend_name() == "sqlite":
            _make_folder(parsed.database or "")
            engine = create_engine(parsed, hide_parameters=True)
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _on_sqlite_begin)
        else:
            engine = create_engine(
                parsed,
                pool_pre_ping=True,
                hide_parameters=True,
                pool_size=POOL_SIZE,
                max_overflow=POOL_OVERFLOW,
            )
            if parsed.get_backend_name() == "postgresql":
                from psoas.journal.models import use_postgresql

                use_postgresql()
    except NoSuchModuleError as exc:
        raise SelectionError(
            "database", f"unsupported database {parsed.drivername!r}", "sqlite, postgresql"
        ) from exc
    return engine


def _make_folder(database: str) -> None:
    """Create the SQLite file's folder; an impossible path is a SelectionError on ``database``."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SelectionError("database", f"cannot create the folder for {database!r}: {reason}") from None
    if Path(database).is_dir():
        raise SelectionError("database", f"{database!r} is a folder, not a database file")


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at (None for an empty database).

    One catalogue lookup and one row: no reflection and no Alembic, so a command on an up-to-date
    journal pays nothing for the migrations it does not run.
    """
    from sqlalchemy import text

    if not connection.dialect.has_table(connection, "alembic_version"):
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

    with engine.execution_options(**{WRITE: True}).begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the newest schema; cheap when it is already there.

    The revision is read first without the write lock and without importing Alembic; only a
    journal that is behind imports it. Safe when several processes open a new database at once:
    the migration runs under the write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
    lock) and the revision is read again under that lock, so exactly one process migrates and the
    others find it done.
    """
    with engine.connect() as connection:
        at = current_revision(connection)
    if at == HEAD_REVISION:
        return
    _check_known(at)
    _migrate(engine)


def _migrate(engine: Engine) -> None:
    """Upgrade to the head revision under the write lock, unless another process just did."""
    from alembic import command
    from sqlalchemy import text

    with engine.execution_options(**{WRITE: True}).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_ID})"))
        at = current_revision(connection)
        if at == HEAD_REVISION:
            return
        _check_known(at)
        command.upgrade(alembic_config(connection), "head")


def _check_known(at: str | None) -> None:
    if at is not None and at not in REVISIONS:
        raise SelectionError(
            "database", f"this journal has schema {at!r}, newer than this psoas knows; upgrade psoas"
        )


BEGIN_ATTEMPTS = 3


def begin_session(maker: Any) -> Session:
    """A session whose transaction has begun (and, for writers, holds the write lock)."""
    import time

    from sqlalchemy.exc import OperationalError

    for attempt in range(BEGIN_ATTEMPTS):
        session = maker()
        try:
            session.connection()  # emits BEGIN / BEGIN IMMEDIATE now, not at the first statement
            return session
        except OperationalError as exc:
            session.close()
            if "locked" not in str(exc.orig).lower() and "busy" not in str(exc.orig).lower():
                raise
            if attempt == BEGIN_ATTEMPTS - 1:
                raise BusyError("the journal stayed busy with another writer; try again") from None
            time.sleep(0.1 * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover
