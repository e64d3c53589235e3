"""Citizen notification through Zalo ZNS and an SMS gateway (local stand-ins on 127.0.0.1)."""
from __future__ import annotations

import pytest

from app import outbox, settings, sync
from app.domain import OutboxState
from app.store import open_database
from app.sync import state
from app.sync.adapters import ascii_text, notifies_citizen, phone_84
from app.sync.worker import SyncWorker
from tests.app.helpers import SUPERVISOR
from tests.sync.conftest import FAST, expected_order, make_dossiers
from tests.sync.receiver import Scripted


def test_helpers():
    assert phone_84("0912345678") == "84912345678"
    assert phone_84("84912345678") == "84912345678"
    assert ascii_text("Đã có kết quả, mời ông/bà") == "Da co ket qua, moi ong/ba"
    assert notifies_citizen({"type": "dossier.result_ready", "dossier": {"status": 9}})
    assert notifies_citizen({"type": "dossier.status_changed", "dossier": {"status": 5}})
    assert not notifies_citizen({"type": "dossier.status_changed", "dossier": {"status": 4}})
    assert not notifies_citizen({"type": "dossier.received", "dossier": {"status": 2}})
    assert notifies_citizen({"type": "dossier.returned", "dossier": {"status": 10}})
    from app.sync.adapters import template_key
    assert template_key("sms", {"type": "dossier.returned"}) == "sync.sms.template_returned"
    assert template_key("zalo", {"type": "dossier.result_ready"}) == "sync.zalo.template_result"
    assert template_key("zalo", {"type": "dossier.status_changed"}) == "sync.zalo.template_supplement"


def _zalo(office_db, monkeypatch, respond):
    open_database(office_db)
    srv = Scripted(respond)
    settings.set("notify.adapter", "zalo")
    state.set_value("sync.zalo.url", srv.url + "/message/template")
    state.set_value("sync.zalo.template_result", "T-RESULT")
    state.set_value("sync.zalo.template_supplement", "T-SUPP")
    monkeypatch.setenv("MOTCUA_ZALO_TOKEN", "zalo-access")
    return srv


def test_zalo_zns_for_result_and_supplement_only(office_db, central, monkeypatch):
    with _zalo(office_db, monkeypatch, lambda p, b: (200, {"error": 0, "message": "Success",
                                                           "data": {"msg_id": "m1"}})) as zns:
        [a] = make_dossiers(1, steps=(5,))               # received, supplement requested
        from app import workflow
        workflow.change_status(SUPERVISOR, a, 4)
        workflow.change_status(SUPERVISOR, a, 9)   # result ready
        SyncWorker(office_db, **FAST).run(once=True)
        assert sync.status().delivered == 4
        assert len(central.events) == 4                  # ALL events reach the central service
        ids = expected_order(a)
        assert [c[2]["tracking_id"] for c in zns.calls] == [ids[1], ids[3]]
        supp, result = (c[2] for c in zns.calls)
        assert supp["template_id"] == "T-SUPP" and result["template_id"] == "T-RESULT"
        assert result["phone"] == "84912345678"
        assert result["template_data"]["ma_ho_so"] == a
        assert result["template_data"]["ten_nguoi_nop"] == "Nguyễn Văn An"
        assert supp["template_data"]["ghi_chu"].startswith("Bổ sung")
        assert zns.calls[0][1]["access_token"] == "zalo-access"


def test_zalo_hand_over_message_is_optional(office_db, central, monkeypatch):
    """Result ready → ZNS; returned (10) without a hand-over template → no ZNS, not failed."""
    with _zalo(office_db, monkeypatch, lambda p, b: (200, {"error": 0, "message": "Success"})) as zns:
        [a] = make_dossiers(1, steps=(4, 9, 10))
        SyncWorker(office_db, **FAST).run(once=True)
        assert [e.state.value for e in outbox.list_events(dossier_code=a)] == ["delivered"] * 4
        assert [c[2]["template_id"] for c in zns.calls] == ["T-RESULT"]
        state.set_value("sync.zalo.template_returned", "T-RETURNED")
        from app import workflow
        [b] = make_dossiers(1, steps=(4, 9))
        workflow.change_status(SUPERVISOR, b, 10)
        SyncWorker(office_db, **FAST).run(once=True)
        assert [c[2]["template_id"] for c in zns.calls][-2:] == ["T-RESULT", "T-RETURNED"]


@pytest.mark.parametrize("code,expect", [(-124, "pending"), (-115, "pending"), (-108, "failed"),
                                         (-118, "failed")])
def test_zalo_error_codes(office_db, central, monkeypatch, code, expect):
    with _zalo(office_db, monkeypatch, lambda p, b: (200, {"error": code, "message": "x"})):
        [a] = make_dossiers(1, steps=(4, 9))
        SyncWorker(office_db, **FAST).run(once=True)
        ev = outbox.list_events(dossier_code=a)[-1]
        assert ev.state.value == expect and f"ZNS {code}" in ev.last_error
        assert ev.last_error.startswith("Zalo:")


def _sms(office_db, monkeypatch, respond):
    open_database(office_db)
    srv = Scripted(respond)
    settings.set("notify.adapter", "sms")
    state.set_value("sync.sms.url", srv.url + "/send")
    state.set_value("sync.sms.api_key", "KEY")
    state.set_value("sync.sms.brandname", "UBND-XA")
    monkeypatch.setenv("MOTCUA_SMS_SECRET", "SECRET")
    return srv


@pytest.mark.parametrize("code,expect", [("100", "delivered"), ("124", "delivered"),
                                         ("99", "failed"), ("101", "pending")])
def test_sms_gateway_codes(office_db, central, monkeypatch, code, expect):
    with _sms(office_db, monkeypatch, lambda p, b: (200, {"CodeResult": code, "SMSID": "1"})) as gw:
        [a] = make_dossiers(1, steps=(4, 9))
        SyncWorker(office_db, **FAST).run(once=True)
        ev = outbox.list_events(dossier_code=a)[-1]
        assert ev.state == OutboxState(expect)
        # a "pending" answer is retried after backoff_base (10 ms): a slow step may send twice
        assert len(gw.calls) == 1 or expect == "pending" and gw.calls
        (path, _, body) = gw.calls[0]
        assert body["Phone"] == "0912345678" and body["RequestId"] == ev.event_id
        assert body["ApiKey"] == "KEY" and body["SecretKey"] == "SECRET"
        assert a in body["Content"] and body["Content"].isascii()
        assert "Nguyen Van An" in body["Content"]
