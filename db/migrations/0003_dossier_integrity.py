"""Office integrity: each dossier keeps its applicant as registered (a snapshot on the row),
a version column for optimistic checks, a client request id (a retried submission finds
its dossier instead of registering twice), and the hash-chained audit table.

Idempotent: 0001 creates tables from the current models, so a fresh database already has
these columns; an older one gets them here, and every existing dossier is given the
applicant data it showed before this migration (the directory row it pointed to).
"""
import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

from db import models as m

SNAPSHOT = ("name", "name_key", "id_number", "phone", "email", "address", "birth_date", "gender")


def apply(db):
    have = {c.name for c in db.get_columns("dossier")}
    migrator = (SqliteMigrator(db) if isinstance(db, pw.SqliteDatabase) else PostgresqlMigrator(db))
    ops = []
    for name in [f"applicant_{f}" for f in SNAPSHOT] + ["version", "request_id"]:
        if name not in have:
            field = m.Dossier._meta.fields[name]
            if name == "request_id":     # the unique index is added below
                field = pw.CharField(max_length=64, null=True)
            ops.append(migrator.add_column("dossier", name, field))
    if ops:
        migrate(*ops)
        sets = ", ".join(f'"applicant_{f}" = (SELECT a."{f}" FROM "applicant" a '
                         f'WHERE a."id" = "dossier"."applicant_id")' for f in SNAPSHOT)
        db.execute_sql(f'UPDATE "dossier" SET {sets}')
    for col in ("applicant_name_key", "applicant_id_number", "applicant_phone"):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "dossier_{col}" ON "dossier" ("{col}")')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "dossier_request_id" ON "dossier" ("request_id")')
    db.create_tables([m.Audit], safe=True)
