"""Search (issue 11): the search token table with its (term, dossier) index, filled for every
existing dossier. Idempotent: 0001 creates tables from the current models, so a fresh database
already has the table (empty); the index is rebuilt from the dossier rows either way.

PostgreSQL: the term column compares bytewise (COLLATE "C") so prefix ranges hold under any
database locale (a vi_VN or en_US collation orders spaces and punctuation differently)."""
import peewee as pw

from db import models as m
from db import search_index


def apply(db):
    # ---- search index ----------------------------------------------------------------
    db.create_tables([m.SearchToken], safe=True)
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "search_token" ALTER COLUMN "term" TYPE VARCHAR(320) COLLATE "C"')
        db.execute_sql('REINDEX TABLE "search_token"')
    search_index.rebuild(db)
    # ---- landline phones: 11 digits (02x…) in the people directory too ---------------------
    if isinstance(db, pw.PostgresqlDatabase):
        db.execute_sql('ALTER TABLE "applicant" ALTER COLUMN "phone" TYPE VARCHAR(11)')
