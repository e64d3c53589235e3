"""A correction after registration reaches the national portal as an update of the dossier
(DongBoHoSoMC isUpdating=True: new ChuHoSo, phone, procedure, due date) plus one progress
entry, and is not listed as an apology or supplement."""
from __future__ import annotations

import pytest

from app import corrections, sync, workflow
from app.store import open_database
from tests.app.helpers import SUPERVISOR
from tests.sync.conftest import make_dossiers
from tests.sync.dvcqg_support import check_portal, configure, drained, drive, worker
from tests.sync.gateway import Gateway


@pytest.fixture
def gw():
    with Gateway() as g:
        yield g


def test_a_correction_updates_the_portal_dossier(any_office, monkeypatch, gw):
    open_database(any_office)
    (code,) = make_dossiers(1, steps=())
    a = corrections.amend(SUPERVISOR, code, {"name": "Nguyễn Văn Ân", "phone": "0987654321",
                                             "procedure": "1.004884"}, "Gõ nhầm")
    workflow.change_status(SUPERVISOR, code, 4)
    configure(monkeypatch, gw)
    drive(worker(), drained, what="outbox drained")
    assert sync.status().delivered == 3 and sync.status().failed == 0
    check_portal(gw, [code], final="4")
    item = gw.dossiers[code]
    assert (item["ChuHoSo"], item["SoDienThoai"], item["MaTTHC"]) == \
        ("Nguyễn Văn Ân", "0987654321", "1.004884")
    from app.sync.dvcqg_map import portal_time
    assert item["NgayHenTra"] == portal_time(a.dossier.due_at)
    assert item["DanhSachHoSoBoSung"] == []                 # a correction is no apology
    notes = [p["NoiDungXuLy"] for p in gw.progress[code]]
    assert notes[0].startswith("Sửa thông tin sau tiếp nhận") and "098****321" in notes[0]
