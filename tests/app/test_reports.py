from datetime import datetime

import peewee as pw
import pytest

from app import registration, reports, store, workflow
from app.domain import VN_TZ, PermissionDenied, UserError
from app.reports.values import Cells
from tests.app import report_fixture as fx
from tests.app.helpers import CLERK, SUPERVISOR


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


def reg(at, days, name="Võ Thị Sáu", clerk=CLERK):
    return registration.register(clerk, procedure_code="1.001193", name=name, received_at=at,
                                 processing_days=days)


@pytest.fixture
def office(any_office):
    store.open_database(any_office)


def test_queue_buckets(office):
    now = vn(2026, 11, 25, 10, 0)                              # Wednesday
    overdue = reg(vn(2026, 11, 20, 9), 1)                      # due Mon 23/11
    due_today = reg(vn(2026, 11, 23, 9), 1)                    # 24/11 is a holiday → Wed 25/11
    at_risk = reg(vn(2026, 11, 25, 8), 1)                      # due Thu 26/11
    later = reg(vn(2026, 11, 25, 8, 30), 10)                   # not in any list
    sup = reg(vn(2026, 11, 18, 9), 5)
    workflow.change_status(CLERK, sup.code, 5, "Thiếu tờ khai", at=vn(2026, 11, 19, 9))
    fin = reg(vn(2026, 11, 18, 9), 10)
    workflow.change_status(CLERK, fin.code, 4, at=vn(2026, 11, 18, 10))
    workflow.change_status(CLERK, fin.code, 6, at=vn(2026, 11, 19, 10))
    ready = reg(vn(2026, 11, 10, 9), 1)
    workflow.change_status(CLERK, ready.code, 4, at=vn(2026, 11, 10, 10))
    workflow.change_status(CLERK, ready.code, 9, at=vn(2026, 11, 11, 10))
    q = reports.queue(SUPERVISOR, now=now)
    assert [d.code for d in q.overdue] == [overdue.code]
    assert [d.code for d in q.due_today] == [due_today.code]
    assert [d.code for d in q.at_risk] == [at_risk.code]
    assert [d.code for d in q.supplement] == [sup.code]
    assert [d.code for d in q.financial] == [fin.code]
    assert later.code not in {d.code for lst in (q.overdue, q.due_today, q.at_risk) for d in lst}
    assert q.counts["overdue"] == 1 and q.counts["due_today"] == 1 and q.counts["financial"] == 1
    assert q.by_clerk[CLERK.username]["overdue"] == 1 and q.by_field["Hộ tịch"]["supplement"] == 1
    # result ready Wed 11/11: three working days later (16/11) it counts as not collected
    assert ready.code in [d.code for d in q.uncollected]
    assert ready.code not in [d.code for d in reports.queue(SUPERVISOR, now=vn(2026, 11, 13, 10)).uncollected]
    assert reports.queue(SUPERVISOR, clerk="nobody", now=now).counts["overdue"] == 0
    assert reports.queue(SUPERVISOR, field="Chứng thực", now=now).counts["overdue"] == 0
    assert reports.queue(SUPERVISOR, field="Hộ tịch", now=now).counts["overdue"] == 1
    # counts stay exact when the lists are capped
    capped = reports.queue(SUPERVISOR, now=now, limit=1)
    assert len(capped.supplement) == 1 and capped.counts["uncollected"] == 1
    with pytest.raises(PermissionDenied):
        reports.queue(CLERK, now=now)


def check_identities(c: Cells):
    assert c.received == c.carried_over + c.online + c.counter_post
    assert c.received == c.resolved + c.in_progress + c.refused + c.withdrawn + c.stopped


def test_06a_fixture_every_cell(office):
    fx.build()
    rep = reports.report_06a(SUPERVISOR, *fx.PERIOD)
    got = {r.key: r.cells for r in rep.by_field}
    assert list(got) == ["Hộ tịch", "Chứng thực"]           # catalog order of fields
    for name, cells in fx.EXPECTED.items():
        assert got[name] == Cells(**cells), name
        check_identities(got[name])
    check_identities(rep.total)
    j = rep.as_json()
    assert j["from"] == "2026-10-01" and j["to"] == "2026-10-31"
    assert j["total"]["received"] == {"carried_over": 3, "online": 2, "counter_post": 10, "total": 15}
    assert j["total"]["resolved"] == {"early": 2, "on_time": 3, "late": 1, "total": 6}
    assert j["total"]["in_progress"] == {"within": 3, "overdue": 3, "total": 6}
    assert (j["total"]["refused"], j["total"]["withdrawn"], j["total"]["stopped"]) == (1, 1, 1)
    assert j["total"]["on_time_rate"] == 83.3
    assert j["by_field"][1] == {"field": "Chứng thực", **Cells(**fx.EXPECTED["Chứng thực"]).as_json()}
    with pytest.raises(PermissionDenied):
        reports.report_06a(CLERK, *fx.PERIOD)


def test_06a_by_procedure_and_clerk(office):
    fx.build()
    by_p = reports.report_06a(SUPERVISOR, *fx.PERIOD, by="procedure").as_json()
    assert [p["procedure"] for p in by_p["by_procedure"]] == [fx.HT, fx.CT]
    by_c = reports.report_06a(SUPERVISOR, *fx.PERIOD, by="clerk").as_json()
    assert [c["clerk"] for c in by_c["by_clerk"]] == [CLERK.username]
    assert by_c["by_clerk"][0]["received"]["total"] == 15 and len(by_c["by_field"]) == 2


def test_carried_over_measured_at_the_period_start(office):
    a = reg(vn(2026, 9, 28, 9), 1)
    workflow.change_status(CLERK, a.code, 4, at=vn(2026, 9, 29, 9))
    workflow.change_status(CLERK, a.code, 9, at=vn(2026, 10, 5, 9))        # resolved in October
    sept = reports.report_06a(SUPERVISOR, *reports.month_period("2026-09")).total
    assert sept.counter_post == 1 and sept.overdue == 1 and sept.carried_over == 0
    octo = reports.report_06a(SUPERVISOR, *reports.month_period("2026-10")).total
    assert octo.carried_over == 1 and octo.late == 1 and octo.in_progress == 0


def test_export_is_audited_and_supervisor_only(office, tmp_path):
    from db.models import Audit
    fx.build()
    n = reports.export_dossiers(SUPERVISOR, *fx.PERIOD, tmp_path / "x.csv", field="Chứng thực")
    assert n == 1
    row = Audit.select().where(Audit.action == "report.export").get()
    assert row.username == SUPERVISOR.username and '"rows":1' in row.details
    with pytest.raises(PermissionDenied):
        reports.export_dossiers(CLERK, *fx.PERIOD, tmp_path / "y.csv")
    with pytest.raises(UserError):
        reports.export_dossiers(SUPERVISOR, *fx.PERIOD, tmp_path / "y.txt")


def test_uncollected_and_reminder_once(office):
    from db.models import OutboxEvent
    fx.build()
    now = vn(2026, 10, 20, 9)
    items = reports.uncollected(SUPERVISOR, now=now)
    # ready 22/9, 2/10, 5/10 (Chứng thực), 7/10, 13/10, 14/10: ≥ 3 working days by Tue 20/10
    assert [u.working_days for u in items] == [20, 12, 11, 9, 5, 4]
    assert items[0].phone == "0912345678"
    before = OutboxEvent.select().count()
    first = reports.remind(SUPERVISOR, now=now)
    assert sorted(first) == sorted(u.code for u in items)
    assert OutboxEvent.select().count() == before + len(items)
    assert reports.remind(SUPERVISOR, now=now) == []                         # once per dossier
    assert all(u.reminded_at for u in reports.uncollected(SUPERVISOR, now=now))
    with pytest.raises(PermissionDenied):
        reports.uncollected(CLERK)


def test_finished_exactly_at_the_period_start_is_carried_over(office):
    a = reg(vn(2026, 9, 28, 9), 5)
    workflow.change_status(CLERK, a.code, 4, at=vn(2026, 9, 28, 10))
    workflow.change_status(CLERK, a.code, 9, at=vn(2026, 10, 1, 0, 0))     # the first instant of October
    octo = reports.report_06a(SUPERVISOR, *reports.month_period("2026-10")).total
    assert (octo.carried_over, octo.early, octo.in_progress) == (1, 1, 0)
    sept = reports.report_06a(SUPERVISOR, *reports.month_period("2026-09")).total
    assert (sept.counter_post, sept.within, sept.resolved) == (1, 1, 0)


def test_06a_same_when_rows_were_last_changed_long_ago(office):
    """Rows whose last change is before the period's end are read from the row itself (no
    history lookup): with updated_at set to each dossier's last event, every cell stays."""
    from db.models import Dossier, StatusHistory
    fx.build()
    last = (StatusHistory.select(pw.fn.MAX(StatusHistory.at)).where(StatusHistory.dossier == Dossier.id))
    Dossier.update(updated_at=last).execute()
    fast = reports.report_06a(SUPERVISOR, *fx.PERIOD)
    assert {r.key: r.cells for r in fast.by_field} == {k: Cells(**v) for k, v in fx.EXPECTED.items()}


def test_trends_for_the_supervisor_screen(office):
    from datetime import date

    from app.reports import trends
    fx.build()
    daily = dict(trends.received_per_day(SUPERVISOR, 30, today=date(2026, 10, 9)))
    assert daily[date(2026, 10, 5)] == 5 and daily[date(2026, 10, 8)] == 3
    assert date(2026, 10, 4) not in daily                       # a Sunday with nothing received
    months = trends.on_time_by_month(SUPERVISOR, 3, date(2026, 11, 1))
    assert months == [("2026-09", 1, 100.0), ("2026-10", 6, 83.3), ("2026-11", 1, 0.0)]
    with pytest.raises(PermissionDenied):
        trends.received_per_day(CLERK)
