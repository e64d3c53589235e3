"""Mẫu 01–06 of Thông tư 01/2018/TT-VPCP as documents (wording is data here, not code)."""
from __future__ import annotations

from datetime import date, datetime

from app.domain import Dossier, Office, Receipt, UserError, mask_tail
from printing.common import (
    fee_of, finished_entry, fmt_date, fmt_long_date, fmt_short, fmt_time, fmt_vnd,
    header, label_value, processing_text, timing, title,
)
from printing.layout import (
    CENTER, QR, Column, Columns, Document, SignatureBlock, Spacer, Table, Text,
)

A5_MARGINS = (12.0, 10.0, 12.0, 15.0)
A4_MARGINS = (20.0, 15.0, 20.0, 25.0)
A4L_MARGINS = (15.0, 12.0, 15.0, 15.0)


def _documents_table(dossier: Dossier, base: float) -> Table:
    rows = [(str(i), d.name, str(d.originals or ""), str(d.copies or ""), str(d.count))
            for i, d in enumerate(dossier.documents, 1)]
    if not rows:
        rows = [("1", "Hồ sơ theo quy định của thủ tục", "", "", "1")]
    return Table((Column("TT", 0.55, CENTER), Column("Tên loại giấy tờ", 5.2),
                  Column("Bản chính", 1.25, CENTER), Column("Bản sao", 1.25, CENTER),
                  Column("Số lượng", 1.25, CENTER)), tuple(rows), size=base - 0.5)


def form_01(receipt: Receipt) -> Document:
    """Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (A5)."""
    office, d = receipt.office, receipt.dossier
    a, p = d.applicant, d.procedure
    base = 8.5
    fee = fee_of(p, receipt.fee_vnd)
    blocks = [header(office, d.received_at, 8), Spacer(2),
              *title(office.form_title("01", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), base),
              Text((("Mã hồ sơ: ", False), (d.code, True)), base + 1, align=CENTER, space_after=4),
              label_value("Bộ phận tiếp nhận và trả kết quả: ", office.name, base),
              label_value("Tiếp nhận hồ sơ của: ", a.name, base)]
    if a.id_number:
        blocks.append(label_value("Số CCCD/định danh: ", mask_tail(a.id_number), base, False))
    if a.address:
        blocks.append(label_value("Địa chỉ: ", a.address, base, False))
    contact = []
    if a.phone:
        contact.append(("Số điện thoại: ", mask_tail(a.phone)))
    if a.email:
        contact.append(("   Email: ", a.email))
    if contact:
        blocks.append(Text(tuple((lbl, False) for pair in contact for lbl in pair), base, space_after=2))
    blocks += [
        Text((("Nội dung yêu cầu giải quyết: ", False), (p.name, True), (f" (Mã TTHC: {p.code})", False)),
             base, space_after=2),
        Text("1. Thành phần hồ sơ nộp gồm:", base, space_after=2),
        _documents_table(d, base),
        Text("2. Số lượng hồ sơ: 01 (bộ)", base, space_after=2),
        Text(f"3. Thời gian giải quyết hồ sơ theo quy định là: {processing_text(p.processing_days)}",
             base, space_after=2),
        Text(f"4. Thời gian nhận hồ sơ: {fmt_time(d.received_at)}", base, space_after=2),
        Text((("5. Thời gian trả kết quả giải quyết hồ sơ: ", False),
              (fmt_time(d.due_at), True)), base, space_after=2),
        Text(f"6. Đăng ký nhận kết quả tại: {office.pickup_place or office.address or office.name}",
             base, space_after=2),
    ]
    if fee:
        blocks.append(Text(f"7. Phí, lệ phí: {fmt_vnd(fee)}", base, space_after=2))
    blocks.append(Text(f"Vào Sổ theo dõi hồ sơ, Số thứ tự: {d.register_no or '……'}", base,
                       space_after=4))
    blocks.append(Columns((
        (SignatureBlock("NGƯỜI NỘP HỒ SƠ", name=a.name, size=base, space=16),),
        (QR(d.tracking_url, 22, caption="Tra cứu hồ sơ", caption_size=6.5),),
        (SignatureBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", name=d.clerk_display, size=base, space=16),),
    ), weights=(38, 24, 38), gap=2))
    return Document(tuple(blocks), page="A5", title=f"Giấy tiếp nhận hồ sơ {d.code}",
                    margins=A5_MARGINS)


def _who(d: Dossier, base: float) -> list:
    out = [label_value("Mã hồ sơ: ", d.code, base),
           label_value("Hồ sơ của: ", d.applicant.name, base)]
    if d.applicant.address:
        out.append(label_value("Địa chỉ: ", d.applicant.address, base, False))
    out.append(label_value("Nội dung yêu cầu giải quyết: ", d.procedure.name, base))
    out.append(label_value("Ngày tiếp nhận: ", fmt_time(d.received_at), base, False))
    return out


def form_02(dossier: Dossier, office: Office, missing: list[str], at: datetime | date) -> Document:
    """Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (A4); lists every missing item."""
    items = [m.strip() for m in missing if m and m.strip()]
    if not items:
        raise UserError("Cần ghi ít nhất một nội dung phải bổ sung, hoàn thiện.", "missing")
    base = 11.5
    contact = office.name + (f", số điện thoại {office.phone}" if office.phone else "")
    blocks = [header(office, at, 11), Spacer(6),
              *title(office.form_title("02", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"), base), Spacer(4),
              *_who(dossier, base),
              Text("Sau khi nghiên cứu, đối chiếu với quy định hiện hành, Bộ phận tiếp nhận và trả "
                   "kết quả đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
                   base, space_after=3)]
    blocks += [Text(f"{i}. {m}", base, indent=14, space_after=2) for i, m in enumerate(items, 1)]
    blocks += [Text("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
                    f"{contact} để được hướng dẫn./.", base, space_after=8),
               Columns(((), (SignatureBlock("NGƯỜI HƯỚNG DẪN", name=dossier.clerk_display, size=base),)),
                       weights=(45, 55))]
    return Document(tuple(blocks), page="A4", title=f"Phiếu yêu cầu bổ sung {dossier.code}",
                    margins=A4_MARGINS)


def form_03(dossier: Dossier, office: Office, reason: str, at: datetime | date) -> Document:
    """Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (A4)."""
    if not (reason or "").strip():
        raise UserError("Cần ghi rõ lý do từ chối tiếp nhận hồ sơ.", "reason")
    base = 11.5
    blocks = [header(office, at, 11), Spacer(6),
              *title(office.form_title("03", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"), base), Spacer(4),
              label_value("Bộ phận tiếp nhận và trả kết quả: ", office.name, base),
              *_who(dossier, base),
              Text("Sau khi nghiên cứu, đối chiếu với quy định hiện hành, Bộ phận tiếp nhận và trả "
                   "kết quả từ chối tiếp nhận, giải quyết hồ sơ này với lý do như sau:",
                   base, space_after=3),
              Text(reason.strip(), base, bold=True, indent=14, space_after=4),
              Text("Xin thông báo để Ông/Bà được biết và thực hiện./.", base, space_after=8),
              Columns(((), (SignatureBlock("NGƯỜI TIẾP NHẬN", name=dossier.clerk_display, size=base),)),
                      weights=(45, 55))]
    return Document(tuple(blocks), page="A4", title=f"Phiếu từ chối {dossier.code}",
                    margins=A4_MARGINS)


def form_04(dossier: Dossier, office: Office) -> Document:
    """Mẫu 04 — Phiếu kiểm soát quá trình giải quyết hồ sơ (A4), from dossier.history."""
    base = 11
    rows = []
    for i, h in enumerate(dossier.history, 1):
        move = (f"{h.from_status.vi_label} → " if h.from_status else "") + h.to_status.vi_label
        rows.append((str(i), fmt_short(h.at), move, h.user, timing(h.at, h.due_at or dossier.due_at),
                     h.note))
    if not rows:
        rows.append(("1", fmt_short(dossier.received_at), dossier.status.vi_label, dossier.clerk_display,
                     "", "Chưa có diễn biến"))
    blocks = [header(office, None, 10.5), Spacer(6),
              *title(office.form_title("04", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"), base), Spacer(3),
              label_value("Mã hồ sơ: ", dossier.code, base),
              Text(f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả ngày "
                   f"{fmt_date(dossier.received_at)})", base - 1, align=CENTER, space_after=4),
              label_value("Cơ quan (bộ phận) giải quyết hồ sơ: ", office.name, base),
              label_value("Người nộp: ", dossier.applicant.name, base),
              label_value("Thủ tục: ", dossier.procedure.name, base),
              label_value("Hạn trả kết quả: ", fmt_time(dossier.due_at), base),
              label_value("Tình trạng hiện tại: ", dossier.status.vi_label, base),
              Table((Column("STT", 0.6, CENTER), Column("Thời gian giao, nhận", 1.6),
                     Column("Nội dung (trạng thái)", 2.6), Column("Người thực hiện", 1.6),
                     Column("Kết quả (Trước hạn / Đúng hạn / Quá hạn)", 1.6, CENTER),
                     Column("Ghi chú", 2.0)), tuple(rows), size=base - 2)]
    return Document(tuple(blocks), page="A4", title=f"Phiếu kiểm soát {dossier.code}",
                    margins=A4_MARGINS)


def form_05(dossier: Dossier, office: Office, new_due: datetime | date, reason: str,
            at: datetime | date) -> Document:
    """Mẫu 05 — Phiếu xin lỗi và hẹn lại ngày trả kết quả (A4)."""
    if not (reason or "").strip():
        raise UserError("Cần ghi rõ lý do chậm trả kết quả.", "reason")
    base = 11.5
    d = dossier
    blocks = [header(office, at, 11), Spacer(6),
              *title(office.form_title("05", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"), base), Spacer(4),
              Text(f"Kính gửi: Ông/Bà {d.applicant.name}", base, bold=True, align=CENTER, space_after=6),
              Text(f"Ngày {fmt_date(d.received_at)}, {office.name} tiếp nhận giải quyết hồ sơ "
                   f"của Ông/Bà mã số {d.code}.", base, space_after=3),
              label_value("Nội dung yêu cầu giải quyết: ", d.procedure.name, base),
              label_value("Thời hạn trả kết quả giải quyết hồ sơ: ", fmt_time(d.due_at), base),
              Text(f"Tuy nhiên đến nay, {office.name} chưa trả kết quả giải quyết hồ sơ của Ông/Bà.",
                   base, space_after=3),
              Text((("Lý do: ", False), (reason.strip(), False)), base, space_after=3),
              Text(f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {office.name} xin lỗi Ông/Bà và "
                   "sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào "
                   f"{fmt_long_date(new_due)} ({fmt_date(new_due)}).", base, space_after=3),
              Text("Xin trân trọng cảm ơn!", base, space_after=8),
              Columns(((), (SignatureBlock("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ",
                                           hint="(Ký, ghi rõ họ tên và đóng dấu)", size=base),)),
                      weights=(45, 55))]
    return Document(tuple(blocks), page="A4", title=f"Phiếu xin lỗi {d.code}", margins=A4_MARGINS)


def form_06(dossiers: list[Dossier], office: Office, date_from: date, date_to: date) -> Document:
    """Mẫu 06 — Sổ theo dõi hồ sơ (A4 ngang), one row per dossier numbered by register_no."""
    base = 7.5
    rows = []
    for d in sorted(dossiers, key=lambda x: (x.register_no or 10**9, x.received_at, x.code)):
        a = d.applicant
        addr = ", ".join(s for s in (a.address, a.phone) if s)
        end = finished_entry(d)
        returned = f"{fmt_date(end.at)}\n{timing(end.at, d.due_at)}" if end else ""
        rows.append((str(d.register_no or ""), d.code, d.procedure.name,
                     "1", a.name, addr, fmt_short(d.received_at),
                     fmt_short(d.due_at), d.status.vi_label, returned, "", d.note))
    cols = (Column("STT", 0.55, CENTER), Column("Mã hồ sơ", 2.5), Column("Tên thủ tục hành chính", 2.8),
            Column("Số lượng hồ sơ (bộ)", 0.8, CENTER), Column("Tên cá nhân, tổ chức", 1.6),
            Column("Địa chỉ, số điện thoại", 1.8), Column("Nhận hồ sơ", 1.05, CENTER),
            Column("Hẹn trả kết quả", 1.05, CENTER), Column("Tình trạng", 1.1),
            Column("Trả kết quả (ngày, kết quả)", 1.1, CENTER), Column("Ký nhận", 0.8),
            Column("Ghi chú", 0.9))
    top = Columns(((Text(office.parent_name.upper(), 9, False, CENTER, space_after=0),
                    Text(office.name.upper(), 9, True, CENTER, space_after=0)) if office.parent_name
                   else (Text(office.name.upper(), 9, True, CENTER, space_after=0),), ()),
                  weights=(35, 65))
    blocks = [top, Spacer(3), *title(office.form_title("06", "SỔ THEO DÕI HỒ SƠ"), 11),
              Text(f"Từ ngày {fmt_date(date_from)} đến ngày {fmt_date(date_to)} — "
                   f"{len(rows)} hồ sơ", 9, align=CENTER, space_after=6),
              Table(cols, tuple(rows), size=base)]
    if not rows:
        blocks.append(Text("Không có hồ sơ nào trong khoảng thời gian này.", 9, align=CENTER))
    return Document(tuple(blocks), page="A4L", title="Sổ theo dõi hồ sơ",
                    margins=A4L_MARGINS, footer=f"Sổ theo dõi hồ sơ — {office.name}")
