"""`python main.py self-test`: each check, and the command's report and exit code."""
from __future__ import annotations

import http.server
import json
import socket
import sqlite3
import threading

import pytest
from PIL import ImageDraw

from app import selftest
from app.selftest import FAIL, OK, SKIP, WARN, Check
from printing import documents, samples
from printing import selftest as pst
from printing.escpos_backend import EscposOptions, decode_raster, render_escpos


def test_fonts_cover_vietnamese():
    status, detail = pst.check_fonts()
    assert status == OK, detail
    assert "LiberationSerif-Regular.ttf" in detail and "DejaVuSans.ttf" in detail


@pytest.mark.parametrize("width", [384, 576])
def test_receipt_qr_found_by_re_encoding(width):
    status, detail = pst.check_receipt(width)
    assert status == OK, detail


def test_qr_check_catches_a_damaged_or_wrong_code():
    rc = samples.receipt(1)
    img = decode_raster(render_escpos(documents.receipt(rc), EscposOptions(width=576)))
    x, y, m = pst.find_qr(img, rc.tracking_url)
    assert pst.find_qr(img, "https://motcua.example.vn/other") is None
    ImageDraw.Draw(img).rectangle((x + 10 * m, y + 10 * m, x + 11 * m - 1, y + 11 * m - 1), fill=0)
    ImageDraw.Draw(img).rectangle((x + 12 * m, y + 9 * m, x + 13 * m - 1, y + 10 * m - 1), fill=1)
    assert pst.find_qr(img, rc.tracking_url) is None


def test_qr_check_needs_the_quiet_zone():
    rc = samples.receipt(1)
    img = decode_raster(render_escpos(documents.receipt(rc), EscposOptions(width=576)))
    x, y, m = pst.find_qr(img, rc.tracking_url)
    ImageDraw.Draw(img).point((x - 2 * m, y + 5 * m), fill=0)       # a dot inside the quiet zone
    assert pst.find_qr(img, rc.tracking_url) is None


def test_missing_database_file_is_not_created(tmp_path):
    path = tmp_path / "new.sqlite3"
    facts = selftest.check_database(f"sqlite:///{path}")
    assert facts.check.status == OK and "sẽ được tạo" in facts.check.detail
    assert not path.exists()


def test_database_at_head_on_both_engines(any_office):
    facts = selftest.check_database(any_office)
    assert facts.check.status == OK, facts.check.detail
    assert "mới nhất" in facts.check.detail
    assert facts.settings["office.code"] == "000.17.22.H56"


def test_older_database_would_migrate_newer_is_refused(tmp_path):
    from db import migrate
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO schema_version VALUES (1, '0001_initial', '2026-01-01')")
    conn.commit()
    before = path.read_bytes()
    facts = selftest.check_database(str(path))
    assert facts.check.status == OK and f"sẽ nâng lên {migrate.head()}" in facts.check.detail
    assert path.read_bytes() == before                       # nothing written
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', '2030-01-01')", (migrate.head() + 1,))
    conn.commit()
    conn.close()
    facts = selftest.check_database(str(path))
    assert facts.check.status == FAIL and "cập nhật chương trình" in facts.check.detail


def test_not_a_database_fails(tmp_path):
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    assert selftest.check_database(str(path)).check.status == FAIL


def test_keyring_warns_on_headless_linux(monkeypatch):
    monkeypatch.setattr(selftest.sys, "platform", "linux")
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        monkeypatch.delenv(var, raising=False)
    from app.sync import credentials
    monkeypatch.setattr(credentials, "has_backend", lambda: False)
    c = selftest.check_keyring()
    assert c.status == WARN and "không có phiên đồ họa" in c.detail
    monkeypatch.setattr(selftest.sys, "platform", "win32")
    assert selftest.check_keyring().status == FAIL
    monkeypatch.setattr(credentials, "has_backend", lambda: True)
    assert selftest.check_keyring().status == OK


def test_printer_modules_missing_is_a_failure(monkeypatch):
    real = selftest.importlib.import_module

    def fake(name, *a):
        if name == "serial":
            raise ImportError("No module named 'serial'")
        return real(name, *a)
    monkeypatch.setattr(selftest.importlib, "import_module", fake)
    checks = selftest.check_printer_modules("none", platform="linux")
    assert checks[0].status == FAIL and "pyserial" in checks[0].detail


def test_windows_also_needs_win32print(monkeypatch):
    monkeypatch.setattr(selftest.importlib, "import_module", lambda name, *a: object())
    checks = selftest.check_printer_modules("none", platform="win32")
    assert checks[0].status == OK and "pywin32" in checks[0].detail


@pytest.fixture
def http_server():
    class Quiet(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.end_headers()

        def log_message(self, *a):
            pass
    srv = http.server.HTTPServer(("127.0.0.1", 0), Quiet)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/api/v1"
    srv.shutdown()
    srv.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_central_service(http_server, monkeypatch):
    assert selftest.check_central("").status == SKIP
    c = selftest.check_central(http_server)
    assert c.status == OK and "HTTP 404" in c.detail
    c = selftest.check_central(f"http://127.0.0.1:{free_port()}/", timeout=2)
    assert c.status == WARN
    monkeypatch.setenv("MOTCUA_CENTRAL_URL", "http://127.0.0.1:1/")
    assert selftest.central_url({"central.url": "https://x"}) == "http://127.0.0.1:1/"


def test_printer_probe(tmp_path):
    assert pst.probe_printer("none", "")[0] == SKIP
    assert pst.probe_printer("file", str(tmp_path / "out.bin"))[0] == OK
    assert not (tmp_path / "out.bin").exists()                       # nothing printed
    assert pst.probe_printer("file", str(tmp_path / "no" / "out.bin"))[0] == FAIL
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        assert pst.probe_printer("network", f"127.0.0.1:{srv.getsockname()[1]}")[0] == OK
    status, detail = pst.probe_printer("network", f"127.0.0.1:{free_port()}", timeout=1)
    assert status == FAIL and "không trả lời" in detail
    assert pst.probe_printer("bogus", "x")[0] == FAIL


def run_cli(capsys, *argv) -> tuple[int, str]:
    import main
    code = main.main(list(argv))
    return code, capsys.readouterr().out


def test_command_json_and_exit_code(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(selftest, "check_printer_modules",
                        lambda kind="": [Check("Thư viện máy in", OK, "giả")])
    db = tmp_path / "office.sqlite3"
    code, out = run_cli(capsys, "--db", str(db), "self-test", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] is True and not db.exists()
    names = [c["name"] for c in doc["checks"]]
    assert names[:3] == ["Phông chữ tiếng Việt", "Biên nhận ESC/POS + mã QR", "Cơ sở dữ liệu"]
    assert {c["status"] for c in doc["checks"]} <= {OK, WARN, SKIP}

    (tmp_path / "local.json").write_text(json.dumps({"printer.connection": "file",
                                                     "printer.target": str(tmp_path / "no" / "x.bin")}))
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(tmp_path / "local.json"))
    code, out = run_cli(capsys, "--db", str(db), "self-test")
    assert code == 1
    assert "[LỖI  ] Máy in của máy này" in out and "KHÔNG ĐẠT" in out
