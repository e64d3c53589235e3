"""User security: lockout counter shared by every counter (failed_logins, locked_until) and
the forced password change after an admin's reset (must_change_password)."""

import peewee as pw

COLUMNS = {
    # name: (SQLite type, PostgreSQL type)
    "failed_logins": ("INTEGER NOT NULL DEFAULT 0", "INTEGER NOT NULL DEFAULT 0"),
    "locked_until": ("DATETIME", "TIMESTAMP"),
    "must_change_password": ("INTEGER NOT NULL DEFAULT 0", "BOOLEAN NOT NULL DEFAULT FALSE"),
}


def apply(db):
    have = {c.name for c in db.get_columns("user")}
    pg = isinstance(db, pw.PostgresqlDatabase)
    for name, (lite, pgtype) in COLUMNS.items():
        if name not in have:     # a fresh database got them from 0001 (current models)
            db.execute_sql(f'ALTER TABLE "user" ADD COLUMN "{name}" {pgtype if pg else lite}')
