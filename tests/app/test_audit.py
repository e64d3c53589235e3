"""The audit chain: appended by every write, broken by any edit, delete or reorder done
behind the program's back; an INSERT-only database role on PostgreSQL."""
from __future__ import annotations

import json

import peewee as pw
import pytest

from app import audit, auth, registration, store, workflow
from app.domain import PermissionDenied, Status
from db.models import Audit
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, create_users


def _some_writes(n: int = 3) -> list[str]:
    codes = []
    for i in range(n):
        d = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn " + "ABC"[i % 3],
                                  id_number=f"02419900111{i}", phone="0912345678")
        workflow.change_status(CLERK, d.code, Status.PROCESSING)
        codes.append(d.code)
    return codes


def _sql(sql: str) -> None:
    store.connection.current().execute_sql(sql)


def test_every_dossier_write_is_audited_without_personal_data(any_office):
    code = _some_writes(1)[0]
    rows = list(Audit.select().where(Audit.object == code).order_by(Audit.seq))
    assert [r.action for r in rows] == ["dossier.register", "dossier.status"]
    assert rows[0].username == CLERK.username and rows[0].pc
    assert json.loads(rows[1].details)["to"] == 4
    text = " ".join(r.details for r in Audit.select())
    assert "024199001110" not in text and "0912345678" not in text
    check = audit.verify(SUPERVISOR)
    assert check.ok and check.rows == Audit.select().count()


@pytest.mark.parametrize("tamper, first_bad", [
    ("UPDATE audit SET username = 'boss' WHERE seq = 2", 2),
    ("UPDATE audit SET details = '{}' WHERE seq = 4", 4),
    ("DELETE FROM audit WHERE seq = 3", 3),
    ("UPDATE audit SET seq = -seq WHERE seq IN (2, 3);"
     "UPDATE audit SET seq = 3 WHERE seq = -2; UPDATE audit SET seq = 2 WHERE seq = -3", 2),
    ("DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)", None),
])
def test_verify_names_the_first_broken_row(any_office, tamper, first_bad):
    _some_writes(3)
    total = Audit.select().count()
    assert audit.verify(SUPERVISOR).ok
    for stmt in tamper.split(";"):
        _sql(stmt)
    check = audit.verify(SUPERVISOR)
    assert not check.ok
    assert check.first_bad == (first_bad if first_bad is not None else total)
    assert check.reason


def test_verify_and_list_need_a_supervisor(office_db):
    _some_writes(1)
    with pytest.raises(PermissionDenied):
        audit.verify(CLERK)
    with pytest.raises(PermissionDenied):
        audit.entries(CLERK)
    got = audit.entries(SUPERVISOR, username=CLERK.username)
    assert [e.action for e in got] == ["dossier.status", "dossier.register"]


def test_app_role_may_insert_but_not_rewrite_the_trail(pg_cluster, pg_url):
    from app import setup
    setup.init_office(pg_url, office_code="000.17.22.H56")
    create_users()
    _some_writes(1)
    _sql("CREATE ROLE motcua_app LOGIN")
    try:
        stmts = audit.grant_app_role(ADMIN, "motcua_app", apply=True)
        assert any("REVOKE UPDATE, DELETE, TRUNCATE ON \"audit\"" in s for s in stmts)
        app_url = pg_url.replace("postgres@", "motcua_app@")
        store.open_database(app_url)
        code = _some_writes(1)[0]                   # the program works under that role
        assert Audit.select().where(Audit.object == code).count() == 2
        for stmt in ("UPDATE audit SET username = 'boss'", "DELETE FROM audit",
                     "TRUNCATE audit"):
            with pytest.raises(pw.ProgrammingError), store.connection.current().atomic():
                _sql(stmt)
        assert audit.verify(SUPERVISOR).ok
    finally:
        store.open_database(pg_url)
        for s in ("REASSIGN OWNED BY motcua_app TO postgres", "DROP OWNED BY motcua_app",
                  "DROP ROLE motcua_app"):
            _sql(s)


def test_grant_statements_refuse_a_strange_role_name():
    from app.domain import UserError
    with pytest.raises(UserError):
        audit.grant_statements('x"; DROP TABLE audit; --', "db")


def test_sign_ins_user_changes_and_papers_are_audited(office_db):
    from app import papers
    from app.domain import Role, UserError
    from tests.app.helpers import PASSWORD
    start = Audit.select().count()              # the fixture's own accounts come first
    with pytest.raises(UserError):
        auth.login("canbo1", "sai-mat-khau")
    with pytest.raises(UserError):
        auth.login("khong-co-ai", "sai-mat-khau")
    auth.login("canbo1", PASSWORD)
    auth.create_user(ADMIN, "canbo9", "Phan Văn Chín", Role.CLERK, "matkhau-chin-9")
    auth.set_role(ADMIN, "canbo9", Role.SUPERVISOR)
    auth.set_active(ADMIN, "canbo9", False)
    auth.set_password(ADMIN, "canbo9", "matkhau-moi-99")
    code = _some_writes(1)[0]
    first = papers.issue(CLERK, "receipt", code)
    again = papers.issue(CLERK, "receipt", code)
    assert not first.reprint and again.reprint and again.number == first.number
    got = [(e.username, e.action, e.object) for e in reversed(audit.entries(SUPERVISOR))
           if e.seq > start]
    assert got[:7] == [("canbo1", "login.fail", "canbo1"), ("khong-co-ai", "login.fail", "khong-co-ai"),
                       ("canbo1", "login.ok", "canbo1"), ("admin", "user.create", "canbo9"),
                       ("admin", "user.role", "canbo9"), ("admin", "user.disable", "canbo9"),
                       ("admin", "user.reset_password", "canbo9")]
    assert [a for _u, a, o in got if o == code][-2:] == ["paper.issue", "paper.reprint"]
    assert "sai-mat-khau" not in " ".join(r.details for r in Audit.select())
    assert audit.verify(SUPERVISOR).ok
