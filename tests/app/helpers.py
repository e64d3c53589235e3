"""Test helpers for service tests."""
from __future__ import annotations

from app import auth
from app.domain import Role, User
from db.models import Applicant, Counter, Dossier, DossierDocument, OutboxEvent, StatusHistory

CLERK = User("canbo1", "Lê Thị Hoa", Role.CLERK)
SUPERVISOR = User("lanhdao", "Trần Văn Minh", Role.SUPERVISOR)
ADMIN = auth.system_user()


def table_counts() -> dict:
    return {m.__name__: m.select().count()
            for m in (Dossier, Applicant, StatusHistory, OutboxEvent, Counter, DossierDocument)}
