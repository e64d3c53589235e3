"""Send ESC/POS bytes to a printer: network, file, usb, serial, win32raw.

Every fault the clerk can do something about (printer off, wrong address, cable,
permissions, paper) becomes ``app.domain.UserError`` with a Vietnamese message. Call
``send`` on a worker thread (``printing.jobs.PrintService``), never on the Tk thread.
"""
from __future__ import annotations

import errno
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from app.domain import UserError, _

KINDS = ("network", "file", "usb", "serial", "win32raw")
DLE_EOT_PAPER = b"\x10\x04\x04"        # real-time status: roll paper sensor


@dataclass(frozen=True, slots=True)
class ConnectionSettings:
    kind: str                          # network | file | usb | serial | win32raw
    target: str                        # host[:port] | path | VID:PID | port[:baud] | printer name
    timeout: float = 5.0               # seconds, network and serial
    check_paper: bool = False          # network: ask DLE EOT 4 before sending (if supported)


def parse_target(text: str, kind: str | None = None, timeout: float = 5.0) -> ConnectionSettings:
    """'network:192.168.1.50:9100', 'usb:0x0416:0x5011', 'file:/tmp/x.bin', 'serial:COM3',
    'win32raw:EPSON TM-T82'; without a prefix, a host:port or IP is a network printer and
    anything else a Windows printer name (or a file path off Windows)."""
    text = (text or "").strip()
    if not text:
        raise UserError(_("Chưa khai báo máy in (địa chỉ, cổng, tên hoặc tệp)."), "printer.target")
    head, sep, rest = text.partition(":")
    if kind is None and sep and head.lower() in KINDS:
        kind, text = head.lower(), rest.strip()
    if kind is None:
        host = text.rsplit(":", 1)[0]
        if all(ch.isdigit() or ch == "." for ch in host) and host.count(".") == 3:
            kind = "network"
        elif sys.platform == "win32":
            kind = "win32raw"
        else:
            kind = "file"
    if kind not in KINDS:
        raise UserError(_("Kiểu kết nối máy in '{kind}' không được hỗ trợ (dùng: {kinds}).")
                        .format(kind=kind, kinds=', '.join(KINDS)), "printer.connection")
    return ConnectionSettings(kind, text, timeout)


def send(data: bytes, settings: ConnectionSettings) -> None:
    """Deliver ``data`` or raise UserError saying what to check."""
    handler = {"network": _network, "file": _file, "usb": _usb, "serial": _serial,
               "win32raw": _win32raw}.get(settings.kind)
    if handler is None:
        raise UserError(_("Kiểu kết nối máy in '{kind}' không được hỗ trợ.").format(kind=settings.kind),
                        "printer.connection")
    handler(data, settings)


# ---- network (raw TCP, port 9100) -------------------------------------------------
def _host_port(target: str) -> tuple[str, int]:
    host, _sep, port = target.strip().rpartition(":") if ":" in target else (target, "", "9100")
    host = host.strip("[] ") or target
    try:
        return host, int(port or 9100)
    except ValueError:
        raise UserError(_("Cổng máy in không hợp lệ trong '{target}' (ví dụ 192.168.1.50:9100).")
                        .format(target=target),
                        "printer.target") from None


def _network(data: bytes, s: ConnectionSettings) -> None:
    host, port = _host_port(s.target)
    where = f"{host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=s.timeout) as sock:
            sock.settimeout(s.timeout)
            if s.check_paper:
                sock.sendall(DLE_EOT_PAPER)
                status = sock.recv(1)
                if not status:
                    raise ConnectionResetError
                paper_problem(status[0])
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
    except UserError:
        raise
    except TimeoutError:
        raise UserError(_("Máy in {where} không phản hồi sau {timeout:g} giây. Kiểm tra máy in đã bật, "
                          "còn kết nối mạng và đúng địa chỉ.")
                        .format(where=where, timeout=s.timeout)) from None
    except ConnectionRefusedError:
        raise UserError(_("Máy in {where} từ chối kết nối. Kiểm tra địa chỉ, cổng (thường là 9100) và "
                          "máy in đã bật.").format(where=where)) from None
    except socket.gaierror:
        raise UserError(_("Không tìm thấy máy in '{host}'. Kiểm tra tên hoặc địa chỉ IP.")
                        .format(host=host)) from None
    except OSError as exc:
        raise UserError(_("Mất kết nối tới máy in {where} ({reason}). Kiểm tra dây mạng và máy in, rồi "
                          "in lại.").format(where=where, reason=_reason(exc))) from None


def paper_problem(status: int) -> None:
    """Raise if a DLE EOT 4 status byte says the roll is out (bits 5 and 6)."""
    if status & 0x60 == 0x60:
        raise UserError(_("Máy in hết giấy. Thay cuộn giấy rồi bấm In lại."))


# ---- file (also a shared device path such as /dev/usb/lp0 or \\PC\printer) -------
def _file(data: bytes, s: ConnectionSettings) -> None:
    path = Path(s.target).expanduser()
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except FileNotFoundError:
        raise UserError(_("Không ghi được tệp in '{path}': thư mục '{folder}' không tồn tại.")
                        .format(path=path, folder=path.parent),
                        "printer.target") from None
    except PermissionError:
        raise UserError(_("Không có quyền ghi vào '{path}'. Chọn thư mục khác hoặc cấp quyền.")
                        .format(path=path),
                        "printer.target") from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise UserError(_("Ổ đĩa chứa '{path}' đã đầy.").format(path=path)) from None
        raise UserError(_("Không ghi được tệp in '{path}' ({reason}).")
                        .format(path=path, reason=_reason(exc))) from None


# ---- usb ------------------------------------------------------------------------------
def _usb(data: bytes, s: ConnectionSettings) -> None:
    try:
        vid, pid = (int(x, 16) for x in s.target.replace("0x", "").split(":")[:2])
    except ValueError:
        raise UserError(_("Máy in USB khai báo dạng VID:PID (hệ 16), ví dụ 0x0416:0x5011."),
                        "printer.target") from None
    try:
        import usb.core  # noqa: F401  (pyusb)
        from escpos.printer import Usb
    except ImportError:
        raise UserError(_("Thiếu thư viện pyusb để in qua USB. Cài pyusb hoặc dùng kết nối win32raw "
                          "(Windows) / network.")) from None
    try:
        printer = Usb(vid, pid, timeout=int(s.timeout * 1000))
        printer.open()
        printer._raw(data)
        printer.close()
    except Exception as exc:  # noqa: BLE001 - pyusb/libusb errors of every kind: a message to the clerk
        raise usb_error(exc, s.target) from None


def usb_error(exc: BaseException, target: str) -> UserError:
    """Translate a pyusb / python-escpos USB failure."""
    code = getattr(exc, "errno", None) or getattr(exc, "backend_error_code", None)
    text = str(exc).lower()
    if code in (errno.EACCES, errno.EPERM, -3) or "access denied" in text or "permission" in text:
        return UserError(_("Không có quyền dùng máy in USB {target}. Trên Linux thêm quy tắc udev (hoặc "
                           "nhóm lp); trên Windows dùng kết nối win32raw.").format(target=target))
    if "not found" in text or code in (errno.ENODEV, errno.ENOENT, -4):
        return UserError(_("Không thấy máy in USB {target}. Kiểm tra dây cáp và máy in đã bật.")
                         .format(target=target))
    if code in (errno.ETIMEDOUT, -7) or "timeout" in text or "timed out" in text:
        return UserError(_("Máy in USB {target} không nhận dữ liệu (hết thời gian chờ). Kiểm tra giấy và "
                           "nắp máy in.").format(target=target))
    return UserError(_("Lỗi in qua USB {target}: {exc}.").format(target=target, exc=exc))


# ---- serial ---------------------------------------------------------------------------
def _serial(data: bytes, s: ConnectionSettings) -> None:
    port, _sep, baud = s.target.partition(":")
    try:
        import serial  # pyserial
    except ImportError:
        raise UserError(_("Thiếu thư viện pyserial để in qua cổng COM. Cài pyserial hoặc dùng kết nối "
                          "khác.")) from None
    try:
        with serial.Serial(port, int(baud or 9600), timeout=s.timeout,
                           write_timeout=s.timeout) as ser:
            ser.write(data)
            ser.flush()
    except ValueError:
        raise UserError(_("Tốc độ cổng COM không hợp lệ: '{baud}'.")
                        .format(baud=baud), "printer.target") from None
    except serial.SerialTimeoutException:
        raise UserError(_("Máy in ở cổng {port} không nhận dữ liệu (hết thời gian chờ).")
                        .format(port=port)) from None
    except serial.SerialException as exc:
        raise UserError(_("Không mở được cổng {port}: {exc}. Kiểm tra tên cổng và dây cáp.")
                        .format(port=port, exc=exc)) from None


# ---- Windows spooler ----------------------------------------------------------------
def _win32raw(data: bytes, s: ConnectionSettings) -> None:
    if sys.platform != "win32":
        raise UserError(_("Kết nối win32raw chỉ dùng được trên Windows."), "printer.connection")
    try:
        import win32print  # pywin32
    except ImportError:
        raise UserError(_("Thiếu pywin32 để in qua hàng đợi in của Windows.")) from None
    try:
        handle = win32print.OpenPrinter(s.target)
    except Exception:  # noqa: BLE001 - pywintypes.error: told to the clerk with the printer name
        raise UserError(_("Không tìm thấy máy in '{printer}' trong Windows. Kiểm tra tên trong Cài đặt › "
                          "Máy in và máy quét.").format(printer=s.target), "printer.target") from None
    try:
        win32print.StartDocPrinter(handle, 1, ("Một Cửa Desk", None, "RAW"))
        try:
            win32print.StartPagePrinter(handle)
            win32print.WritePrinter(handle, data)
            win32print.EndPagePrinter(handle)
        finally:
            win32print.EndDocPrinter(handle)
    except Exception as exc:  # noqa: BLE001 - spooler errors: told to the clerk
        raise UserError(_("Hàng đợi in Windows báo lỗi với máy in '{printer}': {exc}.")
                        .format(printer=s.target, exc=exc)) from None
    finally:
        win32print.ClosePrinter(handle)


def _reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else str(exc)
