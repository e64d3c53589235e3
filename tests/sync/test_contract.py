"""central_api.yaml and the code stay in step; client rules per status code; TLS/proxy setup."""
from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import yaml

from app.domain import EventType
from app.sync import client as client_mod
from app.sync.client import CentralClient, classify
from app.sync.config import CentralConfig, Tuning, tuning
from app.sync.outcome import Kind, parse_retry_after
from tests.sync.schema_check import validate  # noqa: E402

SPEC_PATH = Path(__file__).resolve().parents[2] / "app" / "sync" / "central_api.yaml"


@pytest.fixture(scope="module")
def spec():
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def test_paths_and_headers_match_the_code(spec):
    assert client_mod.EVENTS_PATH in spec["paths"] and client_mod.BATCH_PATH in spec["paths"]
    params = spec["components"]["parameters"]
    assert params["IdempotencyKey"]["name"] == "Idempotency-Key"
    assert spec["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    enum = spec["components"]["schemas"]["Event"]["properties"]["type"]["enum"]
    assert enum == [e.value for e in EventType]


def test_outbox_payloads_follow_the_schema(office_db, spec):
    from app import outbox
    from app.store import open_database
    from tests.sync.conftest import make_dossiers
    open_database(office_db)
    [code] = make_dossiers(1, steps=(5, 4, 9, 10))
    events = outbox.list_events(dossier_code=code)
    assert {e.type for e in events} == set(EventType)
    for e in events:
        validate(spec, {"$ref": "#/components/schemas/Event"}, e.payload)


@pytest.mark.parametrize("status,kind", [(200, Kind.DELIVERED), (201, Kind.DELIVERED),
                                         (409, Kind.DELIVERED), (429, Kind.WAIT),
                                         (503, Kind.WAIT), (500, Kind.RETRY), (502, Kind.RETRY),
                                         (401, Kind.AUTH), (403, Kind.AUTH), (422, Kind.FAIL),
                                         (400, Kind.FAIL), (404, Kind.FAIL)])
def test_status_rules(status, kind):
    assert classify(status, "m").kind is kind


def test_retry_after_forms():
    assert parse_retry_after("120") == 120
    now = datetime(2026, 5, 31, 8, 0, tzinfo=UTC)
    assert parse_retry_after("Sun, 31 May 2026 08:00:30 GMT", now) == 30
    assert parse_retry_after("garbage") is None and parse_retry_after(None) is None


def test_backoff_is_exponential_with_jitter_and_capped():
    t = Tuning(backoff_base=2, backoff_cap=300)
    assert 1 <= t.backoff(1) <= 2 and 8 <= t.backoff(4) <= 16
    assert all(150 <= t.backoff(40) <= 300 for _ in range(50))
    assert tuning(backoff_cap=10_000).backoff_cap == 300


def test_session_verifies_tls_with_custom_ca_and_uses_env_proxies(tmp_path):
    cfg = CentralConfig("https://tinh.example", "t", str(tmp_path / "ca.pem"), 7.0, "central")
    c = CentralClient(cfg)
    assert c.session.verify == str(tmp_path / "ca.pem") and c.session.trust_env
    assert c.timeout == (5.0, 7.0)
    assert c.session.headers["User-Agent"].startswith("MotCuaDesk/")
    assert CentralClient(CentralConfig("https://x", "t", "", 3, "central")).session.verify is True


def test_connection_refused_is_a_retry(monkeypatch):
    from tests.sync.receiver import free_port
    cfg = CentralConfig(f"http://127.0.0.1:{free_port()}", "t", "", 0.5, "central")
    out = CentralClient(cfg).send({"event_id": "e"})
    assert out.kind is Kind.RETRY and out.online is False and "kết nối" in out.message


def test_sync_package_never_imports_gui_or_printing():
    root = Path(client_mod.__file__).parent
    for py in root.glob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for n in names:
                assert n.split(".")[0] not in {"tkinter", "ttkbootstrap", "views", "printing"}, py


def test_requests_session_is_reused():
    assert isinstance(CentralClient(CentralConfig("http://x", None, "", 1, "central")).session,
                      requests.Session)
