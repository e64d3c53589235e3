"""The Phiếu kiểm soát from real hand-over records (2018 Mẫu 04 / 2025 Mẫu 06), read back with
pdftotext: counter → department, department → counter with the result, both signers, the
coordinating agencies; the history fallback only for a dossier without records."""
from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app import handover, registration, rules, settings, store, workflow
from app.domain import VN_TZ
from printing import forms
from printing.paper import Issue
from printing.pdf_backend import render_pdf
from tests.app.helpers import CLERK, SUPERVISOR
from tests.printing.helpers import pdf_text

SHOTS = Path(os.environ.get("MOTCUA_SHOTS", "/tmp/motcua-shots"))


def vn(*a):
    return datetime(*a, tzinfo=VN_TZ)


@pytest.fixture
def two_handovers(any_office):
    store.open_database(any_office)
    tp = handover.add_department(SUPERVISOR, "Phòng Tư pháp, Hộ tịch")
    dc = handover.add_department(SUPERVISOR, "Phòng Địa chính")
    d = registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà",
                              received_at=vn(2026, 11, 2, 8, 0))
    late = d.due_at.astimezone(VN_TZ).replace(hour=9, minute=0) + timedelta(days=2)
    handover.hand_over(CLERK, d.code, tp.id, officer="Trần Thị Bích", note="Hồ sơ gấp",
                       at=vn(2026, 11, 2, 9, 15))
    handover.receive_back(SUPERVISOR, d.code, "Đã trích lục", at=vn(2026, 11, 2, 10, 30))
    handover.hand_over(CLERK, d.code, dc.id, officer="Ngô Văn Tư", partners="Công an xã Phương Sơn",
                       at=vn(2026, 11, 2, 11, 0))
    handover.receive_back(CLERK, d.code, "Đã xác minh", at=late)
    workflow.apologize(SUPERVISOR, d.code, vn(2026, 12, 20, 17, 0), "Chờ xác minh")   # a 4 → 4 row
    return d.code


def _cells(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("key,number", [("2018", "04"), ("2025", "06")])
def test_control_slip_rows_from_records(two_handovers, key, number, tmp_path):
    code = two_handovers
    from app import desk
    d = handover.records(CLERK, code)
    dossier = desk.show(CLERK, code)
    issue = Issue(rules.paper_set_named(key).forms[number], None, vn(2026, 12, 11, 9, 30), key)
    pdf = render_pdf(forms.control_form(dossier, settings.office(), issue, records=d))
    text = _cells(pdf_text(pdf, tmp_path))
    assert f"Mẫu số {number}" in text and "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an xã Phương Sơn" in text
    # four rows, in order: to TP, back from TP, to ĐC, back from ĐC — the apology is no row
    giao = re.findall(r"(\d)\. Giao: (.+?) Nhận: (.+?)(?= \d\d giờ)", text)
    assert [(n, g.strip(), r.strip()) for n, g, r in giao] == [
        ("1", "Bộ phận tiếp nhận và trả kết quả", "Phòng Tư pháp, Hộ tịch"),
        ("2", "Phòng Tư pháp, Hộ tịch", "Bộ phận tiếp nhận và trả kết quả"),
        ("3", "Bộ phận tiếp nhận và trả kết quả", "Phòng Địa chính"),
        ("4", "Phòng Địa chính", "Bộ phận tiếp nhận và trả kết quả")], text
    assert "Xin lỗi" not in text and "Chờ xác minh" not in text
    layout = pdf_text(pdf, tmp_path, layout=True)
    assert "09 giờ 15 phút, ngày 02/11/2026" in text and "10 giờ 30 phút, ngày 02/11/2026" in text
    assert "Người giao Lê Thị Hoa Người nhận Trần Thị Bích" in text           # counter → TP
    assert "Người giao Trần Thị Bích Người nhận Trần Văn Minh" in text        # TP → counter (supervisor)
    assert "Người giao Ngô Văn Tư Người nhận Lê Thị Hoa" in text
    # result column: back from TP before the due date, back from ĐC two days after it
    assert re.search(r"ngày\s+Trước hạn\s+Đã trích lục", layout), layout
    assert re.search(r"ngày\s+Quá hạn\s+Đã xác minh", layout), layout
    assert "Hồ sơ gấp" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    out = SHOTS / f"control-{key}.pdf"
    out.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(out), str(SHOTS / f"control-{key}")], check=True)


def test_no_records_blank_rows_to_fill_by_hand(any_office, tmp_path):
    from app import desk
    store.open_database(any_office)
    d = registration.register(CLERK, procedure_code="1.001193", name="Phạm Thu Hà",
                              received_at=vn(2026, 11, 23, 8, 0))
    workflow.change_status(CLERK, d.code, 4, at=vn(2026, 11, 23, 9, 0))
    workflow.apologize(SUPERVISOR, d.code, vn(2026, 12, 10, 17, 0), "Chờ xác minh")
    assert handover.records(CLERK, d.code) == []
    issue = Issue(rules.paper_set_named("2025").forms["06"], None, vn(2026, 12, 1, 9, 0), "2025")
    text = _cells(pdf_text(render_pdf(forms.control_form(desk.show(CLERK, d.code), settings.office(), issue,
                                                         records=[])), tmp_path))
    assert text.count("Giao:") == forms.BLANK_ROWS       # empty rows, filled in by hand
    assert text.count("Người giao") == forms.BLANK_ROWS
    for made_up in ("Chờ xác minh", "Trước hạn,", "Cán bộ tiếp nhận", "canbo1", "Tiếp nhận hồ sơ"):
        assert made_up not in text, made_up
