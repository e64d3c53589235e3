"""DVCQG adapter against the stand-in gateway: order, exactly once in effect, faults, sessions,
bad credentials, unmapped procedures, settings and privacy."""
from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from app import sync
from app.domain import PermissionDenied, UserError
from app.store import open_database
from tests.app.helpers import ADMIN, CLERK, SUPERVISOR
from tests.sync.conftest import make_dossiers
from tests.sync.dvcqg_support import check_portal, configure, drained, drive, worker
from tests.sync.gateway import Gateway


@pytest.fixture
def gw():
    with Gateway() as g:
        yield g


def test_200_dossiers_under_faults_each_once_final_status_progress_in_order(office_db,
                                                                            monkeypatch):
    open_database(office_db)
    codes = make_dossiers(200, steps=(4, 9, 10))                        # 800 events
    with Gateway(fault_rate=0.08, slow_seconds=0.3) as g:
        configure(monkeypatch, g)
        w = worker()
        drive(w, drained, timeout=240, what="outbox drained")
        st = sync.status()
        assert st.delivered == 800 and st.failed == 0
        check_portal(g, codes)
        assert sum(g.faults.values()) > 20 and g.refused_new == 0
        c = w._client.stats
        print(f"\n800 events: {c['http_calls']} HTTP calls ({c['http_calls'] / 800:.2f}/event), "
              f"faults {dict(g.faults)}, re-sends {c['resends']}, re-sent registrations recognised "
              f"as updates {c['resend_as_update']}, progress already there {c['progress_already_there']}")


def test_supplement_and_apology_on_both_engines(any_office, monkeypatch):
    from app import workflow
    open_database(any_office)
    codes = make_dossiers(15, steps=(4, 5))
    for code in codes:
        workflow.apologize(SUPERVISOR, code, _due(code) + timedelta(days=3), "Chờ xác minh")
        for s in (4, 9, 10):
            workflow.change_status(ADMIN, code, s)
    with Gateway(fault_rate=0.2, slow_seconds=0.3) as g:
        configure(monkeypatch, g)
        drive(worker(), drained, what="outbox drained")
        check_portal(g, codes)
        item = g.dossiers[codes[0]]
        kinds = [(b["TrangThaiBoSung"], bool(b["NgayHenTraMoi"])) for b in item["DanhSachHoSoBoSung"]]
        assert kinds == [("1", True), ("1", True)]          # supplement received, apology
        assert item["NgayTra"] and item["NgayKetThucXuLy"]


def _due(code):
    from app.store import from_db
    from db.models import Dossier
    return from_db(Dossier.get(Dossier.code == code).due_at)


def test_wrong_password_stops_sending_with_a_visible_reason(office_db, monkeypatch, gw):
    open_database(office_db)
    make_dossiers(3, steps=(4,))
    configure(monkeypatch, gw, password="sai-mat-khau")
    w = worker()
    drive(w, lambda: sync.status().token_invalid, what="credentials refused")
    for _ in range(20):
        w._step()
    st = sync.status()
    assert st.token_invalid and st.pending == 6 and st.delivered == 0
    assert "từ chối đăng nhập" in st.last_error and "motcua" in st.last_error
    assert "sai-mat-khau" not in st.last_error
    assert dict(gw.calls) == {"auth": 1}                     # stopped: no retry storm
    configure(monkeypatch, gw)                               # the right password: sending resumes
    w.wake()
    drive(w, drained, what="outbox drained")
    assert not sync.status().token_invalid


def test_expired_session_is_reopened_once_then_the_call_repeated(office_db, monkeypatch, gw):
    open_database(office_db)
    [code] = make_dossiers(1, steps=(4,))
    configure(monkeypatch, gw)
    gw.force = ["ok", "expire"]                              # auth ok, TraCuuHoSo: expired
    w = worker()
    drive(w, drained, what="outbox drained")
    assert gw.calls["auth"] == 2 and w._client.stats["session_expired"] == 1
    check_portal(gw, [code], final="4")


def test_session_refused_after_fresh_login_stops(office_db, monkeypatch, gw):
    open_database(office_db)
    make_dossiers(1, steps=())
    configure(monkeypatch, gw)
    gw.force = ["ok", "expire", "ok", "expire"]
    w = worker()
    drive(w, lambda: sync.status().token_invalid, what="stop")
    assert "phiên đăng nhập" in sync.status().last_error and sync.status().pending == 1


def test_lost_answers_make_resends_updates_and_no_second_progress(office_db, monkeypatch, gw):
    open_database(office_db)
    [code] = make_dossiers(1, steps=(4,))
    configure(monkeypatch, gw)
    # registration: auth, TraCuuHoSo, DongBoHoSoMC stored then dropped
    # status 4: DongBoHoSoMC ok, CapNhatTienDoHoSoMC stored then the answer is too slow
    gw.force = ["ok", "ok", "drop", "ok", "ok", "ok", "slow"]
    w = worker()
    drive(w, drained, what="outbox drained")
    s = w._client.stats
    assert s["resend_as_update"] == 1 and s["progress_already_there"] == 1
    assert gw.refused_new == 0
    check_portal(gw, [code], final="4")


def test_refused_as_new_is_looked_up_again_and_sent_as_update(office_db, monkeypatch, gw):
    open_database(office_db)
    [code] = make_dossiers(1, steps=())
    configure(monkeypatch, gw)
    gw.dossiers[code] = {"MaHoSo": code, "TrangThaiHoSo": "1"}   # appears after our look-up
    gw.created[code] = 1
    from app.sync import dvcqg
    real = dvcqg.DvcqgClient.lookup
    calls = []

    def first_says_absent(self, c):
        calls.append(c)
        return ({}, None) if len(calls) == 1 else real(self, c)
    monkeypatch.setattr(dvcqg.DvcqgClient, "lookup", first_says_absent)
    w = worker()
    drive(w, drained, what="outbox drained")
    assert gw.refused_new == 1 and w._client.stats["resend_as_update"] == 1
    assert gw.updates[code] == 1


def _local_procedure() -> str:
    from app import catalog
    return next(p.code for p in catalog.list_procedures() if p.code.startswith("L."))


def test_unmapped_procedure_is_held_failed_then_sent_after_mapping(office_db, monkeypatch, gw):
    from app import registration, workflow
    from db.models import Audit
    open_database(office_db)
    proc = _local_procedure()
    d = registration.register(CLERK, procedure_code=proc, name="Trần Thị Bình",
                              phone="0987654321")
    workflow.change_status(ADMIN, d.code, 4)
    configure(monkeypatch, gw)
    w = worker()
    drive(w, lambda: sync.status().failed == 1, what="held as failed")
    [ev] = sync.failed_events()
    assert "chưa có mã TTHC quốc gia" in ev.last_error and proc in ev.last_error
    assert sync.status().pending == 1 and gw.calls == {}     # the next event waits behind it
    from app.sync import dvcqg_mapping
    with pytest.raises(PermissionDenied):
        dvcqg_mapping.set_mapping(CLERK, proc, "1.001193")
    dvcqg_mapping.set_mapping(ADMIN, proc, "2.000123")
    assert Audit.select().where(Audit.action == "dvcqg.mapping.set").count() == 1
    with pytest.raises(PermissionDenied):
        sync.retry(actor=CLERK)
    w.retry(actor=SUPERVISOR)
    drive(w, drained, what="outbox drained")
    assert gw.dossiers[d.code]["MaTTHC"] == "2.000123"
    check_portal(gw, [d.code], final="4")


def test_mapping_csv_import_is_all_or_nothing_and_admin_only(office_db, tmp_path):
    from app.sync import dvcqg_mapping
    from db.models import Audit
    open_database(office_db)
    good = tmp_path / "map.csv"
    good.write_text("\ufefflocal_code,ma_tthc,ten_tthc\nL.000001,1.000001,Thủ tục A\n"
                    "L.000002,2.000002,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("local_code,ma_tthc\nL.000003,1.000003\nL.000004,sai\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        dvcqg_mapping.import_csv(SUPERVISOR, good)
    assert dvcqg_mapping.import_csv(ADMIN, good) == 2
    with pytest.raises(UserError, match="Dòng 3"):
        dvcqg_mapping.import_csv(ADMIN, bad)
    assert [m.local_code for m in dvcqg_mapping.list_mappings()] == ["L.000001", "L.000002"]
    assert dvcqg_mapping.lookup("L.000001").ten_tthc == "Thủ tục A"
    assert dvcqg_mapping.lookup("1.001193").ma_tthc == "1.001193"   # national maps to itself
    assert dvcqg_mapping.lookup("L.999999") is None
    assert Audit.select().where(Audit.action == "dvcqg.mapping.import").count() == 1


def test_sync_catalog_fills_names_from_layThuTuc(office_db, monkeypatch):
    from app.sync import dvcqg, dvcqg_mapping
    open_database(office_db)
    cat = {"1.001193": {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh",
                        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-TP02", "TENLINHVUC": "Hộ tịch"}]}}
    with Gateway(catalog=cat) as g:
        configure(monkeypatch, g)
        with pytest.raises(PermissionDenied):
            dvcqg.sync_catalog(SUPERVISOR)
        out = dvcqg.sync_catalog(ADMIN)
        assert out["updated"] == 1 and "1.001193" not in out["unknown"] and out["unknown"]
        m = dvcqg_mapping.lookup("1.001193")
        assert (m.ten_tthc, m.ma_linh_vuc, m.ten_linh_vuc) == ("Đăng ký khai sinh", "G09-TP02",
                                                               "Hộ tịch")
        [code] = make_dossiers(1, steps=())
        drive(worker(), drained, what="outbox drained")
        assert g.dossiers[code]["MaLinhVuc"] == "G09-TP02"


@pytest.mark.parametrize("value,ok", [("http://example.org/dvcqg", False),
                                      ("https://user:pw@dvc.tinh.gov.vn", False),
                                      ("https://dvc.tinh.gov.vn/api", True),
                                      ("http://127.0.0.1:8090", True), ("http://localhost", True)])
def test_dvcqg_url_is_https_except_this_pc(office_db, value, ok):
    from app import settings
    open_database(office_db)
    if ok:
        assert settings.set("dvcqg.url", value) == value.rstrip("/")
    else:
        with pytest.raises(UserError):
            settings.set("dvcqg.url", value)
    with pytest.raises(UserError):
        settings.set("dvcqg.auth_path", "auth with space")


def test_password_only_in_keyring_and_no_personal_data_in_the_log(office_db, monkeypatch, gw,
                                                                   caplog, memkeyring):
    from app.sync import credentials
    open_database(office_db)
    make_dossiers(2, steps=(4,))
    configure(monkeypatch, gw)
    monkeypatch.delenv("MOTCUA_DVCQG_PASSWORD")
    credentials.set_secret("mat-khau-dung", "dvcqg")
    assert ("MotCuaDesk", "dvcqg-password") in memkeyring.store
    caplog.set_level(logging.DEBUG)
    gw.force = ["ok", "500", "ok", "drop"]
    drive(worker(), drained, what="outbox drained")
    text = caplog.text + " ".join(r.getMessage() for r in caplog.records)
    assert "0912345678" not in text and "Nguyễn Văn An" not in text and "mat-khau-dung" not in text
    db_bytes = Path(office_db.removeprefix("sqlite:///")).read_bytes()
    assert b"mat-khau-dung" not in db_bytes
