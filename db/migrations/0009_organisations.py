"""Organisations and delegates (issue 11 §3): the applicant's kind (person | organisation),
tax code (MST), legal representative and title on the dossier snapshot and in the people
directory; the delegate (người nộp thay) — name, search key, CCCD, phone — on the dossier.

Idempotent: 0001 creates tables from the current models, so a fresh database already has the
columns; an older one gets them here. Every existing dossier and directory row becomes a
"person" (the column default fills them, and an explicit UPDATE covers rows a default could
miss); nobody had a tax code or a delegate before, so the search index needs no rebuild."""
import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

from db import models as m

DOSSIER = ("applicant_kind", "applicant_tax_code", "applicant_representative",
           "applicant_representative_title", "delegate_name", "delegate_name_key",
           "delegate_id_number", "delegate_phone")
APPLICANT = ("kind", "tax_code", "representative", "representative_title")


def _add(db, migrator, table: str, model, names) -> None:
    have = {c.name for c in db.get_columns(table)}
    ops = [migrator.add_column(table, n, model._meta.fields[n]) for n in names if n not in have]
    if ops:
        migrate(*ops)


def apply(db):
    migrator = SqliteMigrator(db) if isinstance(db, pw.SqliteDatabase) else PostgresqlMigrator(db)
    _add(db, migrator, "dossier", m.Dossier, DOSSIER)
    _add(db, migrator, "applicant", m.Applicant, APPLICANT)
    db.execute_sql("""UPDATE "dossier" SET "applicant_kind" = 'person' """
                   """WHERE "applicant_kind" IS NULL OR "applicant_kind" = ''""")
    db.execute_sql("""UPDATE "applicant" SET "kind" = 'person' WHERE "kind" IS NULL OR "kind" = ''""")
    for table, col in (("dossier", "applicant_tax_code"), ("applicant", "tax_code")):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{col}" ON "{table}" ("{col}")')
