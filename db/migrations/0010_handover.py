"""Hand-over to departments (issue 11 §2, issue 15): the departments list and the hand-over
records that feed the Phiếu kiểm soát, with the partial unique index "one open hand-over per
dossier" (both engines support `CREATE UNIQUE INDEX … WHERE`).

Idempotent: 0001 creates every table of the current models, so a fresh database already has
them; an older one gets them here. There is no existing data to fill: before 0010 nobody
recorded which department had a dossier (the status history does not say), so existing
dossiers keep the history fallback of the control slip."""
from db import models as m


def apply(db):
    db.create_tables(m.HANDOVER_MODELS, safe=True)
