"""Open the office database: a SQLite file by default, PostgreSQL by URL."""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlparse

import peewee as pw
import platformdirs
from playhouse import db_url
from playhouse.shortcuts import ReconnectMixin

from db.models import database

APP_NAME = "MotCuaDesk"
PG_DEFAULTS = {"host": "127.0.0.1", "port": 5432, "connect_timeout": 10}
SQLITE_PRAGMAS = (
    ("journal_mode", "wal"),
    ("foreign_keys", 1),
    ("busy_timeout", 15000),
    ("synchronous", "full"),      # a committed dossier survives a power cut
    ("cache_size", -32000),
)


def default_sqlite_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "motcua.sqlite3"


def resolve_url(url: str | None = None) -> str:
    """--db argument, else $MOTCUA_DB, else the per-user SQLite file."""
    url = url or os.environ.get("MOTCUA_DB") or ""
    if not url:
        return "sqlite:///" + str(default_sqlite_path())
    if "://" not in url:  # a plain file path
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    return url


def safe_url(url: str) -> str:
    """The URL as it may be shown or logged: a password in it (user:password@ or a
    ?password= option) replaced by ***."""
    p = urlparse(url)
    if p.password:
        url = url.replace(f":{p.password}@", ":***@", 1)
    return re.sub(r"(?i)([?&]password=)[^&#]*", r"\1***", url)


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(unquote(url[len("sqlite:///"):]))
    return None


# ---- a lost PostgreSQL connection -------------------------------------------------------
# Fragments of psycopg2's messages when the server dropped the backend or is unreachable.
LOST_FRAGMENTS = ("server closed the connection", "terminating connection", "connection already closed",
                  "could not connect", "connection refused", "connection to server", "ssl syscall",
                  "no connection to the server", "the database system is shutting down",
                  "the database system is starting up", "cursor already closed")
RECONNECT_TRIES = 8            # about 15 s in all: a server restart or a network blip
RECONNECT_BACKOFF = (0.2, 0.5, 1.0, 1.5, 2.0, 3.0, 3.0, 4.0)
_listeners: list[Callable[[bool], None]] = []     # called with True (lost) / False (restored)
_state = {"lost": False}
_state_lock = threading.Lock()


def on_connection_state(callback: Callable[[bool], None]) -> Callable[[], None]:
    """Subscribe to lost/restored announcements; returns the unsubscribe function."""
    _listeners.append(callback)
    return lambda: _listeners.remove(callback) if callback in _listeners else None


def _announce(lost: bool) -> None:
    with _state_lock:
        if _state["lost"] == lost:
            return
        _state["lost"] = lost
    for cb in list(_listeners):
        cb(lost)


def mark_lost() -> None:
    """A transaction lost its connection (announced until a later statement succeeds)."""
    _announce(True)


def is_lost_error(exc: BaseException) -> bool:
    if not isinstance(exc, (pw.OperationalError, pw.InterfaceError)):
        return False
    text = str(exc).lower()
    return any(f in text for f in LOST_FRAGMENTS)


class ReconnectingPostgres(ReconnectMixin, pw.PostgresqlDatabase):
    """PostgreSQL that re-opens a dropped connection, a bounded number of times, outside a
    transaction (a statement or a BEGIN). Inside a transaction the error is raised: the
    transaction is gone, and the caller decides (see app.store.write)."""

    def _reconnect(self, func, *args, **kwargs):
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            if self.in_transaction() or not is_lost_error(exc):
                raise
            last = exc
        else:
            if _state["lost"]:
                _announce(False)
            return result
        _announce(True)
        for pause in RECONNECT_BACKOFF[:RECONNECT_TRIES]:
            self.drop_connection()
            try:
                self.connect()
                result = func(*args, **kwargs)
            except Exception as exc:
                if not is_lost_error(exc):
                    raise
                last = exc
                time.sleep(pause)
                continue
            _announce(False)
            return result
        raise last

    def drop_connection(self) -> None:
        """Forget a dead connection, whatever state peewee thinks it is in."""
        with self._lock:
            conn = self._state.conn
            self._state.reset()
            if conn is not None:
                try:
                    conn.close()
                except Exception:  # noqa: BLE001, S110 - the connection is dead already
                    pass


def postgres_params(url: str) -> tuple[str, dict]:
    """(database name, connect parameters) of a postgresql:// URL, parsed by playhouse.db_url:
    user and password unquoted, libpq options from the query string (``?sslmode=require``,
    ``&connect_timeout=5``, ``&application_name=…``) passed through to psycopg2."""
    params = db_url.parse(url, unquote_password=True, unquote_user=True)
    name = unquote(params.pop("database", "")) or "postgres"
    return name, {**PG_DEFAULTS, **params}


def make_database(url: str) -> pw.Database:
    if is_postgres(url):
        name, params = postgres_params(url)
        return ReconnectingPostgres(name, **params)
    # SQLite stays a plain path after sqlite:/// (a folder named "Hồ sơ #1?" is no query string)
    path = sqlite_path(url)
    if path is None:
        raise ValueError(f"unsupported database URL: {url}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=15,
                             check_same_thread=False)


def bind(url: str | None = None) -> pw.Database:
    """Open (or re-open) the database behind every model; returns it."""
    url = resolve_url(url)
    if database.obj is not None and not database.is_closed():
        database.close()
    db = make_database(url)
    database.initialize(db)
    db.connect(reuse_if_open=True)
    return db


def current() -> pw.Database:
    return database.obj


def is_postgres_db(db: pw.Database) -> bool:
    return isinstance(db, pw.PostgresqlDatabase)


def url_of(db: pw.Database) -> str:
    """A connection URL for an open database (PostgreSQL: user, password, host, port, name)."""
    if not isinstance(db, pw.PostgresqlDatabase):
        return "sqlite:///" + str(db.database)
    return postgres_url(db.database, db.connect_params)


def postgres_url(name: str, kw: dict) -> str:
    """postgresql://user:password@host:port/name?options from postgres_params' values."""
    auth = quote(kw.get("user") or "", safe="")
    if kw.get("password"):
        auth += ":" + quote(kw["password"], safe="")
    host = kw.get("host") or PG_DEFAULTS["host"]
    host = f"[{host}]" if ":" in host else host                     # an IPv6 address
    where = f"{host}:{kw.get('port') or PG_DEFAULTS['port']}"
    options = {k: v for k, v in kw.items() if k not in ("user", "password", "host", "port")
               and not (k in PG_DEFAULTS and v == PG_DEFAULTS[k])}
    query = "?" + urlencode(options) if options else ""
    return f"postgresql://{auth + '@' if auth else ''}{where}/{quote(name, safe='')}{query}"


def split_password(url: str) -> tuple[str, str, str | None]:
    """(database name, the URL without its password, the password) of a postgresql:// URL:
    for tools (pg_dump) that get the password through the environment, never argv."""
    name, params = postgres_params(url)
    password = params.pop("password", None)
    return name, postgres_url(name, params), password


def begin_write(db: pw.Database):
    """One write transaction. SQLite takes the write lock up front (BEGIN IMMEDIATE)
    so counters never deadlock; PostgreSQL relies on row locks / upserts."""
    if isinstance(db, pw.SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()
