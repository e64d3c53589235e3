"""Index for the supervisor's "results not collected" list (status 9, oldest change first)."""


def apply(db):
    db.execute_sql('CREATE INDEX IF NOT EXISTS "dossier_status_updated_at" '
                   'ON "dossier" ("status", "updated_at")')
