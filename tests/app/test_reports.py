from datetime import datetime

import openpyxl
import pytest

from app import registration, reports, store, workflow
from app.domain import VN_TZ
from app.report_xlsx import write_monthly
from tests.app.helpers import CLERK


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
    ready = reg(vn(2026, 11, 10, 9), 1)
    workflow.change_status(CLERK, ready.code, 4, at=vn(2026, 11, 10, 10))
    workflow.change_status(CLERK, ready.code, 9, at=vn(2026, 11, 11, 10))
    q = reports.queue(now=now)
    assert [d.code for d in q.overdue] == [overdue.code]
    assert [d.code for d in q.due_today] == [due_today.code]
    assert [d.code for d in q.at_risk] == [at_risk.code]
    assert [d.code for d in q.supplement] == [sup.code]
    assert later.code not in {d.code for lst in (q.overdue, q.due_today, q.at_risk) for d in lst}
    assert q.counts["overdue"] == 1 and q.counts["due_today"] == 1
    # result ready Wed 11/11: three working days later (16/11) it counts as not collected
    assert ready.code in [d.code for d in q.uncollected]
    assert ready.code not in [d.code for d in reports.queue(now=vn(2026, 11, 13, 10)).uncollected]
    assert reports.queue(clerk="nobody", now=now).counts["overdue"] == 0
    assert reports.queue(field="Chứng thực", now=now).counts["overdue"] == 0
    assert reports.queue(field="Hộ tịch", now=now).counts["overdue"] == 1


def test_monthly_and_xlsx(office, tmp_path):
    a = reg(vn(2026, 11, 2, 9), 1)
    workflow.change_status(CLERK, a.code, 4, at=vn(2026, 11, 2, 10))
    workflow.change_status(CLERK, a.code, 9, at=vn(2026, 11, 3, 9))         # on time
    b = reg(vn(2026, 11, 2, 9), 1, name="Lý Thường Kiệt")
    workflow.change_status(CLERK, b.code, 4, at=vn(2026, 11, 2, 10))
    workflow.change_status(CLERK, b.code, 9, at=vn(2026, 11, 6, 9))         # late
    reg(vn(2026, 11, 4, 9), 30)                                               # pending
    rep = reports.monthly(2026, 11)
    assert rep.total.received == 3 and rep.total.resolved_on_time == 1
    assert rep.total.resolved_late == 1 and rep.total.pending == 1
    path = write_monthly(rep, "UBND xã Phương Sơn", tmp_path / "m.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws["A1"].value == "UBND xã Phương Sơn"
    assert ws["A2"].value == "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 11/2026"
    assert [c.value for c in ws[ws.max_row]][:4] == ["Tổng cộng", 3, 1, 1]


def test_pending_is_measured_at_month_end(office, tmp_path):
    a = reg(vn(2026, 10, 26, 9), 1)
    workflow.change_status(CLERK, a.code, 4, at=vn(2026, 10, 27, 9))
    workflow.change_status(CLERK, a.code, 9, at=vn(2026, 11, 5, 9))        # resolved in November
    october = reports.monthly(2026, 10)
    assert october.total.received == 1 and october.total.pending == 1
    assert october.total.pending_overdue == 1                             # due 27/10, still open 31/10
    november = reports.monthly(2026, 11)
    assert november.total.received == 0 and november.total.pending == 0
    assert november.total.resolved_late == 1


def test_monthly_report_pdf(office, tmp_path):
    import subprocess

    from app import settings
    from printing.pdf_backend import render_pdf
    from printing.reports import monthly_report
    reg(vn(2026, 11, 2, 9), 1)
    doc = monthly_report(reports.monthly(2026, 11), settings.office(), vn(2026, 12, 1, 8))
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(render_pdf(doc))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THÁNG 11/2026" in text
    assert "UBND XÃ PHƯƠNG SƠN" in text and "Hộ tịch" in text and "Tổng cộng" in text
