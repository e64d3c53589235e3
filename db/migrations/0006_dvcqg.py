"""DVCQG sync: the procedure mapping table (local code -> national MaTTHC) and the
per-dossier portal state (which event's calls were last started).

Idempotent: 0001 creates every table of the current models, so a fresh database already has
it; an older one gets it here."""
from db import models as m


def apply(db):
    db.create_tables([m.DvcqgMapping, m.DvcqgState], safe=True)
