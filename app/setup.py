"""Initialise an office database: schema, settings, bundled catalog."""
from __future__ import annotations

from app import catalog, settings
from app.store import open_database
from db.models import Procedure


def init_office(url: str | None = None, office_code: str | None = None,
                office_name: str | None = None, import_catalog: bool = True) -> dict:
    """Create/upgrade the schema, store the office identity, import the bundled catalog
    when the database has none yet. Safe to run again."""
    resolved = open_database(url)
    values = {}
    if office_code:
        values["office.code"] = office_code
    elif not settings.is_configured():
        values["office.code"] = settings.KEYS["office.code"].default
    if office_name:
        values["office.name"] = office_name
    if not settings.is_configured() and "tracking.url_template" not in settings.raw_values_stored():
        # A fresh office without its own tracking address prints the example.org placeholder:
        # mark it a test office until `config set tracking.url_template …` and
        # `config set office.demo false` (the wizard asks for both).
        values["office.demo"] = "true"
    if values:
        settings.set_many(values)
    imported = catalog.import_bundled_if_empty() if import_catalog else None
    return {"db": resolved, "office_code": settings.get("office.code"),
            "office_name": settings.get("office.name"), "catalog": imported,
            "demo": settings.get("office.demo") == "true",
            "procedures": Procedure.select().count()}
