"""Test helpers for service tests."""
from __future__ import annotations

from app.domain import Role, User
from db.models import Applicant, Counter, Dossier, DossierDocument, OutboxEvent, StatusHistory

# users of the table: tests/conftest.py's office_db / any_office create them (USERS)
CLERK = User("canbo1", "Lê Thị Hoa", Role.CLERK)
SUPERVISOR = User("lanhdao", "Trần Văn Minh", Role.SUPERVISOR)
ADMIN = User("admin", "Quản Trị Viên", Role.ADMIN)
PASSWORD = "matkhau123"          # every test user's password


def create_users(*extra: User) -> None:
    """ADMIN, CLERK, SUPERVISOR (and `extra`) as rows of the users table."""
    from app import auth
    auth.create_user(None, ADMIN.username, ADMIN.full_name, ADMIN.role, PASSWORD)
    for u in (CLERK, SUPERVISOR, *extra):
        auth.create_user(ADMIN, u.username, u.full_name, u.role, PASSWORD)


def table_counts() -> dict:
    return {m.__name__: m.select().count()
            for m in (Dossier, Applicant, StatusHistory, OutboxEvent, Counter, DossierDocument)}


def make_users(names: list[str], role: Role = Role.SUPERVISOR) -> None:
    """Real user rows for actors the tests act as (services re-check the actor)."""
    from app import auth
    from app.store import to_db, utcnow
    from db.models import User as UserRow
    for name in names:
        if not UserRow.select().where(UserRow.username == name).exists():
            UserRow.create(username=name, full_name=name, role=role.value,
                           password_hash=auth.hash_password("matkhau-thu"), created_at=to_db(utcnow()))
