"""The report columns on the dossier row, kept in the status change's own transaction.

app/workflow.py calls `on_status_change(row, target, when)` once, before it saves the row;
the rule itself is `app.reports.rules.finish_update`."""
from __future__ import annotations

from datetime import datetime

from app.reports.rules import finish_update
from app.store import from_db, to_db


def on_status_change(row, target: int, when: datetime) -> None:
    """Set finished_at / finish_status / timeliness on a peewee dossier row (not saved here)."""
    change = finish_update(from_db(row.finished_at), int(target), when, from_db(row.due_at))
    if change:
        row.finished_at = to_db(change["finished_at"])
        row.finish_status = change["finish_status"]
        row.timeliness = change["timeliness"]


def backfill() -> None:
    """Recompute the columns from history for rows that lack them (bulk-seeded data)."""
    import importlib

    from app.store import write
    from db.connection import current
    with write():
        importlib.import_module("db.migrations.0005_reports").backfill(current())
