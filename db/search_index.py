"""The search token table (0008): which terms a dossier is found by, written in the same
transaction as the dossier row (registration, edit, demo seed) and rebuilt by migration 0008.

Every lookup is an indexed prefix range on `search_token.term` (the same on SQLite and
PostgreSQL; no FTS5 / pg_trgm extension to install or keep in step):
  n:<word suffix of the unaccented name>  "nguyen van an", "van an", "an"  → "van an", "an"
  c:<code reversed>      tails "0007" or "261201-0007" are prefixes of the reversed code
  p:<phone reversed>     last ≥ 4 digits of the phone
  i:<CCCD reversed>      last ≥ 4 digits of the CCCD
  t:<MST digits reversed>  an organisation's tax code, whole or its last ≥ 4 digits; a branch
                         "0100047516-001" also under its head "0100047516" (0009)
  d:<word suffix of the delegate's unaccented name>  người nộp thay (0009)
Names arrive already unaccented (dossier.applicant_name_key); db never imports app."""
from __future__ import annotations

import peewee as pw

from db.models import Dossier, SearchToken

MAX_TERM = 320
BATCH = 2000


def terms(code: str, name_key: str, phone: str, id_number: str, tax_code: str = "",
          delegate_key: str = "") -> list[str]:
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
    if tax_code:
        digits = tax_code.replace("-", "")
        out.append("t:" + digits[::-1])
        if len(digits) > 10:
            out.append("t:" + digits[:10][::-1])
    words = (delegate_key or "").split()
    for i in range(len(words)):
        out.append(("d:" + " ".join(words[i:]))[:MAX_TERM])
    return list(dict.fromkeys(out))


def rows_for(dossier_id: int, code: str, name_key: str, phone: str, id_number: str,
             tax_code: str = "", delegate_key: str = "") -> list[dict]:
    return [{"dossier": dossier_id, "term": t}
            for t in terms(code, name_key, phone, id_number, tax_code, delegate_key)]


def index(row: Dossier) -> None:
    """(Re)write one dossier's terms; call inside the write transaction that changed it."""
    SearchToken.delete().where(SearchToken.dossier == row.id).execute()
    rows = rows_for(row.id, row.code, row.applicant_name_key, row.applicant_phone,
                    row.applicant_id_number, row.applicant_tax_code, row.delegate_name_key)
    if rows:
        SearchToken.insert_many(rows).execute()


def insert_many(rows: list[dict]) -> None:
    for i in range(0, len(rows), BATCH):
        SearchToken.insert_many(rows[i:i + BATCH]).execute()


def rebuild(db: pw.Database) -> int:
    """Every dossier's terms from scratch (keyset-paged); returns the number of terms.
    Migration 0008 runs this before 0009 has added the tax code / delegate columns: only the
    columns the table has are read."""
    SearchToken.delete().execute()
    D, last, n = Dossier, 0, 0
    have = {c.name for c in db.get_columns(D._meta.table_name)}
    cols = [D.id, D.code, D.applicant_name_key, D.applicant_phone, D.applicant_id_number]
    cols += [c for c in (D.applicant_tax_code, D.delegate_name_key) if c.column_name in have]
    while True:
        page = list(D.select(*cols).where(D.id > last).order_by(D.id).limit(BATCH).tuples())
        if not page:
            return n
        rows = [r for p in page for r in rows_for(*p)]
        insert_many(rows)
        n += len(rows)
        last = page[-1][0]
