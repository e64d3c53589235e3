"""End to end: register a dossier through the CLI, then print everything it offers."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from printing import vietqr
from printing.escpos_backend import decode_raster
from tests.app.helpers import record_events
from tests.printing.helpers import pdf_qr_texts, pdf_text, png_qr_texts, qr_texts

ROOT = Path(__file__).resolve().parents[2]


def run(url, *args, ok=True):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", url, *args],
                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=env, timeout=120)
    if ok:
        assert p.returncode == 0, p.stderr
    return p


def test_print_commands_end_to_end(office_db, tmp_path):
    reg = json.loads(run(office_db, "register", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                         "--json").stdout)
    code, url = reg["code"], reg["tracking_url"]

    out = tmp_path / "r.bin"
    first = json.loads(run(office_db, "print", "receipt", code, "--out", str(out), "--json").stdout)
    assert "bản in lại" not in first["document"]
    assert qr_texts(decode_raster(out.read_bytes())) == [url]
    again = json.loads(run(office_db, "print", "receipt", code, "--out", str(out), "--json").stdout)
    assert "bản in lại" in again["document"]

    run(office_db, "print", "receipt", code, "--format", "escpos58", "--qr", "native",
        "--out", str(out))
    data = out.read_bytes()
    assert b"\x1d(k" in data and decode_raster(data).width <= 384

    png = tmp_path / "r.png"
    run(office_db, "print", "receipt", code, "--format", "png", "--out", str(png))
    assert png_qr_texts(png.read_bytes()) == [url]

    pdf = tmp_path / "f01.pdf"
    run(office_db, "print", "form", "01", code, "--out", str(pdf))
    text = " ".join(pdf_text(pdf.read_bytes(), tmp_path).split())
    assert "Nguyễn Văn An" in text and code in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert pdf_qr_texts(pdf.read_bytes(), tmp_path) == [url]

    refused = run(office_db, "print", "form", "02", code, "--missing", "Bản sao CCCD", "--out", str(pdf),
                  ok=False)
    assert refused.returncode == 2 and "chưa có yêu cầu bổ sung" in refused.stderr
    record_events(code, "supplement", "apology", url=office_db)
    run(office_db, "print", "form", "02", code, "--missing", "Bản sao CCCD;Giấy chứng sinh",
        "--out", str(pdf))
    text = " ".join(pdf_text(pdf.read_bytes(), tmp_path).split())
    assert "1. Bản sao CCCD" in text and "2. Giấy chứng sinh" in text

    bad = run(office_db, "print", "form", "04", code, "--reason", "Chờ xác minh", "--out", str(pdf), ok=False)
    assert bad.returncode == 2 and "--new-due" in bad.stderr                # 2025: Mẫu 04 is the apology
    bad = run(office_db, "print", "form", "05", code, "--set", "2018", "--reason", "Chờ", "--out", str(pdf),
              ok=False)
    assert bad.returncode == 2 and "--new-due" in bad.stderr                # 2018: Mẫu 05 is the apology

    day = reg["received_at"][:10]
    run(office_db, "print", "register", "--from", day, "--to", day, "--out", str(pdf))
    assert code in " ".join(pdf_text(pdf.read_bytes(), tmp_path).split())
    run(office_db, "print", "register", "--year", day[:4], "--out", str(pdf))
    text = " ".join(pdf_text(pdf.read_bytes(), tmp_path).split())
    assert code in text and "SỔ THEO DÕI HỒ SƠ" in text and "Mẫu số 07" in text and "(14)" in text

    run(office_db, "print", "label", code, "--format", "escpos80", "--out", str(out))
    assert qr_texts(decode_raster(out.read_bytes())) == [url]

    run(office_db, "print", "poster", "--field", "Hộ tịch", "--out", str(pdf))
    assert "LĨNH VỰC: HỘ TỊCH" in pdf_text(pdf.read_bytes(), tmp_path)

    run(office_db, "print", "test", "--out", str(out))
    assert decode_raster(out.read_bytes()) is not None

    missing_dir = run(office_db, "print", "receipt", code, "--out", str(tmp_path / "x" / "y.bin"), ok=False)
    assert missing_dir.returncode == 2 and "không tồn tại" in missing_dir.stderr
    unknown = run(office_db, "print", "receipt", "KHONG-CO", "--out", str(out), ok=False)
    assert unknown.returncode == 2 and "Lỗi:" in unknown.stderr
    assert vietqr.crc16_ccitt(b"123456789") == 0x29B1


def test_print_form_says_which_set_and_numbers_it(office_db, tmp_path):
    reg = json.loads(run(office_db, "register", "--procedure", "1.001193", "--name", "Phạm Thị Lan",
                         "--json").stdout)
    other = json.loads(run(office_db, "register", "--procedure", "1.001193", "--name", "Đỗ Văn Nam",
                           "--json").stdout)
    pdf = tmp_path / "f.pdf"
    a = json.loads(run(office_db, "print", "form", "01", reg["code"], "--out", str(pdf), "--json").stdout)
    assert (a["set"], a["circular"], a["number_line"], a["reprint"]) == \
        ("2025", "Thông tư 03/2025/TT-VPCP", "Số: 1/TNHS", False)
    text = " ".join(pdf_text(pdf.read_bytes(), tmp_path).split())
    assert "Số: 1/TNHS" in text and "Mẫu số 01" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    b = json.loads(run(office_db, "print", "form", "01", other["code"], "--out", str(pdf), "--json").stdout)
    assert b["number_line"] == "Số: 2/TNHS"
    again = json.loads(run(office_db, "print", "form", "01", reg["code"], "--out", str(pdf), "--json").stdout)
    assert (again["number_line"], again["reprint"]) == ("Số: 1/TNHS", True)
    assert "BẢN IN LẠI" in pdf_text(pdf.read_bytes(), tmp_path)
    record_events(reg["code"], "refusal", url=office_db)
    record_events(other["code"], "stop", url=office_db)
    old = run(office_db, "print", "form", "03", reg["code"], "--set", "2018",
              "--reason", "Không thuộc thẩm quyền", "--out", str(pdf))
    assert "Mẫu số 03 (Thông tư 01/2018/TT-VPCP)" in old.stdout
    stop = json.loads(run(office_db, "print", "form", "05", other["code"],
                          "--reason", "Người nộp đề nghị dừng", "--out", str(pdf), "--json").stdout)
    assert stop["title"] == "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" and stop["number_line"] == "Số: 1/TBDGQ"
    none = run(office_db, "print", "form", "07", reg["code"], "--set", "2018", "--out", str(pdf), ok=False)
    assert none.returncode == 2 and "không có Mẫu số 07" in none.stderr
    ctl = json.loads(run(office_db, "print", "form", "06", reg["code"], "--out", str(pdf), "--json").stdout)
    assert ctl["kind"] == "control" and ctl["number"] is None
    run(office_db, "print", "poster", "--by", "field", "--page", "A3", "--out", str(pdf))
    assert "THEO LĨNH VỰC" in pdf_text(pdf.read_bytes(), tmp_path)
