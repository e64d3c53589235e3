"""The report columns on the dossier row, kept in the status change's own transaction.

app/workflow.py calls `on_status_change(row, target, when)` once, before it saves the row;
the rule itself is `app.reports.rules.finish_update`."""
from __future__ import annotations

from datetime import datetime

import peewee as pw

from app.reports.rules import finish_update
from app.store import from_db, to_db

# COUNT(*), not COUNT(id): on PostgreSQL counting a column outside the covering index forces a
# heap visit per row (Biểu 06a's received-in-month count at 1M: 207 ms → 46 ms index-only).
ROWS = pw.SQL("*")


def on_status_change(row, target: int, when: datetime) -> None:
    """Set finished_at / finish_status / timeliness on a peewee dossier row (not saved here)."""
    change = finish_update(from_db(row.finished_at), int(target), when, from_db(row.due_at))
    if change:
        row.finished_at = to_db(change["finished_at"])
        row.finish_status = change["finish_status"]
        row.timeliness = change["timeliness"]


def backfill() -> None:
    """Recompute the columns from history for rows that lack them (bulk-seeded data), then
    refresh the planner's statistics (and, on PostgreSQL, the visibility map that lets the
    report queries read their covering indexes only)."""
    import importlib

    from app.store import write
    from db.connection import current
    db = current()
    with write():
        importlib.import_module("db.migrations.0005_reports").backfill(db)
    refresh_statistics(db)


def refresh_statistics(db) -> None:
    import peewee as pw
    if isinstance(db, pw.PostgresqlDatabase):
        conn = db.connection()
        old = conn.autocommit
        conn.autocommit = True                 # VACUUM cannot run inside a transaction
        try:
            with conn.cursor() as cur:
                cur.execute('VACUUM ANALYZE "dossier"')
                cur.execute('VACUUM ANALYZE "status_history"')
        finally:
            conn.autocommit = old
    else:
        db.execute_sql("ANALYZE")
