"""Sample domain values: previews in the printer settings screen, tests and benchmarks."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from app.domain import (
    Applicant,
    Channel,
    DocumentReceived,
    Dossier,
    HistoryEntry,
    Office,
    Procedure,
    Receipt,
    Status,
)

LONG_NAME = ("Thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em "
             "dưới 6 tuổi theo cơ chế liên thông giữa Ủy ban nhân dân cấp xã, cơ quan công an và "
             "cơ quan bảo hiểm xã hội trong trường hợp cha, mẹ đã đăng ký kết hôn hoặc chưa đăng ký "
             "kết hôn nhưng có yêu cầu đăng ký nhận cha, mẹ, con kết hợp đăng ký khai sinh, "
             "thực hiện trên môi trường điện tử qua Cổng Dịch vụ công quốc gia và Cổng dịch vụ công "
             "cấp tỉnh")


def office(**kw: Any) -> Office:
    base = Office(code="000.17.22.H56", name="UBND xã Phương Sơn", parent_name="UBND tỉnh Bắc Giang",
                  address="Thôn Kèn, xã Phương Sơn, tỉnh Bắc Giang", phone="0204 3888 999",
                  pickup_place="Bộ phận tiếp nhận và trả kết quả, UBND xã Phương Sơn",
                  tracking_url_template="https://motcua.example.vn/tra-cuu?ma={code}&t={token}",
                  survey_url="https://motcua.example.vn/danh-gia?ma={code}",
                  bank_bin="970415", bank_account="113366668888",
                  bank_account_name="UBND XA PHUONG SON")
    return replace(base, **kw)


def procedure(code: str = "1.001193", name: str = "Đăng ký khai sinh", **kw: Any) -> Procedure:
    base = Procedure(code=code, name=name, field="Hộ tịch", level="xã", processing_days=3,
                     fee_text="8.000 đồng", fee_vnd=8000,
                     documents=("Tờ khai đăng ký khai sinh", "Giấy chứng sinh"))
    return replace(base, **kw)


def dossier(n: int = 1, *, proc: Procedure | None = None, name: str = "Nguyễn Thị Hương Giang",
            history: bool = True, **kw: Any) -> Dossier:
    received = datetime(2026, 11, 25, 3, 5, tzinfo=UTC)   # 10:05 Vietnam time
    due = datetime(2026, 11, 30, 9, 30, tzinfo=UTC)       # 16:30 Vietnam time
    code = f"000.17.22.H56-261125-{n:04d}"
    hist: tuple[HistoryEntry, ...] = ()
    if history:
        hist = (HistoryEntry(received, None, Status.ACCEPTED, "Trần Văn Bình", "Tiếp nhận tại quầy"),
                HistoryEntry(received + timedelta(hours=2), Status.ACCEPTED, Status.PROCESSING,
                             "Lê Thị Mai", "Chuyển công chức tư pháp - hộ tịch"),
                HistoryEntry(received + timedelta(days=2), Status.PROCESSING, Status.DONE,
                             "Lê Thị Mai", "Đã ký giấy khai sinh"))
    base = Dossier(
        code=code, procedure=proc or procedure(),
        applicant=Applicant(name=name, id_number="024199001234", phone="0912345678",
                            address="Thôn Kèn, xã Phương Sơn"),
        channel=Channel.COUNTER, received_at=received, due_at=due, status=Status.PROCESSING,
        tracking_url=f"https://motcua.example.vn/tra-cuu?ma={code}&t=Qm9uam91ckxlTW9uZGU{n:04d}",
        clerk="Trần Văn Bình", register_no=n,
        documents=(DocumentReceived("Tờ khai đăng ký khai sinh", originals=1),
                   DocumentReceived("Giấy chứng sinh", originals=1),
                   DocumentReceived("Căn cước công dân của cha, mẹ", copies=2)),
        history=hist)
    return replace(base, **kw)


def receipt(n: int = 1, **kw: Any) -> Receipt:
    return Receipt(office=office(), dossier=dossier(n, **kw))


def procedures(count: int = 120) -> list[Procedure]:
    fields = ("Hộ tịch", "Chứng thực", "Đất đai", "Tư pháp", "Bảo trợ xã hội", "Văn hóa")
    out = []
    for i in range(count):
        name = (LONG_NAME if i % 17 == 0 else
                f"Thủ tục số {i + 1}: cấp bản sao trích lục hộ tịch và chứng thực giấy tờ")
        out.append(procedure(f"1.{1000 + i:06d}", name, field=fields[i % len(fields)],
                             processing_days=(i % 15) or None,
                             fee_vnd=(i % 4) * 10000 or None, fee_text="Không"))
    return out


def long_receipt() -> Receipt:
    """The worst case Mẫu 01 must still fit on one A5 page: a 60-character name, a
    400-character procedure name, a long address and 12 documents."""
    name = "Công Tôn Nữ Huyền Trân Nguyễn Phước Bảo Long Thị Ngọc Hoa Hạ"[:60].ljust(60, "a")
    proc = procedure("2.000001", (LONG_NAME + " " + LONG_NAME)[:400])
    names = ("Tờ khai đăng ký khai sinh (theo mẫu)", "Giấy chứng sinh do cơ sở y tế cấp",
             "Giấy chứng nhận kết hôn của cha, mẹ", "Căn cước của người đi đăng ký",
             "Văn bản ủy quyền có chứng thực", "Giấy xác nhận thông tin về cư trú",
             "Tờ khai đăng ký thường trú (mẫu CT01)", "Tờ khai tham gia bảo hiểm y tế (mẫu TK01-TS)",
             "Bản sao Giấy chứng nhận quyền sử dụng đất", "Sổ hộ khẩu gia đình (bản cũ, nếu còn)",
             "Văn bản đồng ý cho đăng ký thường trú của chủ hộ",
             "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp theo quy định")
    docs = tuple(DocumentReceived(n, originals=i % 2, copies=1 + i % 3) for i, n in enumerate(names, 1))
    d = dossier(7, proc=proc, name=name, documents=docs)
    d = replace(d, applicant=replace(d.applicant, address=(
        "Số nhà 1234, ngách 56/78, ngõ 910 đường Nguyễn Văn Cừ nối dài, tổ dân phố số 15, "
        "phường Bến Thủy, tỉnh Nghệ An")))
    return Receipt(office=office(parent_name="Ủy ban nhân dân tỉnh Nghệ An",
                                 name="Ủy ban nhân dân phường Trường Vinh"), dossier=d)
