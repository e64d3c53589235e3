"""Hand-over steps reach the national portal as progress (CapNhatTienDoHoSoMC) naming the
department (PhongBanXuLy) and, when recorded, the receiving officer (NguoiXuLy): the only
place the contract has for them. Checked against the stand-in gateway, schema included."""
from __future__ import annotations

from app import handover
from app.store import open_database
from tests.app.helpers import CLERK, SUPERVISOR
from tests.sync.conftest import make_dossiers
from tests.sync.dvcqg_support import check_portal, configure, drained, drive, worker
from tests.sync.gateway import Gateway


def test_hand_over_progress_names_the_department(office_db, monkeypatch):
    open_database(office_db)
    dept = handover.add_department(SUPERVISOR, "Phòng Tư pháp")
    codes = make_dossiers(2, steps=())
    for code in codes:
        handover.hand_over(CLERK, code, dept.id, officer="Trần Thị Bích")   # 2 → 4
        handover.receive_back(CLERK, code, "Đã ký")                         # 4 → 4
    from app import workflow
    for code in codes:
        for s in (9, 10):
            workflow.change_status(CLERK, code, s)
    with Gateway(fault_rate=0.1) as g:
        configure(monkeypatch, g)
        drive(worker(), drained, what="outbox drained")
        check_portal(g, codes)
        steps = [(p["TrangThai"], p["PhongBanXuLy"], p["NguoiXuLy"]) for p in g.progress[codes[0]]]
    assert steps == [("4", "Phòng Tư pháp", "Trần Thị Bích"), ("4", "Phòng Tư pháp", "Lê Thị Hoa"),
                     ("9", "", "Lê Thị Hoa"), ("10", "", "Lê Thị Hoa")]
