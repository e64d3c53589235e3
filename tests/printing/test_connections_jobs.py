"""Printer connections fail with Vietnamese UserErrors; PrintService never blocks the caller."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from app.domain import UserError
from printing import connections
from printing.connections import ConnectionSettings, parse_target, send
from printing.jobs import PrintService


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A local raw-printer stand-in: records bytes, optionally answers DLE EOT 4 or stays mute."""

    def __init__(self, reply: bytes | None = None, mute: bool = False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.reply, self.mute, self.received = reply, mute, b""
        self.done = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self):
        conn, _ = self.sock.accept()
        with conn:
            if self.mute:
                self.done.wait(10)
                return
            if self.reply is not None:
                conn.recv(3)
                conn.sendall(self.reply)
            while chunk := conn.recv(65536):
                self.received += chunk
        self.done.set()

    def close(self):
        self.done.set()
        self.sock.close()


def test_network_send_delivers_bytes():
    srv = Server()
    payload = b"\x1b@" + bytes(range(256)) * 100
    send(payload, ConnectionSettings("network", f"127.0.0.1:{srv.port}", timeout=2))
    assert srv.done.wait(3) and srv.received == payload
    srv.close()


def test_refused_port():
    port = _free_port()
    with pytest.raises(UserError) as e:
        send(b"x", ConnectionSettings("network", f"127.0.0.1:{port}", timeout=2))
    assert "từ chối kết nối" in e.value.message and str(port) in e.value.message


def test_silent_printer_times_out():
    srv = Server(mute=True)
    t0 = time.monotonic()
    with pytest.raises(UserError) as e:
        send(b"x", ConnectionSettings("network", f"127.0.0.1:{srv.port}", timeout=0.5,
                                      check_paper=True))
    assert time.monotonic() - t0 < 3
    assert "không phản hồi" in e.value.message and "0.5 giây" in e.value.message
    srv.close()


def test_out_of_paper_is_reported():
    srv = Server(reply=b"\x72")             # DLE EOT 4: bits 5,6 = roll paper end
    with pytest.raises(UserError, match="hết giấy"):
        send(b"x", ConnectionSettings("network", f"127.0.0.1:{srv.port}", timeout=2,
                                      check_paper=True))
    srv.close()
    ok = Server(reply=b"\x12")              # paper present
    send(b"hello", ConnectionSettings("network", f"127.0.0.1:{ok.port}", timeout=2, check_paper=True))
    assert ok.done.wait(3) and ok.received == b"hello"
    ok.close()


def test_file_in_missing_dir(tmp_path):
    target = tmp_path / "khong-co" / "in.bin"
    with pytest.raises(UserError) as e:
        send(b"x", ConnectionSettings("file", str(target)))
    assert "không tồn tại" in e.value.message
    send(b"abc", ConnectionSettings("file", str(tmp_path / "in.bin")))
    assert (tmp_path / "in.bin").read_bytes() == b"abc"


def test_usb_and_platform_faults_are_user_errors():
    class Denied(Exception):
        errno = 13
    assert "quyền" in connections.usb_error(Denied("Access denied (insufficient permissions)"),
                                            "0x0416:0x5011").message
    assert "Không thấy" in connections.usb_error(Exception("Device not found"), "1:2").message
    with pytest.raises(UserError):
        send(b"x", ConnectionSettings("usb", "zz"))
    with pytest.raises(UserError, match="Windows|pywin32"):
        send(b"x", ConnectionSettings("win32raw", "EPSON"))
    with pytest.raises(UserError):
        send(b"x", ConnectionSettings("pigeon", "x"))


def test_parse_target():
    assert parse_target("network:10.0.0.5:9100") == ConnectionSettings("network", "10.0.0.5:9100")
    assert parse_target("192.168.1.50").kind == "network"
    assert parse_target("usb:0x0416:0x5011").target == "0x0416:0x5011"
    assert parse_target("/tmp/x.bin", "file").kind == "file"
    with pytest.raises(UserError):
        parse_target("")


def test_print_service_returns_while_printer_is_slow():
    started, release = threading.Event(), threading.Event()

    def slow_sender(data, conn):
        started.set()
        release.wait(5)

    with PrintService() as svc:
        t0 = time.monotonic()
        fut = svc.submit("biên nhận", lambda: b"abc", ConnectionSettings("file", "/dev/null"),
                         sender=slow_sender)
        # submit() does not wait for the printer (held up to 5 s below): generous bound, the
        # real proof is `not fut.done()` while the sender is still blocked
        assert time.monotonic() - t0 < 2.5
        assert started.wait(2) and not fut.done()
        release.set()
        res = fut.result(3)
        assert res.ok and res.nbytes == 3
        assert svc.results.get(timeout=1) == res


def test_print_service_reports_user_errors(tmp_path):
    from printing import documents, samples
    with PrintService() as svc:
        doc = documents.receipt(samples.receipt(1))
        res = svc.print_document(doc, ConnectionSettings("file", str(tmp_path / "no" / "x"))).result(5)
        assert not res.ok and "không tồn tại" in res.message
        good = svc.print_document(doc, ConnectionSettings("file", str(tmp_path / "r.bin"))).result(5)
        assert good.ok and (tmp_path / "r.bin").read_bytes().startswith(b"\x1b@")
