"""Reports: what Biểu 06a and the queue aggregate in SQL, kept on the dossier row —
`finished_at` / `finish_status` (first 9, or 10 when 9 was skipped, or 3 / 7 / 8) and
`timeliness` (1 trước hạn · 2 đúng hạn · 3 quá hạn, by day) — plus `reminded_at`, the indexes
the reports use, and the satisfaction ratings with their follow-up calls.

Idempotent: 0001 creates tables from the current models, so a fresh database already has all
of this; an older one gets the columns here and has them filled from its status history.
"""
import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

from db import models as m

NEW_COLUMNS = ("finished_at", "finish_status", "timeliness", "reminded_at")


def _local_day(db, expr: str) -> str:
    if isinstance(db, pw.SqliteDatabase):
        return f"date({expr}, '+7 hours')"
    return f"CAST(({expr}) + INTERVAL '7 hours' AS DATE)"


def backfill(db) -> None:
    """Fill the report columns of every dossier from its history (the first finishing step;
    the due date on the row is the one in force then: it never changes after finishing)."""
    first = ('(SELECT MIN(h."at") FROM "status_history" h WHERE h."dossier_id" = "dossier"."id" '
             'AND h."to_status" IN ({s}) AND (h."from_status" IS NULL OR h."from_status" <> h."to_status"))')
    done = first.format(s="9, 10")
    other = first.format(s="3, 7, 8")
    db.execute_sql(f'UPDATE "dossier" SET "finished_at" = {done}, "finish_status" = 9 '
                   f'WHERE "finished_at" IS NULL AND {done} IS NOT NULL')
    db.execute_sql(f'UPDATE "dossier" SET "finished_at" = {other}, "finish_status" = '
                   f'(SELECT h."to_status" FROM "status_history" h WHERE h."dossier_id" = "dossier"."id" '
                   f'AND h."to_status" IN (3, 7, 8) ORDER BY h."at" LIMIT 1) '
                   f'WHERE "finished_at" IS NULL AND {other} IS NOT NULL')
    fin, due = _local_day(db, '"finished_at"'), _local_day(db, '"due_at"')
    db.execute_sql(f'UPDATE "dossier" SET "timeliness" = CASE WHEN {fin} < {due} THEN 1 '
                   f'WHEN {fin} = {due} THEN 2 ELSE 3 END '
                   f'WHERE "finish_status" = 9 AND "timeliness" IS NULL')


def apply(db):
    have = {c.name for c in db.get_columns("dossier")}
    migrator = SqliteMigrator(db) if isinstance(db, pw.SqliteDatabase) else PostgresqlMigrator(db)
    ops = [migrator.add_column("dossier", name, m.Dossier._meta.fields[name])
           for name in NEW_COLUMNS if name not in have]
    if ops:
        migrate(*ops)
    backfill(db)
    m.Dossier._schema.create_indexes(safe=True)
    # the due date / status in force at a past moment: the last history row before it
    db.execute_sql('CREATE INDEX IF NOT EXISTS "status_history_dossier_id_at" '
                   'ON "status_history" ("dossier_id", "at")')
    db.create_tables(m.REPORT_MODELS, safe=True)
