"""Organisations and delegates (issue 11 §3): the applicant's kind (person | organisation),
tax code (MST), legal representative and title on the dossier snapshot and in the people
directory; the delegate (người nộp thay) — name, search key, CCCD, phone — on the dossier.

Idempotent: 0001 creates tables from the current models, so a fresh database already has the
columns; an older one gets them here. Every existing dossier and directory row becomes a
"person" (the column default fills them, and an explicit UPDATE covers rows a default could
miss); nobody had a tax code or a delegate before, so the search index needs no rebuild."""
DOSSIER = {"applicant_kind": "VARCHAR(12)", "applicant_tax_code": "VARCHAR(14)",
           "applicant_representative": "TEXT", "applicant_representative_title": "TEXT",
           "delegate_name": "TEXT", "delegate_name_key": "VARCHAR(300)",
           "delegate_id_number": "VARCHAR(12)", "delegate_phone": "VARCHAR(11)"}
APPLICANT = {"kind": "VARCHAR(12)", "tax_code": "VARCHAR(14)", "representative": "TEXT",
             "representative_title": "TEXT"}
KIND_COLUMNS = ("applicant_kind", "kind")


def _add(db, table: str, columns: dict) -> None:
    """Plain ADD COLUMN … NOT NULL DEFAULT …, the same on both engines (playhouse's SQLite
    migrator would rebuild the table for NOT NULL, and "applicant" is referenced by dossiers)."""
    have = {c.name for c in db.get_columns(table)}
    for name, sql_type in columns.items():
        if name not in have:
            default = "person" if name in KIND_COLUMNS else ""
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type} NOT NULL '
                           f"DEFAULT '{default}'")


def apply(db):
    _add(db, "dossier", DOSSIER)
    _add(db, "applicant", APPLICANT)
    db.execute_sql("""UPDATE "dossier" SET "applicant_kind" = 'person' """
                   """WHERE "applicant_kind" IS NULL OR "applicant_kind" = ''""")
    db.execute_sql("""UPDATE "applicant" SET "kind" = 'person' WHERE "kind" IS NULL OR "kind" = ''""")
    for table, col in (("dossier", "applicant_tax_code"), ("applicant", "tax_code")):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{col}" ON "{table}" ("{col}")')
