"""The search token table (0008): which terms a dossier is found by, written in the same
transaction as the dossier row (registration, edit, demo seed) and rebuilt by migration 0008.

Every lookup is an indexed prefix range on `search_token.term` (the same on SQLite and
PostgreSQL; no FTS5 / pg_trgm extension to install or keep in step):
  n:<word suffix of the unaccented name>  "nguyen van an", "van an", "an"  → "van an", "an"
  c:<code reversed>      tails "0007" or "261201-0007" are prefixes of the reversed code
  p:<phone reversed>     last ≥ 4 digits of the phone
  i:<CCCD reversed>      last ≥ 4 digits of the CCCD
Names arrive already unaccented (dossier.applicant_name_key); db never imports app."""
from __future__ import annotations

import peewee as pw

from db.models import Dossier, SearchToken

MAX_TERM = 320
BATCH = 2000


def terms(code: str, name_key: str, phone: str, id_number: str) -> list[str]:
    out = []
    words = (name_key or "").split()
    for i in range(len(words)):
        out.append(("n:" + " ".join(words[i:]))[:MAX_TERM])
    if code:
        out.append("c:" + code[::-1])
    if phone:
        out.append("p:" + phone[::-1])
    if id_number:
        out.append("i:" + id_number[::-1])
    return list(dict.fromkeys(out))


def rows_for(dossier_id: int, code: str, name_key: str, phone: str, id_number: str) -> list[dict]:
    return [{"dossier": dossier_id, "term": t} for t in terms(code, name_key, phone, id_number)]


def index(row: Dossier) -> None:
    """(Re)write one dossier's terms; call inside the write transaction that changed it."""
    SearchToken.delete().where(SearchToken.dossier == row.id).execute()
    rows = rows_for(row.id, row.code, row.applicant_name_key, row.applicant_phone,
                    row.applicant_id_number)
    if rows:
        SearchToken.insert_many(rows).execute()


def insert_many(rows: list[dict]) -> None:
    for i in range(0, len(rows), BATCH):
        SearchToken.insert_many(rows[i:i + BATCH]).execute()


def rebuild(db: pw.Database) -> int:
    """Every dossier's terms from scratch (keyset-paged); returns the number of terms."""
    SearchToken.delete().execute()
    D, last, n = Dossier, 0, 0
    while True:
        page = list(D.select(D.id, D.code, D.applicant_name_key, D.applicant_phone,
                             D.applicant_id_number).where(D.id > last).order_by(D.id)
                    .limit(BATCH).tuples())
        if not page:
            return n
        rows = [r for p in page for r in rows_for(*p)]
        insert_many(rows)
        n += len(rows)
        last = page[-1][0]
