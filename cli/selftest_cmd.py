"""`python main.py self-test [--json]`: is this PC (or this frozen build) ready to work?

Fonts, a receipt and its QR, the database (read only), the keyring, the printer libraries, this
PC's printer and the central service. Exit 0 when nothing failed (warnings allowed), else 1.
No sign-in, and the database is not opened for the services: nothing is written anywhere."""
from __future__ import annotations

import sys
import time

from app import selftest
from app.selftest import Check
from cli.common import command, emit

MARK = {"ok": "OK   ", "warn": "CHÚ Ý", "fail": "LỖI  ", "skip": "--   "}


def _timed(name: str, fn, *args) -> Check:
    t0 = time.perf_counter()
    try:
        status, detail = fn(*args)
    except Exception as exc:  # noqa: BLE001 - a check that crashed is a failed check, reported
        status, detail = "fail", f"{type(exc).__name__}: {exc}"
    return Check(name, status, f"{detail} [{(time.perf_counter() - t0) * 1000:.0f} ms]")


def run_checks(db_url: str | None) -> list[Check]:
    from printing import selftest as printing_checks
    checks = [_timed("Phông chữ tiếng Việt", printing_checks.check_fonts),
              _timed("Biên nhận ESC/POS + mã QR", printing_checks.check_receipt)]
    facts = selftest.check_database(db_url)
    checks.append(facts.check)
    checks.append(selftest.check_keyring())
    printer = selftest.printer_settings()
    kind = printer.get("printer.connection", "none") or "none"
    checks.extend(selftest.check_printer_modules(kind))
    checks.append(_timed("Máy in của máy này", printing_checks.probe_printer, kind,
                         printer.get("printer.target", "")))
    checks.append(selftest.check_central(selftest.central_url(facts.settings)))
    return checks


def _self_test(args) -> int:
    from app import __version__
    checks = run_checks(args.db)
    code = selftest.exit_code(checks)
    frozen = bool(getattr(sys, "frozen", False))
    doc = {"version": __version__, "frozen": frozen, "ok": code == 0,
           "checks": [{"name": c.name, "status": c.status, "detail": c.detail} for c in checks]}
    lines = [f"Một Cửa Desk {__version__} — tự kiểm tra{' (bản đóng gói)' if frozen else ''}"]
    lines += [f"[{MARK.get(c.status, c.status)}] {c.name}: {c.detail}" for c in checks]
    bad = [c.name for c in checks if c.status == "fail"]
    lines.append("Kết quả: đạt." if not bad else f"Kết quả: KHÔNG ĐẠT ({', '.join(bad)}).")
    emit(args, doc, "\n".join(lines))
    return code


def add_commands(sub) -> None:
    command(sub, "self-test", _self_test, help="tự kiểm tra: phông, biên nhận + QR, cơ sở dữ liệu, "
            "keyring, máy in, dịch vụ trung tâm", needs_login=False, needs_db=False)
