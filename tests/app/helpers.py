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


def run_cli(url: str, *args: str, timeout: float = 300):
    """main.py in a subprocess on `url`, signed in as the environment says (the fixtures set
    MOTCUA_USER / MOTCUA_PASSWORD)."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    main = Path(__file__).resolve().parents[2] / "main.py"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, str(main), "--db", url, *args],
                          capture_output=True, text=True, env=env, timeout=timeout)


def record_events(code: str, *kinds: str, url: str | None = None) -> None:
    """History rows saying the events behind papers happened (a supplement asked, a refusal, a
    stop, an apology), for tests that print those papers without walking the workflow there.
    app.papers refuses such a paper for a dossier without its event."""
    from datetime import timedelta

    from app import store
    from app.store import to_db, utcnow
    if url:
        store.open_database(url)
    row = Dossier.get(Dossier.code == code)
    to = {"supplement": 5, "refusal": 3, "stop": 8}
    for kind in kinds:
        if kind == "apology":
            StatusHistory.create(dossier=row, at=to_db(utcnow()), from_status=row.status,
                                 to_status=row.status, user="canbo1", note="Xin lỗi (test)",
                                 due_at=to_db(utcnow() + timedelta(days=7)))
        else:
            StatusHistory.create(dossier=row, at=to_db(utcnow()), from_status=row.status,
                                 to_status=to[kind], user="canbo1", note=f"{kind} (test)")
    if url:
        from db.connection import current
        current().close()
