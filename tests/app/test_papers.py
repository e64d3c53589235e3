"""Issued paper numbers, reprints, the paper set by issue day, the register book's queries."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app import audit, papers, registration, store
from app.domain import VN_TZ, PermissionDenied, Role, User, UserError
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR, record_events


def _register(name="Bùi Thị Xuân", at=None):
    return registration.register(CLERK, procedure_code="1.001193", name=name, received_at=at)


def test_numbers_count_per_form_and_reprints_reuse_them(any_office):
    store.open_database(any_office)
    a, b = _register("Nguyễn Văn An"), _register("Trần Thị Bình")
    first = papers.issue(CLERK, "receipt", a.code)
    assert (first.number, first.reprint) == (1, False)
    assert papers.issue_number(CLERK, "receipt", b.code) == 2          # next number, same form
    with pytest.raises(UserError, match="chưa có yêu cầu bổ sung"):    # no request asked yet
        papers.issue(SUPERVISOR, "supplement", a.code)
    record_events(a.code, "supplement")
    assert papers.issue_number(SUPERVISOR, "supplement", a.code) == 1  # its own counter
    again = papers.issue(CLERK, "receipt", a.code)
    assert (again.number, again.reprint, again.set_key) == (1, True, first.set_key)
    assert papers.issue_number(CLERK, "receipt", a.code) == 1
    assert papers.issue(CLERK, "supplement", a.code, new=True).number == 2   # a second request
    trail = [e for e in audit.entries(SUPERVISOR, obj=a.code) if e.action.startswith("paper.")]
    assert [e.action for e in reversed(trail)] == ["paper.issue", "paper.issue", "paper.reprint",
                                                   "paper.reprint", "paper.issue"]
    assert trail[-1].details["number"] == 1 and trail[-1].details["kind"] == "receipt"
    assert papers.issued(b.code, "receipt").number == 2
    assert papers.issued(b.code, "apology") is None


def test_unnumbered_forms_and_roles(office_db):
    store.open_database(office_db)
    d = _register()
    assert papers.issue(CLERK, "control", d.code).number is None         # Phiếu kiểm soát: no Số
    record_events(d.code, "refusal", "stop")
    assert papers.issue(ADMIN, "refusal", d.code).number == 1
    with pytest.raises(PermissionDenied):
        papers.issue(User("dongbo", "Đồng bộ", Role.SYNC), "receipt", d.code)
    with pytest.raises(UserError):
        papers.issue(CLERK, "receipt", "000.17.22.H56-990101-9999")
    with pytest.raises(UserError):
        papers.issue(CLERK, "stop", d.code, at=datetime(2025, 9, 14, 9, tzinfo=VN_TZ))   # no 2018 form


def test_set_follows_the_issue_day_and_years_restart(office_db):
    store.open_database(office_db)
    d1, d2 = _register("Lê Văn Một"), _register("Lê Văn Hai")
    record_events(d1.code, "apology")
    record_events(d2.code, "apology")
    old = papers.issue(CLERK, "apology", d1.code, at=datetime(2025, 9, 14, 10, tzinfo=VN_TZ))
    new = papers.issue(CLERK, "apology", d2.code, at=datetime(2025, 9, 16, 10, tzinfo=VN_TZ))
    assert (old.set_key, old.form_number) == ("2018", "05")
    assert (new.set_key, new.form_number) == ("2025", "04")
    assert old.number == new.number == 1                                  # different forms
    again = papers.issue(CLERK, "apology", d1.code)                        # reprint after 15/9
    assert (again.set_key, again.form_number, again.reprint) == ("2018", "05", True)
    d3 = _register("Lê Văn Ba")
    record_events(d3.code, "apology")
    assert papers.issue(CLERK, "2025-04", d3.code, at=datetime(2025, 12, 31, 16, tzinfo=VN_TZ)).number == 2
    d4 = _register("Lê Văn Bốn")
    record_events(d4.code, "apology")
    assert papers.issue(CLERK, "2025-04", d4.code, at=datetime(2026, 1, 2, 8, tzinfo=VN_TZ)).number == 1


def test_register_book_is_one_query_per_page(office_db, monkeypatch):
    """20,000 dossiers: a fixed number of queries (pages); the render time is a benchmark."""
    from app import demo, dossiers, settings
    from db.connection import current
    from printing import forms
    from printing.pdf_backend import render_pdf
    store.open_database(office_db)
    demo.seed(20000, days=300)
    db = current()
    calls = []
    original = db.execute_sql
    monkeypatch.setattr(db, "execute_sql", lambda *a, **k: calls.append(a[0]) or original(*a, **k))
    book = dossiers.register_book(date(2020, 1, 1), date(2030, 12, 31))
    monkeypatch.setattr(db, "execute_sql", original)
    pdf = render_pdf(forms.form_06(book, settings.office(), date(2020, 1, 1), date(2030, 12, 31)))
    assert len(book) == 20000
    pages = -(-20000 // dossiers.REGISTER_PAGE)
    fixed = 5                              # catalog, users, the tracking-template setting (3 reads)
    assert len(calls) <= pages + 1 + fixed, "\n".join(c[:90] for c in calls)
    # the ≤ 10 s for 20,000 rows is held by benchmarks/bench_register.py (register.total_s),
    # not here: a timed unit test failed at 10.13 s CPU on a loaded CI machine
    assert pdf.startswith(b"%PDF")
    assert [d.register_no for d in book[:3]] == sorted(d.register_no for d in book[:3])


def test_a_reprint_under_another_set_is_refused_with_the_reason(office_db):
    store.open_database(office_db)
    d = _register()
    assert papers.issue(CLERK, "2025-06", d.code).set_key == "2025"          # Phiếu kiểm soát, 2025
    with pytest.raises(UserError, match="Thông tư 03/2025/TT-VPCP") as e:
        papers.issue(CLERK, "2018-04", d.code)                                # the same paper, 2018
    assert e.value.field == "set"
    assert papers.issue(CLERK, "control", d.code).reprint                    # by kind: the first set
    with pytest.raises(UserError, match="chưa bị dừng giải quyết"):
        papers.issue(CLERK, "stop", d.code)
