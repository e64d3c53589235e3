"""Ratings import (every encoding, broken rows, re-import), report and follow-up calls."""
import unicodedata
from datetime import datetime

import openpyxl
import pytest

from app import ratings, registration, store
from app.domain import VN_TZ, PermissionDenied, UserError
from db.models import Audit, FollowUpCall, Rating
from tests.app.helpers import CLERK, SUPERVISOR


@pytest.fixture
def codes(any_office):
    store.open_database(any_office)
    out = []
    for i, proc in enumerate(("1.001193", "1.001193", "2.000815")):
        out.append(registration.register(CLERK, procedure_code=proc, name="Đỗ Thị Hằng",
                                         phone="0987654321", id_number="001190000123",
                                         received_at=datetime(2026, 10, 5 + i, 9, tzinfo=VN_TZ)).code)
    return out


TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: vowel shapes precomposed, tones combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


HEADER = "Mã hồ sơ;Thời gian;Mức độ hài lòng;Ý kiến góp ý;Số điện thoại;Kênh"


def csv_text(codes):
    a, b, c = codes
    return "\n".join([
        HEADER,
        f"{a};05/10/2026 10:00;Rất hài lòng;Cán bộ nhiệt tình;0912345678;Kiosk",
        f"{b};06/10/2026 10:05;Không hài lòng;Chờ lâu quá;;QR",
        f"{c};07/10/2026 11:00;Rất không hài lòng;Hẹn trả nhưng chưa có;+84 912 345 679;Cổng DVC",
        f"{a};05/10/2026 15:00;3;;;kiosk",
        f"{a};32/10/2026 10:00;Hài lòng;;;Kiosk",            # line 6: bad date
        f"{b};06/10/2026 10:00;Tuyệt vời;;;Kiosk",          # line 7: bad level
        "000.00.00.X-000000-0001;06/10/2026 10:00;Hài lòng;;;Kiosk",   # line 8: unknown dossier
        f"{b};06/10/2026 10:00;Hài lòng;;12345;Kiosk",       # line 9: bad phone
        f"{b};06/10/2026 10:00;Hài lòng;;;Fax",              # line 10: bad channel
        "",
    ])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_import_every_encoding_with_broken_rows(codes, tmp_path, encoding):
    path = tmp_path / "khao-sat.csv"
    text = csv_text(codes)
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    res = ratings.import_file(SUPERVISOR, path)
    assert (res.imported, res.duplicates, res.total_rows) == (4, 0, 9)
    assert [ln for ln, _m in res.errors] == [6, 7, 8, 9, 10]
    assert "thời gian" in res.errors[0][1] and "mức độ" in res.errors[1][1]
    assert "không có hồ sơ" in res.errors[2][1] and "điện thoại" in res.errors[3][1]
    comments = {r.comment for r in Rating.select()}
    assert "Hẹn trả nhưng chưa có" in comments and "Cán bộ nhiệt tình" in comments   # NFC, accents kept
    again = ratings.import_file(SUPERVISOR, path)
    assert (again.imported, again.duplicates) == (0, 4) and Rating.select().count() == 4
    assert Audit.select().where(Audit.action == "ratings.import").count() == 2


def test_import_xlsx_with_criteria_scores(codes, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã hồ sơ", "Thời gian", "Tiêu chí 1: tiếp cận dịch vụ", "Tiêu chí 2: thái độ", "Kênh"])
    ws.append([codes[0], datetime(2026, 10, 5, 10), 5, 4, "QR"])
    ws.append([codes[1], "06/10/2026", 1, 2, "kiosk"])
    ws.append([codes[1], "06/10/2026", 9, 2, "kiosk"])           # line 4: score out of range
    wb.save(tmp_path / "s.xlsx")
    res = ratings.import_file(SUPERVISOR, tmp_path / "s.xlsx")
    assert res.imported == 2 and [ln for ln, _m in res.errors] == [4]
    assert sorted(r.level for r in Rating.select()) == [2, 5]     # averages 1.5 → 2, 4.5 → 5


def test_missing_columns_and_roles(codes, tmp_path):
    (tmp_path / "x.csv").write_text("Tên,Điểm\nA,5\n", encoding="utf-8")
    with pytest.raises(UserError):
        ratings.import_file(SUPERVISOR, tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        ratings.import_file(CLERK, tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        ratings.followups(CLERK)


def test_report_and_followups(codes, tmp_path):
    path = tmp_path / "k.csv"
    path.write_text(csv_text(codes), encoding="utf-8")
    ratings.import_file(SUPERVISOR, path)
    rep = ratings.satisfaction(SUPERVISOR, "2026-10")
    assert (rep["count"], rep["satisfied"], rep["rate"]) == (4, 1, 25.0)
    assert rep["levels"] == {"Rất hài lòng": 1, "Hài lòng": 0, "Bình thường": 1, "Không hài lòng": 1,
                             "Rất không hài lòng": 1}
    assert {f["field"]: f["count"] for f in rep["by_field"]} == {"Hộ tịch": 3, "Chứng thực": 1}
    assert rep["by_clerk"][0]["clerk"] == CLERK.username
    assert rep["by_month"][-1]["month"] == "2026-10" and len(rep["by_month"]) == 12
    assert rep["open_followups"] == 2
    open_ = ratings.followups(SUPERVISOR, open_only=True)
    assert [f.dossier_code for f in open_] == [codes[1], codes[2]]
    assert open_[0].phone == "0987654321" and open_[0].applicant_name == "Đỗ Thị Hằng"
    assert open_[0].clerk == CLERK.username
    f = ratings.record_call(SUPERVISOR, open_[0].id, "no_answer")
    assert f.state == "open" and len(f.calls) == 1
    f = ratings.record_call(SUPERVISOR, open_[0].id, "explained", "Đã hẹn trả bổ sung")
    assert f.state == "done" and [c[2] for c in f.calls] == ["no_answer", "explained"]
    assert [x.id for x in ratings.followups(SUPERVISOR, open_only=True)] == [open_[1].id]
    assert FollowUpCall.select().count() == 2
    rows = list(Audit.select().where(Audit.action == "ratings.called"))
    assert len(rows) == 2 and "0987654321" not in rows[0].details      # no phone in the audit
    with pytest.raises(UserError):
        ratings.record_call(SUPERVISOR, open_[0].id, "maybe")


def test_a_binary_file_is_a_message_not_a_traceback(office_db, tmp_path):
    """The shared decoder (app.textfile) refuses binary; the import says what to bring."""
    from app import ratings
    from app.domain import UserError
    from tests.app.helpers import SUPERVISOR
    bad = tmp_path / "khao-sat.csv"
    bad.write_bytes(b"M\xe3 h\x00\x01\x02\x81\x8d\x8f\x90" * 50)
    with pytest.raises(UserError, match="không phải văn bản"):
        ratings.import_file(SUPERVISOR, bad)
