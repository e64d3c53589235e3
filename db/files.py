"""SQLite file helpers shared by migrations, backups and restore: an online copy (safe
under WAL), an integrity check and a peek at a file's schema version — all with plain
sqlite3 connections that are always closed (``with sqlite3.connect()`` only commits)."""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path


class NotADatabase(Exception):
    """The file is not a readable SQLite database (random bytes, truncated, wrong header)."""


def copy_sqlite(src: str | Path, dest: str | Path) -> Path:
    """Consistent copy of the SQLite database `src` into the new file `dest` (online backup
    API: readers and writers of `src` may keep working).  The copy is written as
    ``dest.part``, fsynced, then renamed: `dest` is a whole copy or does not exist (a full
    disk or a crash mid-copy leaves no half file that looks like a backup)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")     # never with_suffix: names carry dots
    try:
        with closing(sqlite3.connect(str(src), timeout=15)) as s, \
                closing(sqlite3.connect(str(part))) as d:
            s.backup(d)
            d.execute("PRAGMA journal_mode=DELETE")   # a self-contained single file
        with open(part, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(part, dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return dest


def open_readonly(path: str | Path, timeout: float = 15) -> sqlite3.Connection:
    """A read-only connection to the file (the caller closes it: ``with closing(...)``)."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def quick_check(path: str | Path) -> list[str]:
    """SQLite ``PRAGMA quick_check`` on the file, read-only: [] when intact, else the
    problems found.  Raises NotADatabase when the file is not a SQLite database at all."""
    path = Path(path)
    try:
        with closing(open_readonly(path)) as c:
            rows = [r[0] for r in c.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:       # "file is not a database", "malformed", …
        raise NotADatabase(str(exc)) from None
    return [] if rows == ["ok"] else rows


def schema_version(path: str | Path) -> int | None:
    """max(schema_version.version) of the file; None when it has no schema_version table."""
    try:
        with closing(open_readonly(Path(path))) as c:
            if not c.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                             "AND name='schema_version'").fetchone():
                return None
            return int(c.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(str(exc)) from None
