"""`dossier amend` end to end (subprocess), and the receipt reprinted after it (pdftotext)."""
from __future__ import annotations

import json
import subprocess

from app import registration, store
from app.domain import DocumentReceived
from db.models import Dossier
from tests.app.helpers import CLERK, run_cli


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_amend_then_reprint_the_receipt(any_office, tmp_path):
    store.open_database(any_office)
    d = registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn Anh",
                              phone="0912345678",
                              documents=[DocumentReceived("Tờ khai đăng ký khai sinh", 1, 0)])
    first = tmp_path / "first.pdf"
    p = run_cli(any_office, "print", "receipt", d.code, "--format", "pdf", "--out", str(first))
    assert p.returncode == 0, p.stderr
    text = _pdf_text(first)
    assert "Nguyễn Văn Anh" in text and "BẢN IN LẠI" not in text

    p = run_cli(any_office, "dossier", "amend", d.code, "--name", "Nguyễn Văn An")
    assert p.returncode == 2 and "Lý do sửa là bắt buộc" in p.stderr and "Traceback" not in p.stderr
    assert Dossier.get(Dossier.code == d.code).applicant_name == "Nguyễn Văn Anh"

    p = run_cli(any_office, "dossier", "amend", d.code, "--name", "Nguyễn Văn An",
                "--procedure", "1.004884", "--doc", "Tờ khai đăng ký khai sinh|1|0",
                "--doc", "Giấy chứng sinh|1|0", "--reason", "Gõ nhầm tên, chọn nhầm thủ tục")
    assert p.returncode == 0, p.stderr
    assert "Đã sửa hồ sơ" in p.stdout and "Hạn trả đổi từ" in p.stdout
    row = Dossier.get(Dossier.code == d.code)
    assert row.applicant_name == "Nguyễn Văn An" and row.procedure.code == "1.004884"

    again = tmp_path / "again.pdf"
    p = run_cli(any_office, "print", "receipt", d.code, "--format", "pdf", "--out", str(again))
    assert p.returncode == 0, p.stderr
    text = _pdf_text(again)
    assert "BẢN IN LẠI" in text
    assert "Nguyễn Văn An" in text and "Nguyễn Văn Anh" not in text
    assert "Giấy chứng sinh" in text
    due = store.from_db(row.due_at).astimezone(registration.VN_TZ)
    assert f"{due:%d/%m/%Y}" in text
    assert _number(text) == _number(_pdf_text(first))           # the same number, reprinted

    p = run_cli(any_office, "dossier", "amend", d.code, "--phone", "0912345678", "--reason", "x",
                "--json")
    assert p.returncode == 2 and "Không có thông tin nào thay đổi" in p.stderr
    p = run_cli(any_office, "dossier", "amend", d.code, "--phone", "0987654321", "--reason", "Sai số",
                "--expect-version", "1")
    assert p.returncode == 2 and "vừa được cập nhật ở quầy khác" in p.stderr
    p = run_cli(any_office, "dossier", "amend", d.code, "--id", "024199001111", "--reason", "Thiếu CCCD",
                "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["fields"] == ["id_number"] and out["due_changed"] is False


def _number(text: str) -> str:
    import re
    m = re.search(r"Số:\s*(\S+)", text)
    assert m, text
    return m.group(1)
