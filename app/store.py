"""Open the office database for the services (binds models, applies migrations)."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import overload

import peewee as pw

from app import events
from app.domain import ConnectionLost, UserError
from app.i18n import _
from db import connection, migrate

log = logging.getLogger("motcua.store")


def open_database(url: str | None = None, upgrade: bool = True) -> str:
    """Bind the models to the database at `url` (or $MOTCUA_DB / the per-user file).
    Returns the resolved URL.  A database made by a newer program, a SQLite file that is
    not a readable database, an unknown URL or an unreachable server is a UserError; nothing
    is written to it then."""
    from app import maintenance
    resolved = connection.resolve_url(url)
    if not connection.is_postgres(resolved) and connection.sqlite_path(resolved) is None:
        raise UserError(_("Địa chỉ cơ sở dữ liệu '{url}' không dùng được: dùng đường dẫn tệp SQLite, "
                          "sqlite:///ĐƯỜNG_DẪN hoặc postgresql://người_dùng@máy/tên.")
                        .format(url=connection.safe_url(resolved)), "db")
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
        if path is None:           # PostgreSQL: the server is away, refuses us, or no such db
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise UserError(_("Không kết nối được cơ sở dữ liệu {url}: {detail}. Kiểm tra máy chủ "
                              "PostgreSQL, mạng và tài khoản, rồi thử lại.")
                            .format(url=connection.safe_url(resolved), detail=detail), "db") from None
        connection.current().close()
        if path.exists() and not maintenance.check(resolved).ok:
            raise maintenance.damaged_error(path, str(exc)) from None
        raise maintenance.open_error(path, str(exc)) from None
    return resolved


def on_connection_state(callback) -> object:
    """Subscribe to database connection lost (True) / restored (False); called on the
    thread that noticed it. Returns the unsubscribe function."""
    return connection.on_connection_state(callback)


def schema_version() -> int:
    return migrate.current_version(connection.current())


@contextmanager
def write():
    """One write transaction (BEGIN IMMEDIATE on SQLite). Nested calls are savepoints.
    Domain events announced inside (app.events) are delivered after the outermost commit.

    A connection that drops inside the outermost transaction becomes a `ConnectionLost`
    (the transaction is gone; the connection is re-opened on the next call), and a SQLite
    writer that waited past the busy timeout a `UserError`: never a raw driver error."""
    db = connection.current()
    if db.in_transaction() and events.collecting():
        position = events.mark()
        try:
            with connection.begin_write(db):
                yield
        except BaseException:
            events.rollback_to(position)     # the savepoint rolled back: so did its news
            raise
        return
    if db.in_transaction():         # inside a bare atomic() we cannot see commit: an event
        events.begin()              # announced here could precede a rollback, so it is dropped
        try:
            with connection.begin_write(db):
                yield
        finally:
            events.discard()
        return
    events.begin()
    try:
        with connection.begin_write(db):
            yield
    except (pw.OperationalError, pw.InterfaceError) as exc:
        events.discard()
        if connection.is_lost_error(exc):
            if hasattr(db, "drop_connection"):
                db.drop_connection()
            connection.mark_lost()
            log.warning("database connection lost inside a transaction: %s", type(exc).__name__)
            raise ConnectionLost(_("Mất kết nối cơ sở dữ liệu — thao tác chưa được ghi. Chương trình "
                                   "đang kết nối lại; hãy thử lại.")) from None
        if "database is locked" in str(exc).lower():
            raise UserError(_("Cơ sở dữ liệu đang bận (một quầy khác đang ghi) — thao tác chưa được "
                              "ghi; hãy thử lại sau giây lát.")) from None
        raise
    except BaseException:
        events.discard()
        raise
    events.commit()                          # after COMMIT: subscribers see the new rows


def is_postgres() -> bool:
    import peewee as pw
    return isinstance(connection.current(), pw.PostgresqlDatabase)


def utcnow() -> datetime:
    return datetime.now(UTC)


@overload
def to_db(dt: None) -> None: ...
@overload
def to_db(dt: datetime) -> datetime: ...


def to_db(dt: datetime | None) -> datetime | None:
    """Aware datetime → naive UTC for storage."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return dt.astimezone(UTC).replace(tzinfo=None)


@overload
def from_db(dt: None) -> None: ...
@overload
def from_db(dt: datetime | str) -> datetime: ...


def from_db(dt: datetime | str | None) -> datetime | None:
    """Stored naive UTC (datetime or ISO string) → aware UTC. A column value (typed Any)
    gives Any: a NOT NULL column is a datetime, a nullable one may be None."""
    if dt is None or dt == "":
        return None
    if isinstance(dt, str):
        dt = datetime.fromisoformat(dt)
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)
