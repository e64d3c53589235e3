"""Open the office database for the services (binds models, applies migrations)."""
from __future__ import annotations

from datetime import datetime, timezone

from db import connection, migrate


def open_database(url: str | None = None, upgrade: bool = True) -> str:
    """Bind the models to the database at `url` (or $MOTCUA_DB / the per-user file).
    Returns the resolved URL.  A database made by a newer program, or a SQLite file that is
    not a readable database, is a UserError; nothing is written to it then."""
    import peewee as pw

    from app import maintenance
    resolved = connection.resolve_url(url)
    try:
        db = connection.bind(resolved)
        if upgrade:
            migrate.upgrade(db)
        else:
            migrate.check_version(db)
    except migrate.SchemaTooNew as exc:
        connection.current().close()
        raise maintenance.too_new_error(exc.found, exc.known) from None
    except pw.DatabaseError as exc:
        path = connection.sqlite_path(resolved)
        if path is None:
            raise
        connection.current().close()
        if path.exists() and not maintenance.check(resolved).ok:
            raise maintenance.damaged_error(path, str(exc)) from None
        raise maintenance.open_error(path, str(exc)) from None
    return resolved


def schema_version() -> int:
    return migrate.current_version(connection.current())


def write():
    """Context manager: one write transaction (BEGIN IMMEDIATE on SQLite)."""
    return connection.begin_write(connection.current())


def read():
    return connection.current().atomic()


def is_postgres() -> bool:
    import peewee as pw
    return isinstance(connection.current(), pw.PostgresqlDatabase)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_db(dt: datetime | None) -> datetime | None:
    """Aware datetime → naive UTC for storage."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return dt.astimezone(timezone.utc).replace(tzinfo=None)


def from_db(dt) -> datetime | None:
    """Stored naive UTC (datetime or ISO string) → aware UTC."""
    if dt is None or dt == "":
        return None
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt)
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)
