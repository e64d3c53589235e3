"""A status change issues its paper in the same transaction: which form comes from the set in
force (rules.json), the number from the per-form, per-year counter."""
from __future__ import annotations

from app import desk, registration
from db.models import Audit
from tests.app.helpers import CLERK, SUPERVISOR


def _new():
    return registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An")


def test_each_status_change_issues_the_paper_the_rules_name(office_db):
    a, b, c = _new(), _new(), _new()
    assert desk.change_status(CLERK, a.code, 4).paper is None          # nothing to print
    first = desk.change_status(CLERK, a.code, 5, "Thiếu tờ khai").paper
    assert (first.kind, first.number, first.number_line) == ("supplement", 1, "Số: 1/BSHS")
    desk.change_status(CLERK, a.code, 4)
    again = desk.change_status(CLERK, a.code, 5, "Thiếu bản sao").paper
    assert again.number == 2 and not again.reprint                      # a new request, a new paper
    refused = desk.change_status(CLERK, b.code, 3, "Không thuộc thẩm quyền").paper
    assert refused.kind == "refusal" and refused.number == 1
    desk.change_status(CLERK, c.code, 4)
    stop = desk.change_status(SUPERVISOR, c.code, 8, "Dừng theo yêu cầu").paper
    assert stop.kind == "stop" and stop.set_key == "2025" and stop.form_number == "05"
    issued = [(r.object, r.action) for r in Audit.select().where(Audit.action == "paper.issue")]
    assert issued.count((a.code, "paper.issue")) == 2 and (c.code, "paper.issue") in issued


def test_a_refused_change_issues_no_paper(office_db):
    import pytest

    from app.domain import UserError
    d = _new()
    before = Audit.select().where(Audit.action == "paper.issue").count()
    with pytest.raises(UserError):
        desk.change_status(CLERK, d.code, 9)                            # 2 → 9 is not a step
    assert Audit.select().where(Audit.action == "paper.issue").count() == before
