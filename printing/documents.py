"""Domain values → documents: thermal receipt, folder label, QR poster, test page,
and (re-exported from ``printing.forms``) Mẫu 01–06. A new form is a new function here,
never a new renderer."""
from __future__ import annotations

from datetime import datetime

from app.domain import Dossier, Office, Procedure, Receipt, mask_tail
from printing import vietqr
from printing.common import (
    fee_of,
    fmt_date,
    fmt_short,
    fmt_time,
    fmt_vnd,
    processing_text,
    weekday,
)
from printing.forms import form_01, form_02, form_03, form_04, form_05, form_06
from printing.layout import (
    CENTER,
    QR,
    Block,
    Column,
    Columns,
    Document,
    PageBreak,
    Separator,
    Spacer,
    Table,
    Text,
)

__all__ = ["receipt", "label", "poster", "field_poster", "test_page", "fee_payload",
           "form_01", "form_02", "form_03", "form_04", "form_05", "form_06"]

VIETNAMESE_SAMPLE = ("ăâđêôơư ĂÂĐÊÔƠƯ áàảãạ ấầẩẫậ ắằẳẵặ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ "
                     "ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ ĐỨC ƯỚC NGHIỆP VỤ")


def fee_payload(rc: Receipt) -> str | None:
    """VietQR string for the fee, or None (no fee, or the office has no bank account set)."""
    fee = fee_of(rc.dossier.procedure, rc.fee_vnd)
    office = rc.office
    if not fee or fee <= 0 or not office.bank_bin or not office.bank_account:
        return None
    return vietqr.payload(office.bank_bin, office.bank_account, fee, rc.dossier.code)


MAX_RECEIPT_DOCS = 6              # the list keeps a receipt under ~30 cm


def fill_code(template: str, code: str) -> str:
    """A URL template with {code} filled in (URL-quoted); only that one field, never format()."""
    from urllib.parse import quote
    return (template or "").replace("{code}", quote(code, safe=".-"))


def survey_link(rc: Receipt) -> str:
    """The receipt's survey QR: the office's survey template with this dossier's code."""
    return fill_code(rc.office.survey_url, rc.dossier_code)


def _documents_lines(d: Dossier, body: float) -> list:
    if not d.documents:
        return []
    out = [Text(f"Giấy tờ đã nhận ({sum(x.count for x in d.documents)} bản):", body, bold=True,
                space_after=0.5)]
    shown = d.documents if len(d.documents) <= MAX_RECEIPT_DOCS else d.documents[:MAX_RECEIPT_DOCS - 1]
    for i, doc in enumerate(shown, 1):
        counts = ", ".join(s for s in (f"{doc.originals} bản chính" if doc.originals else "",
                                       f"{doc.copies} bản sao" if doc.copies else "") if s)
        out.append(Text(f"{i}. {doc.name}" + (f" ({counts})" if counts else ""), body - 0.5,
                        indent=6, space_after=0.5))
    rest = len(d.documents) - len(shown)
    if rest:
        out.append(Text(f"… và {rest} giấy tờ khác", body - 0.5, indent=6, space_after=0.5))
    return out


def receipt(receipt: Receipt, *, fee_qr: bool = False, number_line: str = "",
            reprint_at: datetime | None = None) -> Document:
    """Thermal receipt: masked CCCD/phone, the documents handed over, appointment, tracking QR
    (URL only), fee QR, survey QR. `reprint_at`: this print is a reprint (BẢN IN LẠI + time)."""
    office, d = receipt.office, receipt.dossier
    a, p = d.applicant, d.procedure
    fee = fee_of(p, receipt.fee_vnd)
    body = 8.5
    blocks: list[Block] = []
    if office.parent_name:
        blocks.append(Text(office.parent_name.upper(), 7.5, False, CENTER, space_after=0, fit=True))
    blocks.append(Text(office.name.upper(), 10, True, CENTER, space_after=0, fit=True, min_size=7))
    contact = " · ".join(s for s in (office.address, f"ĐT: {office.phone}" if office.phone else "") if s)
    if contact:
        blocks.append(Text(contact, 7, False, CENTER, space_after=0))
    blocks += [Separator("dashed"),
               Text("GIẤY TIẾP NHẬN HỒ SƠ\nVÀ HẸN TRẢ KẾT QUẢ", 10.5, True, CENTER, space_after=2,
                    fit=True, min_size=8)]
    if reprint_at is not None:
        blocks.append(Text(f"BẢN IN LẠI — {fmt_short(reprint_at)}", 9.5, True, CENTER, space_after=1))
    if number_line:
        blocks.append(Text(number_line, 8.5, False, CENTER, space_after=0.5))
    blocks += [Text(d.code, 11, True, CENTER, space_after=1, fit=True),
               Separator("dashed"),
               Text(((("Tổ chức: " if a.is_organisation else "Người nộp: "), False), (a.name, True)),
                    body)]
    if a.is_organisation:
        if a.tax_code:
            blocks.append(Text(f"Mã số thuế: {a.tax_code}", body))
        if a.representative:
            blocks.append(Text(f"Đại diện: {a.representative_line}", body))
    if a.id_number:
        blocks.append(Text(f"CCCD: {mask_tail(a.id_number)}", body))
    if a.phone:
        blocks.append(Text(f"Điện thoại: {mask_tail(a.phone)}", body))
    if d.delegate is not None:
        blocks.append(Text((("Người nộp thay: ", False), (d.delegate.name, True)), body))
        if d.delegate.id_number:
            blocks.append(Text(f"CCCD người nộp thay: {mask_tail(d.delegate.id_number)}", body))
    blocks += [Text((("Thủ tục: ", False), (p.name, True)), body),
               Text(f"Mã thủ tục: {p.code} · Kênh: {d.channel.vi_label}", body),
               *_documents_lines(d, body),
               Text(f"Nhận lúc: {fmt_time(d.received_at)}", body),
               Text((("Hẹn trả: ", False), (fmt_time(d.due_at), True),
                     (f" ({weekday(d.due_at)})", False)), body + 0.5),
               Text(f"Nơi trả: {office.pickup_place or office.address or office.name}", body),
               Text(f"Phí, lệ phí: {fmt_vnd(fee) if fee else p.fee_text or 'Không'}", body)]
    if d.register_no:
        blocks.append(Text(f"Số thứ tự trong sổ: {d.register_no}", body))
    blocks += [Separator("dashed"),
               QR(d.tracking_url, 30, caption="Quét mã để tra cứu tình trạng hồ sơ", caption_size=8)]
    payload = fee_payload(receipt) if fee_qr else None
    if payload:
        blocks += [Separator("dashed"),
                   QR(payload, 30, caption=f"Quét VietQR để nộp {fmt_vnd(fee)}\n"
                                           f"Nội dung: {vietqr.ascii_reference(d.code)}",
                      caption_size=8)]
        if office.bank_account_name:
            blocks.append(Text(f"Tài khoản: {office.bank_account_name}", 7.5, align=CENTER))
    if office.survey_url:
        blocks += [Separator("dashed"),
                   QR(survey_link(receipt), 20, caption="Đánh giá mức độ hài lòng",
                      caption_size=7.5)]
    if d.clerk_name:                     # the clerk's full name, never a login name
        blocks.append(Text(f"Cán bộ tiếp nhận: {d.clerk_name}", 7.5, align=CENTER, space_after=0))
    blocks.append(Text("Vui lòng mang theo giấy này khi nhận kết quả.", 7.5, align=CENTER))
    return Document(tuple(blocks), title=f"Biên nhận {d.code}")


def label(dossier: Dossier, office: Office) -> Document:
    """Folder label (100 × 60 mm, or the thermal width): big code, QR, due date."""
    d = dossier
    right = (Text(office.name, 8, False, space_after=1),
             Text(d.code, 16, True, fit=True, min_size=9, space_after=2),
             Text(d.applicant.name, 11, True, space_after=1),
             Text(d.procedure.name, 8, space_after=2),
             Text((("Hẹn trả: ", False), (fmt_date(d.due_at), True)), 11, space_after=0))
    block = Columns(((QR(d.tracking_url, 32, align="left"),), right), weights=(36, 64), gap=3)
    return Document((block,), page=(100.0, 50.0), title=f"Nhãn hồ sơ {d.code}",
                    margins=(5.0, 5.0, 3.0, 5.0))


def _procedure_cell(p: Procedure, office: Office, size: float, qr_mm: float) -> tuple:
    fee = fmt_vnd(p.fee_vnd) if p.fee_vnd else (p.fee_text or "Không")
    return (QR(office.procedure_url_template.format(code=p.code), qr_mm),
            Text(p.name, size, True, CENTER, space_after=1),
            Text(f"Mã TTHC: {p.code}", size - 1, False, CENTER, space_after=0),
            Text(f"Thời hạn: {processing_text(p.processing_days)}", size - 1, False, CENTER,
                 space_after=0),
            Text(f"Phí, lệ phí: {fee}", size - 1, False, CENTER, space_after=0))


def _survey_cell(office: Office, k: float) -> Columns:
    """The satisfaction-survey QR with its caption, for the QR boards."""
    return Columns((
        (QR(fill_code(office.survey_url, ""), 24 * k, align="right"),),
        (Text("ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG", 11 * k, True, space_after=1),
         Text("Mời Ông/Bà quét mã để đánh giá việc giải quyết thủ tục hành chính "
              "tại Bộ phận một cửa.", 8.5 * k)),
    ), weights=(35, 65), gap=3)


def poster(procedures: list[Procedure], office: Office, field: str | None = None,
           page: str = "A4") -> Document:
    """QR poster board: one cell per procedure (name, code, time, fee, QR of its page),
    grouped by field, and a satisfaction-survey QR when the office has one."""
    page = (page or "A4").upper()
    if page not in ("A4", "A3"):
        from app.domain import UserError
        raise UserError("Khổ giấy bảng QR phải là A4 hoặc A3.", "page")
    ncols, size, qr_mm, k = (3, 8.0, 30, 1.0) if page == "A4" else (4, 9.0, 36, 1.4)
    chosen = [p for p in procedures if p.active and (field is None or p.field == field)]
    blocks: list[Block] = []
    if office.parent_name:
        blocks.append(Text(office.parent_name.upper(), 10 * k, False, CENTER, space_after=0))
    blocks += [Text(office.name.upper(), 12 * k, True, CENTER, space_after=2),
               Text("MÃ QR TRA CỨU THỦ TỤC HÀNH CHÍNH", 16 * k, True, CENTER, space_after=1),
               Text("Quét mã QR bằng điện thoại để xem thành phần hồ sơ, trình tự, thời hạn, "
                    "phí và nộp hồ sơ trực tuyến", 9 * k, False, CENTER, space_after=2)]
    if office.survey_url:
        blocks.append(_survey_cell(office, k))
    groups: dict[str, list[Procedure]] = {}
    for p in chosen:
        groups.setdefault(p.field or "Khác", []).append(p)
    if not chosen:
        blocks.append(Text("Không có thủ tục nào trong lĩnh vực này.", 10, align=CENTER))
    for gi, (name, items) in enumerate(sorted(groups.items())):
        blocks += [Separator(space=4, keep_with_next=True),
                   Text(f"LĨNH VỰC: {name.upper()} ({len(items)} thủ tục)", 11 * k, True, CENTER,
                        space_after=4, keep_with_next=True)]
        for i in range(0, len(items), ncols):
            row = [_procedure_cell(p, office, size, qr_mm) for p in items[i:i + ncols]]
            row += [()] * (ncols - len(row))
            blocks += [Columns(tuple(row), gap=3, boxed=True), Spacer(2)]
        if field is None and gi < len(groups) - 1 and page == "A3":
            blocks.append(PageBreak())
    title = f"Bảng mã QR thủ tục — {field}" if field else "Bảng mã QR thủ tục hành chính"
    return Document(tuple(blocks), page=page, title=title, margins=(10.0, 10.0, 12.0, 10.0),
                    footer=office.name)


FIELD_NAMES_SHOWN = {"A4": 5, "A3": 8}     # names in small print per cell, then "… và N"


def field_url(template: str, field: str) -> str:
    """The field's page: `template` with {field} URL-encoded (only that field, never format())."""
    from urllib.parse import quote
    return template.replace("{field}", quote(field, safe=""))


def _field_cell(field: str, items: list[Procedure], url: str, size: float, qr_mm: float,
                shown: int) -> tuple:
    names = [p.name if len(p.name) <= 90 else p.name[:88].rsplit(" ", 1)[0] + " …"
             for p in items[:shown]]
    more = len(items) - len(names)
    small = "; ".join(names) + (f"; … và {more} thủ tục khác" if more else "")
    return (QR(url, qr_mm),
            Text(field.upper(), size + 1.5, True, CENTER, space_after=0.5, fit=True, min_size=size),
            Text(f"{len(items)} thủ tục", size, True, CENTER, space_after=1),
            Text(small, size - 2, False, CENTER, space_after=0))


def field_poster(procedures: list[Procedure], office: Office, url_template: str,
                 page: str = "A4") -> Document:
    """QR board as the offices post it: one cell per field (name, number of procedures, their
    names in small print, a QR to the field's page), and the survey QR."""
    page = (page or "A4").upper()
    if page not in ("A4", "A3"):
        from app.domain import UserError
        raise UserError("Khổ giấy bảng QR phải là A4 hoặc A3.", "page")
    ncols, size, qr_mm, k = (4, 7.5, 25, 1.0) if page == "A4" else (5, 9.0, 34, 1.4)
    groups: dict[str, list[Procedure]] = {}
    for p in procedures:
        if p.active:
            groups.setdefault(p.field or "Khác", []).append(p)
    blocks: list[Block] = []
    if office.parent_name:
        blocks.append(Text(office.parent_name.upper(), 10 * k, False, CENTER, space_after=0, fit=True))
    blocks += [Text(office.name.upper(), 12 * k, True, CENTER, space_after=2, fit=True),
               Text("MÃ QR TRA CỨU THỦ TỤC HÀNH CHÍNH THEO LĨNH VỰC", 15 * k, True, CENTER,
                    space_after=1, fit=True),
               Text(f"{len(groups)} lĩnh vực, {sum(len(v) for v in groups.values())} thủ tục — quét mã "
                    "của lĩnh vực để xem danh sách thủ tục, thành phần hồ sơ, thời hạn, phí và nộp hồ "
                    "sơ trực tuyến", 9 * k, False, CENTER, space_after=3)]
    if office.survey_url:
        blocks.append(_survey_cell(office, k))
    if not groups:
        blocks.append(Text("Không có thủ tục nào.", 10, align=CENTER))
    cells = [_field_cell(name, items, field_url(url_template, name), size, qr_mm, FIELD_NAMES_SHOWN[page])
             for name, items in sorted(groups.items())]
    for i in range(0, len(cells), ncols):
        row = cells[i:i + ncols] + [()] * (ncols - len(cells[i:i + ncols]))
        blocks += [Columns(tuple(row), gap=3, boxed=True), Spacer(2)]
    return Document(tuple(blocks), page=page, title="Bảng mã QR theo lĩnh vực",
                    margins=(10.0, 10.0, 12.0, 10.0), footer=office.name)


def test_page(office: Office, width_dots: int) -> Document:
    """A test print: width ruler, Vietnamese sample, table, QR."""
    mm = width_dots / 8
    blocks = (Text("TRANG IN THỬ", 12, True, CENTER, space_after=1),
              Text(office.name, 9, True, CENTER),
              Text(f"Độ rộng in: {width_dots} điểm (≈ {mm:.0f} mm)", 8.5, align=CENTER),
              Separator(thickness=2.0),
              Text("Tiếng Việt: " + VIETNAMESE_SAMPLE, 9),
              Text("CỠ CHỮ 12 ĐẬM", 12, True), Text("Cỡ chữ 7 thường", 7),
              Table((Column("Cột", 1), Column("Trái", 2), Column("Phải", 1, "right")),
                    (("1", "Hồ sơ", "10"), ("2", "Thủ tục hành chính", "200")), size=8),
              Separator("dashed"),
              QR(f"MOTCUA-TEST {office.code} {width_dots}", 25, caption="Mã QR thử"),
              Text("Nếu mọi dòng đều đủ dấu và không bị cắt, máy in đã sẵn sàng.", 8, align=CENTER))
    return Document(blocks, title="Trang in thử", thermal_dots=width_dots)
