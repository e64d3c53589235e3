"""Tests that fail when a rule is removed (issue 14 §1).

Each test here was checked by breaking its rule once in app/ and watching it go red;
the break tried is named in the test's docstring."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import dossiers, registration, reports, store, workflow
from app.domain import VN_TZ, Channel, PermissionDenied, Status, UserError, unaccent
from app.workdays import WorkCalendar
from db.models import Dossier as DossierRow
from tests.app.helpers import CLERK, SUPERVISOR, table_counts

S = Status


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def office(office_db):
    store.open_database(office_db)
    return office_db


def reg(at, days=1, name="Phạm Thu Hà", channel=Channel.COUNTER, **kw):
    return registration.register(CLERK, procedure_code="1.001193", name=name, received_at=at,
                                 processing_days=days, channel=channel, **kw)


# ---- working days ---------------------------------------------------------------------------
def test_swapped_working_saturday_closes_at_the_weekday_hour():
    """Break tried: WorkCalendar.hours() without the `weekend_workdays` exception (the
    swapped Saturday 22/8/2026 then closes at the Saturday-morning 11:30)."""
    cal = WorkCalendar()
    assert cal.due_at(vn(2026, 8, 20, 10), 2) == vn(2026, 8, 22, 17, 0)
    # received that Saturday afternoon: still open, the clock starts at once
    assert cal.effective_start(vn(2026, 8, 22, 14, 0)) == vn(2026, 8, 22, 14, 0)
    assert cal.due_at(vn(2026, 8, 22, 14, 0), 0) == vn(2026, 8, 22, 17, 0)


# ---- workflow table -------------------------------------------------------------------------
# The national rules, written by hand (statuses 1–10). (2, 3): an accepted dossier can still be
# refused at the counter.
NATIONAL = {
    1: {2, 3, 5, 7},
    2: {3, 4, 5, 7},
    4: {5, 6, 7, 8, 9},
    5: {4, 7, 8},
    6: {4, 7, 8},
    9: {10},
    3: set(), 7: set(), 8: set(), 10: set(),
}


def _table() -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, bs in workflow.TRANSITIONS.items() for b in bs}


def _national() -> set[tuple[int, int]]:
    return {(a, b) for a, bs in NATIONAL.items() for b in bs}


def test_transition_table_is_the_national_one():
    """Breaks tried: removing 4→6 from TRANSITIONS; adding 5→9."""
    assert set(int(s) for s in workflow.TRANSITIONS) == set(range(1, 11))
    assert _table() == _national()


def test_accepted_dossier_can_be_refused():
    assert (2, 3) in _table()


def test_every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(office):
    """Every (from, to) pair through change_status: allowed pairs pass, every other pair is
    refused with nothing written. Reads TRANSITIONS at test time (so it follows the table),
    the test above pins the table to the national rules.
    Breaks tried: change_status without the `target not in TRANSITIONS[current]` check."""
    d = reg(vn(2026, 11, 2, 9, 0), days=5)
    table = _table()
    passed, refused = set(), set()
    for a in range(1, 11):
        for b in range(1, 11):
            DossierRow.update(status=a).where(DossierRow.code == d.code).execute()
            before = table_counts()
            try:
                out = workflow.change_status(SUPERVISOR, d.code, b, note="Ghi chú kiểm thử")
            except UserError as exc:
                assert "Không thể chuyển" in str(exc), (a, b, str(exc))
                assert table_counts() == before, (a, b)
                refused.add((a, b))
            else:
                assert out.status == S(b)
                passed.add((a, b))
    assert passed == table
    assert refused == {(a, b) for a in range(1, 11) for b in range(1, 11)} - table


def test_financial_obligation_path(office):
    """Status 6 is used: 4 → 6 → 4 → 9 (break tried: removing 4→6)."""
    d = reg(vn(2026, 11, 2, 9, 0), days=5)
    workflow.change_status(CLERK, d.code, 4, at=vn(2026, 11, 2, 10))
    workflow.change_status(CLERK, d.code, 6, "Nộp lệ phí trước bạ", at=vn(2026, 11, 2, 11))
    workflow.change_status(CLERK, d.code, 4, at=vn(2026, 11, 3, 9))
    assert workflow.change_status(CLERK, d.code, 9, at=vn(2026, 11, 3, 10)).status == S.DONE


# ---- apology --------------------------------------------------------------------------------
def test_apology_new_due_must_be_after_the_old_one(office):
    """Breaks tried: `new_due <= old_due` → `new_due < old_due`; the check removed."""
    d = reg(vn(2026, 11, 2, 9, 0), days=5)
    before = table_counts()
    for new_due in (d.due_at, vn(2026, 11, 5, 17, 0)):          # same moment; earlier
        with pytest.raises(UserError, match="Ngày hẹn mới phải sau ngày hẹn cũ"):
            workflow.apologize(SUPERVISOR, d.code, new_due, "Chờ xác minh")
    assert table_counts() == before
    assert dossiers.get(d.code).due_at == d.due_at and not dossiers.get(d.code).apology_used


# ---- numbering ------------------------------------------------------------------------------
def test_register_number_restarts_each_year(office):
    """Break tried: registration.register taking next_register_no(2026) (a constant year)
    / a counter key without the year."""
    a = reg(vn(2025, 12, 31, 9, 0))
    b = reg(vn(2025, 12, 31, 10, 0))
    c = reg(vn(2026, 1, 2, 9, 0))
    assert (a.register_no, b.register_no, c.register_no) == (1, 2, 1)
    rows = {r.code: (r.register_year, r.register_no) for r in DossierRow.select()}
    assert rows[c.code] == (2026, 1) and rows[b.code] == (2025, 2)


def test_daily_code_counter_restarts_each_day(office):
    """Break tried: app/codes.next_dossier_code keyed by month (%y%m) instead of day."""
    a = reg(vn(2026, 11, 2, 9, 0))
    b = reg(vn(2026, 11, 2, 9, 5))
    c = reg(vn(2026, 11, 3, 9, 0))
    assert a.code == "000.17.22.H56-261102-0001"
    assert b.code == "000.17.22.H56-261102-0002"
    assert c.code == "000.17.22.H56-261103-0001"
    # the day is Vietnam's: 23:30 UTC on 2/11 is 06:30 on 3/11 in Hà Nội
    d = reg(datetime.fromisoformat("2026-11-02T23:30:00+00:00"))
    assert d.code == "000.17.22.H56-261103-0002"


# ---- monthly report -------------------------------------------------------------------------
def _resolve(code, at_processing, at_done):
    workflow.change_status(CLERK, code, 4, at=at_processing)
    workflow.change_status(CLERK, code, 9, at=at_done)


def test_monthly_report_edges(office):
    """Breaks tried: resolved_on_time when `at <= due + 1 day`; refused/withdrawn swapped;
    stopped (8) left out of the closed set (then counted as pending)."""
    on_time = reg(vn(2026, 11, 2, 9, 0), 1)                    # due Tue 3/11 17:00
    late = reg(vn(2026, 11, 2, 9, 30), 1)                      # due Tue 3/11 17:00
    _resolve(on_time.code, vn(2026, 11, 2, 10), vn(2026, 11, 3, 16, 0))
    _resolve(late.code, vn(2026, 11, 2, 10), vn(2026, 11, 4, 9, 0))   # one day late
    refused = [reg(vn(2026, 11, 5, 9, i), 5, channel=Channel.ONLINE) for i in range(2)]
    for r in refused:
        workflow.change_status(CLERK, r.code, 3, "Không thuộc thẩm quyền", at=vn(2026, 11, 5, 10))
    withdrawn = reg(vn(2026, 11, 6, 9, 0), 5)
    workflow.change_status(CLERK, withdrawn.code, 7, at=vn(2026, 11, 6, 10))
    stopped = reg(vn(2026, 11, 9, 9, 0), 5)
    workflow.change_status(CLERK, stopped.code, 4, at=vn(2026, 11, 9, 10))
    workflow.change_status(SUPERVISOR, stopped.code, 8, "Dừng theo yêu cầu", at=vn(2026, 11, 9, 11))
    open_one = reg(vn(2026, 11, 10, 9, 0), 5)
    workflow.change_status(CLERK, open_one.code, 5, "Thiếu tờ khai", at=vn(2026, 11, 10, 10))
    t = _month(11)
    assert t.received == 7
    assert (t.early + t.on_time, t.late) == (1, 1)
    assert (t.refused, t.withdrawn, t.stopped) == (2, 1, 1)
    assert t.in_progress == 1                   # only the one waiting for a supplement
    # next month: carried over is only that one, the stopped one is not
    assert _month(12).carried_over == 1 and _month(12).in_progress == 1


def _month(m: int):
    from datetime import date
    last = (date(2026, m + 1, 1) if m < 12 else date(2027, 1, 1)) - timedelta(days=1)
    return reports.report_06a(SUPERVISOR, date(2026, m, 1), last).total


def test_monthly_report_compares_days_not_moments(office):
    """DESIGN §4 (Biểu 06a): the result DAY against the due day — 18:00 on the due day is on time."""
    d = reg(vn(2026, 11, 2, 9, 0), 1)                          # due Tue 3/11 17:00
    _resolve(d.code, vn(2026, 11, 2, 10), vn(2026, 11, 3, 18, 0))
    t = _month(11)
    assert (t.on_time, t.late) == (1, 0)


# ---- search key -----------------------------------------------------------------------------
def test_unaccent_folds_lowercase_and_capital_dd():
    """Break tried: unaccent() replacing only the capital Đ."""
    assert unaccent("đường Đinh Tiên Hoàng") == "duong dinh tien hoang"
    assert unaccent("Nguyễn Thị Đào") == unaccent("nguyen thi dao")
    assert "đ" not in unaccent("đđ Đ") and unaccent("đđ Đ") == "dd d"


def test_search_finds_lowercase_dd_typed_without_accents(office):
    """The whole path: the stored key and the typed text go through the same folding."""
    d = reg(vn(2026, 11, 2, 9, 0), name="Lê Văn đức")
    assert [x.code for x in dossiers.search("le van duc")] == [d.code]


# ---- role checks of the admin services --------------------------------------------------------
NON_ADMINS = [CLERK, SUPERVISOR]


@pytest.fixture(params=NON_ADMINS, ids=lambda u: u.role.value)
def non_admin(request, office):
    return request.param


def test_non_admin_cannot_import_or_export_the_catalog(non_admin, tmp_path):
    """Breaks tried: desk.import_catalog / desk.export_catalog without require(ADMIN)."""
    from app import catalog, desk
    src = tmp_path / "cat.json"
    src.write_text('{"procedures": [{"code": "9.999999", "name": "Thủ tục thử", "field": "Hộ tịch",'
                   ' "processing_days": 3}]}', encoding="utf-8")
    with pytest.raises(PermissionDenied):
        desk.import_catalog(non_admin, str(src))
    with pytest.raises(UserError):
        catalog.get("9.999999")
    out = tmp_path / "export.json"
    with pytest.raises(PermissionDenied):
        desk.export_catalog(non_admin, str(out))
    assert not out.exists()


def test_non_admin_cannot_change_procedures(non_admin):
    from app import catalog, desk
    proc = catalog.get("1.001193")
    with pytest.raises(PermissionDenied):
        desk.save_procedure(non_admin, proc)


def test_non_admin_cannot_set_calendar_overrides(non_admin):
    """Breaks tried: desk.set_override / remove_override without require(ADMIN)."""
    from app import calendar, desk
    from tests.app.helpers import ADMIN
    with pytest.raises(PermissionDenied):
        desk.set_override(non_admin, date(2026, 12, 31), "off", "Nghỉ bù")
    assert calendar.list_overrides() == []
    desk.set_override(ADMIN, date(2026, 12, 30), "off", "Nghỉ bù")
    with pytest.raises(PermissionDenied):
        desk.remove_override(non_admin, date(2026, 12, 30))
    assert len(calendar.list_overrides()) == 1


def test_non_admin_cannot_back_up_or_restore(non_admin, tmp_path):
    """Breaks tried: app.backup.backup / backup_to_folder / restore without require(ADMIN)."""
    from app import backup, desk
    with pytest.raises(PermissionDenied):
        desk.backup(non_admin, tmp_path / "out")
    with pytest.raises(PermissionDenied):
        backup.backup(non_admin, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "out").exists()
    with pytest.raises(PermissionDenied):
        backup.restore(non_admin, tmp_path / "whatever.sqlite3")


def test_non_admin_cannot_manage_users(non_admin):
    """Breaks tried: auth.create_user / set_role / set_active / set_password (of another user)
    / accounts and desk.users without require(ADMIN)."""
    from app import auth, desk
    from app.domain import Role
    from tests.app.helpers import PASSWORD
    calls = [
        lambda: auth.create_user(non_admin, "moi1", "Người Mới", Role.ADMIN, PASSWORD),
        lambda: auth.set_role(non_admin, "canbo1" if non_admin is SUPERVISOR else "lanhdao", Role.ADMIN),
        lambda: auth.set_role(non_admin, non_admin.username, Role.ADMIN),
        lambda: auth.set_active(non_admin, "admin", False),
        lambda: auth.set_password(non_admin, "admin", "matkhau-moi-123"),
        lambda: auth.accounts(non_admin),
        lambda: desk.users(non_admin),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    names = {u.username: u for u in auth.list_users()}
    assert "moi1" not in names and names["admin"].role == Role.ADMIN
    assert names[non_admin.username].role == non_admin.role
    assert auth.login("admin", PASSWORD).username == "admin"


def test_non_admin_cannot_set_or_clear_the_central_token(non_admin):
    """Break tried: desk.set_central_token without require(ADMIN)."""
    from app import desk
    with pytest.raises(PermissionDenied):
        desk.set_central_token(non_admin, "bi-mat-123")
    with pytest.raises(PermissionDenied):
        desk.clear_central_token(non_admin)


def test_non_admin_cannot_change_office_settings(non_admin):
    """Break tried: desk.save_settings without require(ADMIN) for non-UI keys; also the
    settings screen's data (desk.settings_screen_data)."""
    from app import desk, settings
    before = settings.raw_values()
    with pytest.raises(PermissionDenied):
        desk.save_settings(non_admin, {"office.name": "UBND xã Khác"})
    with pytest.raises(PermissionDenied):
        desk.save_settings(non_admin, {"ui.language": before.get("ui.language", "vi"),
                                       "office.name": "UBND xã Khác"})
    assert settings.raw_values() == before
    with pytest.raises(PermissionDenied):
        desk.settings_screen_data(non_admin)


@pytest.mark.parametrize("argv", [
    ["calendar", "2026-12-31", "off", "--note", "Nghỉ bù"],
    ["config", "set", "office.name", "UBND xã Khác"],
    ["catalog", "export", "{tmp}/cat.json"],
    ["backup", "--out", "{tmp}/b.sqlite3"],
    ["user", "role", "canbo1", "admin"],
    ["token", "set"],
], ids=lambda a: " ".join(a[:2]))
def test_cli_refuses_admin_commands_to_a_clerk(office, argv, tmp_path, monkeypatch, capsys):
    """The CLI's own checks (cli/core.py `auth.require(args.actor, Role.ADMIN)`): exit 2,
    nothing changed. Break tried: _calendar_set without its require."""
    import main
    from app import calendar, settings
    monkeypatch.setenv("MOTCUA_USER", CLERK.username)
    before = (settings.raw_values(), calendar.list_overrides())
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("bi-mat-123\n"))
    rc = main.main(["--db", office, *argv])
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "quyền" in err
    store.open_database(office)
    assert (settings.raw_values(), calendar.list_overrides()) == before
    assert not list(tmp_path.glob("cat.json")) and not list(tmp_path.glob("b.sqlite3"))
