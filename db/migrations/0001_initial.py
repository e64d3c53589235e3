"""Initial schema: every table of the first release."""
from db import models as m


def apply(db):
    db.create_tables(m.ALL_MODELS, safe=True)
