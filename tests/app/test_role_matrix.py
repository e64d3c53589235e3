"""Every boundary function, called by every kind of actor: allowed ones get past the role
check (they may still refuse the input), refused ones get PermissionDenied before anything is
written. The table must list every actor-first function of the boundary (tests/test_layers)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app import (
    audit,
    auth,
    backup,
    corrections,
    dbcopy,
    desk,
    dossiers,
    handover,
    papers,
    ratings,
    registration,
    reports,
    search,
    workflow,
)
from app.auth import BACKUP_ACTOR, SYNC_ACTOR
from app.domain import VN_TZ, PermissionDenied, Role, User, UserError
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, table_counts
from tests.test_layers import BOUNDARY

C, S, A = "clerk", "supervisor", "admin"
PERSONS = {C: CLERK, S: SUPERVISOR, A: ADMIN}
FORGED = User("canbo1", "Lê Thị Hoa", Role.ADMIN)          # a clerk claiming to be admin
DAY = date(2026, 12, 31)


def _matrix(code: str, tmp) -> dict[str, tuple[set[str], object]]:
    """name -> (roles allowed, call(actor))."""
    from app.sync import dvcqg, dvcqg_mapping
    proc = None

    def save_proc(a):
        nonlocal proc
        from app import catalog
        proc = proc or catalog.get("1.001193")
        return desk.save_procedure(a, proc)
    return {
        "desk.adapter_setting": ({S, A}, lambda a: desk.adapter_setting(a, "sync.zalo.url")),
        "desk.apologize_until": ({S, A}, lambda a: desk.apologize_until(a, code, DAY, "Chậm")),
        "desk.backup": ({A}, lambda a: desk.backup(a, tmp / "bk")),
        "desk.clear_central_token": ({A}, lambda a: desk.clear_central_token(a)),
        "desk.dossier_view": ({C, S, A}, lambda a: desk.dossier_view(a, code)),
        "desk.events": ({S, A}, lambda a: desk.events(a)),
        "desk.export_catalog": ({A}, lambda a: desk.export_catalog(a, str(tmp / "cat.json"))),
        "desk.failed_events": ({S, A}, lambda a: desk.failed_events(a)),
        "desk.find": ({C, S, A}, lambda a: desk.find(a, "nguyen")),
        "desk.import_catalog": ({A}, lambda a: desk.import_catalog(a, str(tmp / "none.json"))),
        "desk.monthly_report": ({S, A}, lambda a: desk.monthly_report(a, 2026, 11)),
        "desk.queue_filters": ({S, A}, lambda a: desk.queue_filters(a)),
        "desk.queue_for": ({S, A}, lambda a: desk.queue_for(a)),
        "desk.receipt": ({C, S, A}, lambda a: desk.receipt(a, code)),
        "desk.register_book": ({C, S, A}, lambda a: desk.register_book(a, DAY, DAY)),
        "desk.remove_override": ({A}, lambda a: desk.remove_override(a, DAY)),
        "desk.retry_events": ({S, A}, lambda a: desk.retry_events(a)),
        "desk.retry_dossier_events": ({S, A}, lambda a: desk.retry_dossier_events(a, code)),
        "desk.save_printer_settings": ({C, S, A}, lambda a: desk.save_printer_settings(
            a, {"printer.width": "384"})),
        "desk.save_procedure": ({A}, save_proc),
        "desk.save_settings": ({A}, lambda a: desk.save_settings(a, {"office.name": "UBND xã X"})),
        "desk.save_settings(ui)": ({C, S, A}, lambda a: desk.save_settings(a, {"ui.theme": "flatly"})),
        "desk.save_settings(printer)": ({C, S, A}, lambda a: desk.save_settings(a, {"printer.width": "384"})),
        "desk.save_settings(printer+office)": ({A}, lambda a: desk.save_settings(
            a, {"printer.width": "384", "office.name": "UBND xã X"})),
        "desk.search_page": ({C, S, A}, lambda a: desk.search_page(a, "nguyen")),
        "desk.search_filters": ({C, S, A}, lambda a: desk.search_filters(a)),
        "search.find": ({C, S, A}, lambda a: search.find(a, "van an")),
        "desk.seed_demo": ({A}, lambda a: desk.seed_demo(a, 1)),
        "desk.set_central_token": ({A}, lambda a: desk.set_central_token(a, "tok-123")),
        "desk.set_override": ({A}, lambda a: desk.set_override(a, DAY, "off")),
        "desk.settings_screen_data": ({A}, lambda a: desk.settings_screen_data(a)),
        "desk.show": ({C, S, A}, lambda a: desk.show(a, code)),
        "desk.suggested_new_due": ({S, A}, lambda a: desk.suggested_new_due(a, code)),
        "desk.users": ({A}, lambda a: desk.users(a)),
        "auth.accounts": ({A}, lambda a: auth.accounts(a)),
        "auth.create_user": ({A}, lambda a: auth.create_user(a, f"u{a.role.value[:3]}", "Người Mới",
                                                             Role.CLERK, "matkhau-moi-1")),
        "auth.set_active": ({A}, lambda a: auth.set_active(a, "lanhdao", True)),
        "auth.set_password": ({C, A}, lambda a: auth.set_password(a, "canbo1", "matkhau-khac-9")),
        "auth.set_role": ({A}, lambda a: auth.set_role(a, "lanhdao", Role.SUPERVISOR)),
        "auth.require": ({A}, lambda a: auth.require(a, Role.ADMIN)),
        "registration.register": ({C, S, A}, lambda a: registration.register(
            a, procedure_code="1.001193", name="Trần Văn Bình")),
        "registration.suggest_applicant": ({C, S, A}, lambda a: registration.suggest_applicant(
            a, "024199001111")),
        "workflow.change_status": ({C, S, A}, lambda a: workflow.change_status(a, code, 4)),
        "workflow.apologize": ({S, A}, lambda a: workflow.apologize(
            a, code, datetime.now(VN_TZ) + timedelta(days=40), "Chậm")),
        "audit.entries": ({S, A}, lambda a: audit.entries(a)),
        "audit.verify": ({S, A}, lambda a: audit.verify(a)),
        "audit.grant_app_role": ({A}, lambda a: audit.grant_app_role(a, "motcua_app")),
        "backup.backup": ({A}, lambda a: backup.backup(a, tmp / "b.sqlite3")),
        "backup.restore": ({A}, lambda a: backup.restore(a, tmp / "missing.sqlite3")),
        "backup.daily_backup": ({A}, lambda a: backup.daily_backup(a, tmp / "daily")),
        "dbcopy.copy_to": ({A}, lambda a: dbcopy.copy_to(a, "postgresql://x@127.0.0.1:1/none")),
        # ---- reports ----
        "reports.report_06a": ({S, A}, lambda a: reports.report_06a(a, date(2026, 11, 1), DAY)),
        "reports.queue": ({S, A}, lambda a: reports.queue(a)),
        "reports.uncollected": ({S, A}, lambda a: reports.uncollected(a)),
        "reports.remind": ({S, A}, lambda a: reports.remind(a)),
        "reports.export_dossiers": ({S, A}, lambda a: reports.export_dossiers(a, DAY, DAY, tmp / "x.csv")),
        "reports.received_per_day": ({S, A}, lambda a: reports.received_per_day(a)),
        "reports.on_time_by_month": ({S, A}, lambda a: reports.on_time_by_month(a, 2)),
        "ratings.import_file": ({S, A}, lambda a: ratings.import_file(a, tmp / "none.csv")),
        "ratings.satisfaction": ({S, A}, lambda a: ratings.satisfaction(a, "2026-11")),
        "ratings.followups": ({S, A}, lambda a: ratings.followups(a)),
        "ratings.record_call": ({S, A}, lambda a: ratings.record_call(a, 1, "explained")),
        # ---- end reports ----
        "corrections.amend": ({C, S, A}, lambda a: corrections.amend(a, code, {"phone": "0987654321"},
                                                                     "Sai số")),
        "corrections.preview": ({C, S, A}, lambda a: corrections.preview(a, code, "1.004884")),
        "corrections.can_amend": ({C, S, A}, lambda a: corrections.can_amend(a, dossiers.get(code))),
        "papers.issue": ({C, S, A}, lambda a: papers.issue(a, "01", code)),
        "papers.for_status": ({C, S, A}, lambda a: papers.for_status(a, code, 5)),
        "desk.change_status": ({C, S, A}, lambda a: desk.change_status(a, code, 4)),
        "desk.apologize_with_paper": ({S, A}, lambda a: desk.apologize_with_paper(a, code, DAY, "Chậm")),
        "papers.issue_number": ({C, S, A}, lambda a: papers.issue_number(a, "01", code)),
        # ---- hand-over to departments: clerks hand over, supervisors edit the list ----
        "handover.departments": ({C, S, A}, lambda a: handover.departments(a, include_inactive=True)),
        "handover.add_department": ({S, A}, lambda a: handover.add_department(a, f"Phòng {a.role.value}")),
        "handover.rename_department": ({S, A}, lambda a: handover.rename_department(a, 999, "Phòng X")),
        "handover.deactivate_department": ({S, A}, lambda a: handover.deactivate_department(a, 999)),
        "handover.activate_department": ({S, A}, lambda a: handover.activate_department(a, 999)),
        "handover.hand_over": ({C, S, A}, lambda a: handover.hand_over(a, code, "Phòng không có")),
        "handover.receive_back": ({C, S, A}, lambda a: handover.receive_back(a, code)),
        "handover.records": ({C, S, A}, lambda a: handover.records(a, code)),
        "handover.overview": ({C, S, A}, lambda a: handover.overview(a, code)),
        "sync.dvcqg.sync_catalog": ({A}, lambda a: dvcqg.sync_catalog(a)),
        "sync.dvcqg_mapping.set_mapping": ({A}, lambda a: dvcqg_mapping.set_mapping(
            a, "L.000001", "1.000001")),
        "sync.dvcqg_mapping.delete_mapping": ({A}, lambda a: dvcqg_mapping.delete_mapping(
            a, "L.000001")),
        "sync.dvcqg_mapping.import_csv": ({A}, lambda a: dvcqg_mapping.import_csv(
            a, tmp / "none.csv")),
    }


def test_the_matrix_lists_every_boundary_function(tmp_path):
    listed = {k.split("(")[0] for k in _matrix("X", tmp_path)}
    boundary = {f"{m.split('.', 1)[1]}.{n}" for m, (actor, _f) in BOUNDARY.items() for n in actor}
    assert boundary - listed == set()


def test_role_matrix(any_office, tmp_path):
    d = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An",
                              id_number="024199001111")
    for name, (allowed, call) in _matrix(d.code, tmp_path).items():
        for role, actor in PERSONS.items():
            if role in allowed:
                try:
                    call(actor)
                except PermissionDenied as exc:
                    pytest.fail(f"{name} refused {role}: {exc.message}")
                except UserError:
                    pass                               # past the role check; input refused
            else:
                before = table_counts()
                with pytest.raises(PermissionDenied):
                    call(actor)
                assert table_counts() == before, name
        for intruder in (FORGED, SYNC_ACTOR):              # never anything
            with pytest.raises(PermissionDenied):
                call(intruder)
        if name != "backup.daily_backup":                  # the one job of that actor
            with pytest.raises(PermissionDenied):
                call(BACKUP_ACTOR)


def test_a_disabled_user_is_refused_everywhere(office_db):
    auth.set_active(ADMIN, CLERK.username, False)
    with pytest.raises(PermissionDenied):
        desk.find(CLERK, "nguyen")
    with pytest.raises(PermissionDenied):
        registration.register(CLERK, procedure_code="1.001193", name="Trần Văn Bình")


def test_the_sync_worker_acts_as_its_own_actor_only(office_db):
    from app.sync.worker import SyncWorker
    w = SyncWorker(office_db)
    assert w.actor == SYNC_ACTOR
    w.run(once=True)                                   # nothing to send: fine
    for person in (CLERK, ADMIN, FORGED):              # nobody else may run the delivery loop
        with pytest.raises(PermissionDenied):
            SyncWorker(office_db, actor=person)
