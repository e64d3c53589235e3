"""dvcqg_api.yaml and the code stay in step: every request the adapter sent to the stand-in
validates against the contract; pure mapping rules (dates, channel, supplements)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from app.store import open_database
from app.sync import dvcqg, dvcqg_map
from app.sync.dvcqg_mapping import Mapping
from tests.app.helpers import ADMIN, SUPERVISOR
from tests.sync.conftest import make_dossiers
from tests.sync.dvcqg_support import configure, drained, drive, worker
from tests.sync.gateway import Gateway
from tests.sync.schema_check import validate

SPEC_PATH = Path(__file__).resolve().parents[2] / "app" / "sync" / "dvcqg_api.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def request_schema(spec, path):
    op = spec["paths"][path]["post"]
    return op["requestBody"]["content"]["application/json"]["schema"]


def test_every_request_sent_follows_the_contract(office_db, monkeypatch, spec):
    from app import workflow
    from app.store import from_db
    from db.models import Dossier
    open_database(office_db)
    codes = make_dossiers(3, steps=(4, 5))
    for code in codes:
        due = from_db(Dossier.get(Dossier.code == code).due_at)
        workflow.apologize(SUPERVISOR, code, due + timedelta(days=2), "Chờ xác minh")
        for s in (4, 9, 10):
            workflow.change_status(ADMIN, code, s)
    cat = {"1.001193": {"MATTHC": "1.001193", "TENTTHC": "Đăng ký khai sinh",
                        "LINHVUCTHUCHIEN": [{"MALINHVUC": "G09-TP02", "TENLINHVUC": "Hộ tịch"}]}}
    with Gateway(catalog=cat) as g:
        configure(monkeypatch, g)
        monkeypatch.setattr("app.sync.dvcqg_mapping.codes_to_describe",
                            lambda: [("1.001193", "1.001193")])
        dvcqg.sync_catalog(ADMIN)
        drive(worker(), drained, what="outbox drained")
        seen = set()
        for body in g.bodies:
            path = body.pop("path")
            validate(spec, request_schema(spec, path), body)
            seen.add(body.get("service", "auth"))
    assert seen == {"auth", "TraCuuHoSo", "DongBoHoSoMC", "CapNhatTienDoHoSoMC", "LayThuTuc"}


def test_services_and_paths_match_the_code(spec):
    mapping = request_schema(spec, "/integration")["discriminator"]["mapping"]
    src = Path(dvcqg.__file__).read_text(encoding="utf-8")
    for name in mapping:
        assert f'"{name}"' in src, name
    from app import settings
    assert settings.KEYS["dvcqg.auth_path"].default in spec["paths"]
    assert settings.KEYS["dvcqg.integration_path"].default in spec["paths"]


def test_portal_dates_are_local_time_14_digits():
    utc = datetime(2026, 11, 30, 18, 5, 9, tzinfo=UTC)
    assert dvcqg_map.portal_time(utc) == "20261201010509"
    assert dvcqg_map.portal_time("2026-12-01T01:05:09+07:00") == "20261201010509"
    assert dvcqg_map.portal_time(None) == "" and dvcqg_map.portal_time("rác") == ""
    with pytest.raises(ValueError):
        dvcqg_map.portal_time(datetime(2026, 1, 1))


def _payload(status=4, channel=3, etype="dossier.status_changed"):
    return {"event_id": "e1", "type": etype, "occurred_at": "2026-12-01T09:00:00+07:00",
            "office_code": "000.17.22.H56",
            "dossier": {"code": "000.17.22.H56-261201-0001", "procedure_code": "L.123456",
                        "procedure_name": "Thủ tục địa phương", "status": status,
                        "status_name": "Đang xử lý", "received_at": "2026-12-01T08:00:00+07:00",
                        "due_at": "2026-12-05T17:00:00+07:00", "channel": channel,
                        "tracking_url": "https://x"},
            "applicant": {"name": "Lê Văn C", "phone": "0912345678", "email": ""}, "note": ""}


def test_dossier_and_progress_objects_follow_the_schema(spec):
    t0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    steps = (dvcqg_map.Step(t0, None, 2, "Cán bộ A", "", t0 + timedelta(days=4)),
             dvcqg_map.Step(t0 + timedelta(hours=1), 2, 4, "Cán bộ B", "Chuyển xử lý"))
    ctx = dvcqg_map.Context(Mapping("L.123456", "2.000123"), "UBND xã", "Hộ tịch", steps)
    item = dvcqg_map.portal_dossier(_payload(), ctx)
    validate(spec, {"$ref": "#/components/schemas/HoSoMC"}, item)
    assert (item["MaTTHC"], item["KenhThucHien"], item["HinhThuc"]) == ("2.000123", "3", "1")
    assert item["TenLinhVuc"] == "Hộ tịch" and item["NgayTra"] == ""
    progress = dvcqg_map.portal_progress(_payload(), ctx)
    validate(spec, {"$ref": "#/components/schemas/TienDo"}, progress)
    assert (progress["NguoiXuLy"], progress["TrangThai"], progress["ThoiDiemXuLy"]) == (
        "Cán bộ B", "4", "20261201090000")
