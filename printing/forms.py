"""The one-stop forms as documents, by what they are for (``kind``), for both paper sets:
TT 01/2018/TT-VPCP (Mẫu 01–06, until 14/9/2025) and TT 03/2025/TT-VPCP (Mẫu 01–07, from
15/9/2025). Which number and title a kind has in which set is data (resources/rules,
read by app.rules and handed over in ``Issue.form``); the body wording lives here.

Official paperwork text is Vietnamese by law and is never translated."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from app.domain import Dossier, Office, PaperForm, Receipt, Status, UserError, mask_tail
from printing.common import fee_of, fmt_date, fmt_long_date, fmt_time, fmt_vnd, label_value
from printing.layout import CENTER, QR, Column, Columns, Document, SignatureBlock, Table, Text
from printing.paper import (
    SIGN,
    SIGN_SEAL,
    HandOver,
    Issue,
    addressee,
    applicant_runs,
    base_size,
    form_title,
    handovers_from_records,
    heading,
    original_due,
    paper,
    partners_of,
    salutation,
    signatures,
    signer,
    working_days,
)
from printing.register import register_form

__all__ = ["receipt_form", "supplement_form", "refusal_form", "apology_form", "stop_form",
           "control_form", "register_form", "build", "form_01", "form_02", "form_03", "form_04",
           "form_05", "form_06", "Issue", "HandOver"]

COUNTER = "Bộ phận tiếp nhận và trả kết quả"
A5_MARGINS, A4_MARGINS = (12.0, 10.0, 12.0, 15.0), (20.0, 15.0, 20.0, 25.0)   # printing.reports uses
A4L_MARGINS = (15.0, 12.0, 15.0, 15.0)


def _documents_table(dossier: Dossier, base: float) -> Table:
    rows = [(str(i), d.name, str(d.originals or ""), str(d.copies or ""), str(d.count))
            for i, d in enumerate(dossier.documents, 1)]
    if not rows:
        rows = [("1", "Hồ sơ theo quy định của thủ tục", "", "", "1")]
    return Table((Column("TT", 0.5, CENTER), Column("Tên loại giấy tờ", 5.4),
                  Column("Bản chính", 1.1, CENTER), Column("Bản sao", 1.1, CENTER),
                  Column("Số lượng", 1.1, CENTER)), tuple(rows), size=base - 1, padding=1.8)


def receipt_form(receipt: Receipt, issue: Issue) -> Document:
    """Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01 of both sets), A5, one page."""
    office, d = receipt.office, receipt.dossier
    a, p = d.applicant, d.procedure
    base = base_size(issue)
    fee = fee_of(p, receipt.fee_vnd)
    blocks = [*heading(office, issue, base - 1), *form_title(issue, base),
              Text((("Mã hồ sơ: ", False), (d.code, True)), base, align=CENTER, space_after=3),
              Text(f"{COUNTER} {office.name}", base, space_after=1.5),
              Text((("Tiếp nhận hồ sơ của: ", False), *applicant_runs(d)), base, space_after=1.5)]
    blocks += _organisation_lines(d, base)
    if a.id_number:
        blocks.append(label_value("Số định danh cá nhân: ", mask_tail(a.id_number), base, False))
    if a.address:
        blocks.append(label_value("Địa chỉ trụ sở: " if a.is_organisation else "Địa chỉ: ",
                                  a.address, base, False))
    contact = []
    if a.phone:
        contact += [("Số điện thoại: ", False), (mask_tail(a.phone), False)]
    if a.email:
        contact += [("    Email: ", False), (a.email, False)]
    if contact:
        blocks.append(Text(tuple(contact), base, space_after=1.5))
    blocks += _delegate_lines(d, base)
    days = d.processing_days if d.processing_days is not None else p.processing_days
    blocks += [
        Text((("Nội dung yêu cầu giải quyết: ", False), (p.name, True),
              (f" (Mã TTHC: {p.code})", False)), base, space_after=1.5),
        Text("1. Thành phần hồ sơ nộp gồm:", base, space_after=1.5),
        _documents_table(d, base),
        Text("2. Số lượng hồ sơ: 01 (bộ)", base, space_after=1.5),
        Text(f"3. Thời gian giải quyết hồ sơ theo quy định là: {working_days(days)}",
             base, space_after=1.5),
        Text(f"4. Thời gian nhận hồ sơ: {fmt_time(d.received_at)}", base, space_after=1.5),
        Text((("5. Thời gian trả kết quả giải quyết hồ sơ: ", False), (fmt_time(d.due_at), True)),
             base, space_after=1.5),
        Text(f"6. Đăng ký nhận kết quả tại: {office.pickup_place or office.address or office.name}",
             base, space_after=1.5),
    ]
    if fee:
        blocks.append(Text(f"7. Phí, lệ phí: {fmt_vnd(fee)}", base, space_after=1.5))
    year = d.received_local.year
    blocks.append(Text(f"Vào Sổ theo dõi hồ sơ, Quyển số: {year}, Số thứ tự: {d.register_no or '……'}",
                       base, space_after=3))
    blocks.append(Columns((
        (SignatureBlock("NGƯỜI NỘP HỒ SƠ", SIGN, signer(d), base, 14),),
        (QR(d.tracking_url, 20, caption="Tra cứu hồ sơ", caption_size=6.5),),
        (SignatureBlock("NGƯỜI TIẾP NHẬN HỒ SƠ", SIGN, d.clerk_display, base, 14),),
    ), weights=(38, 24, 38), gap=2))
    return paper(blocks, issue, f"Giấy tiếp nhận hồ sơ {d.code}", fit_pages=1)


def _organisation_lines(d: Dossier, base: float) -> list:
    """An organisation's tax code and legal representative (MST is public data)."""
    a = d.applicant
    if not a.is_organisation:
        return []
    out = [label_value("Mã số thuế: ", a.tax_code, base, False)] if a.tax_code else []
    if a.representative:
        out.append(label_value("Người đại diện: ", a.representative_line, base, False))
    return out


def _delegate_lines(d: Dossier, base: float) -> list:
    """Người nộp thay (được ủy quyền): name, masked CCCD and phone."""
    dl = d.delegate
    if dl is None:
        return []
    runs = [("Người nộp thay (được ủy quyền): ", False), (dl.name, True)]
    if dl.id_number:
        runs.append((f" — CCCD: {mask_tail(dl.id_number)}", False))
    if dl.phone:
        runs.append((f" — Điện thoại: {mask_tail(dl.phone)}", False))
    return [Text(tuple(runs), base, space_after=1.5)]


def _who(d: Dossier, base: float) -> list:
    out = [Text((("Hồ sơ của: ", False), *applicant_runs(d)), base, space_after=1.5)]
    if d.applicant.is_organisation and d.applicant.tax_code:
        out.append(label_value("Mã số thuế: ", d.applicant.tax_code, base, False))
    if d.applicant.address:
        out.append(label_value("Địa chỉ trụ sở: " if d.applicant.is_organisation else "Địa chỉ: ",
                               d.applicant.address, base, False))
    out += [label_value("Mã hồ sơ: ", d.code, base),
            label_value("Nội dung yêu cầu giải quyết: ", d.procedure.name, base),
            label_value("Ngày tiếp nhận: ", fmt_time(d.received_at), base, False)]
    return out


def supplement_form(dossier: Dossier, office: Office, issue: Issue, missing: list[str]) -> Document:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): every missing item, numbered."""
    items = [m.strip() for m in missing if m and m.strip()]
    if not items:
        raise UserError("Cần ghi ít nhất một nội dung phải bổ sung, hoàn thiện.", "missing")
    base, d = base_size(issue), dossier
    who = salutation(d)
    contact = office.name + (f", số điện thoại {office.phone}" if office.phone else "")
    blocks = [*heading(office, issue, base - 1), *form_title(issue, base), *_who(d, base),
              Text(f"Sau khi nghiên cứu, đối chiếu với quy định hiện hành, {COUNTER} đề nghị "
                   f"{who} bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", base, space_after=2)]
    blocks += [Text(f"{i}. {m}", base, indent=12, space_after=1.5) for i, m in enumerate(items, 1)]
    blocks += [Text(f"Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, {who} liên hệ với "
                    f"{contact} để được hướng dẫn./.", base, space_after=6),
               signatures(None, SignatureBlock("NGƯỜI HƯỚNG DẪN", SIGN, d.clerk_display, base, 16))]
    return paper(blocks, issue, f"Phiếu yêu cầu bổ sung {d.code}")


def refusal_form(dossier: Dossier, office: Office, issue: Issue, reason: str) -> Document:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) with the reason."""
    if not (reason or "").strip():
        raise UserError("Cần ghi rõ lý do từ chối tiếp nhận hồ sơ.", "reason")
    base, d = base_size(issue), dossier
    blocks = [*heading(office, issue, base - 1), *form_title(issue, base),
              Text(f"{COUNTER}: {office.name}", base, space_after=1.5), *_who(d, base),
              Text(f"Sau khi nghiên cứu, đối chiếu với quy định hiện hành, {COUNTER} từ chối "
                   "tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", base, space_after=2),
              Text(reason.strip(), base, bold=True, indent=12, space_after=3),
              Text(f"Xin thông báo để {salutation(d)} được biết và thực hiện./.", base, space_after=6),
              signatures(None, SignatureBlock("NGƯỜI TIẾP NHẬN", SIGN, d.clerk_display, base, 16))]
    return paper(blocks, issue, f"Phiếu từ chối {d.code}")


def apology_form(dossier: Dossier, office: Office, issue: Issue, new_due: datetime | date,
                 reason: str) -> Document:
    """2018 Mẫu 05 Phiếu xin lỗi và hẹn lại ngày trả kết quả / 2025 Mẫu 04 Văn bản xin lỗi
    và đề nghị gia hạn thời gian giải quyết: both the original appointment and the new one."""
    if not (reason or "").strip():
        raise UserError("Cần ghi rõ lý do chậm trả kết quả.", "reason")
    base, d = base_size(issue), dossier
    who = salutation(d)
    first = original_due(d)
    new_text = f"{fmt_long_date(new_due)}" + (f" lúc {fmt_time(new_due)[:14]}"
                                              if isinstance(new_due, datetime) else "")
    extension = issue.set_key != "2018" and issue.form.kind == "apology" and issue.form.number == "04"
    blocks = [*heading(office, issue, base - 1), *form_title(issue, base),
              Text(f"Kính gửi: {addressee(d)}", base, bold=True, align=CENTER, space_after=4),
              Text(f"Ngày {fmt_date(d.received_at)}, {office.name} tiếp nhận hồ sơ của {who}, "
                   f"mã hồ sơ {d.code}.", base, space_after=1.5),
              label_value("Nội dung yêu cầu giải quyết: ", d.procedure.name, base),
              label_value("Thời hạn trả kết quả đã hẹn trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ",
                          fmt_time(first), base),
              Text(f"Tuy nhiên đến nay, {office.name} chưa trả kết quả giải quyết hồ sơ của {who}.",
                   base, space_after=1.5),
              Text((("Lý do: ", False), (reason.strip(), False)), base, space_after=1.5)]
    if extension:
        blocks.append(Text(f"Sự chậm trễ này đã gây phiền hà cho {who}. {office.name} trân trọng xin "
                           f"lỗi {who} và đề nghị {who} đồng ý gia hạn thời gian giải quyết hồ sơ; "
                           f"thời gian trả kết quả mới là {new_text}.", base, space_after=1.5))
    else:
        blocks.append(Text(f"Sự chậm trễ này đã gây phiền hà cho {who}. {office.name} xin lỗi {who} "
                           f"và hẹn lại thời gian trả kết quả giải quyết hồ sơ vào {new_text}.",
                           base, space_after=1.5))
    blocks += [label_value("Thời gian hẹn trả kết quả mới: ", fmt_date(new_due), base),
               Text("Xin trân trọng cảm ơn!", base, space_after=6),
               signatures(None, SignatureBlock("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", SIGN_SEAL, "", base, 18))]
    return paper(blocks, issue, f"Văn bản xin lỗi {d.code}")


def stop_reason(dossier: Dossier) -> str:
    """The note of the history row that stopped the dossier (status 8)."""
    for h in reversed(dossier.history):
        if h.to_status == Status.STOPPED and h.from_status != h.to_status:
            return h.note
    return ""


def stop_form(dossier: Dossier, office: Office, issue: Issue, reason: str | None = None) -> Document:
    """2025 Mẫu 05 Thông báo dừng giải quyết hồ sơ, printed when a dossier goes to status 8."""
    reason = (reason if reason is not None else stop_reason(dossier)).strip()
    if not reason:
        raise UserError("Cần ghi rõ lý do dừng giải quyết hồ sơ.", "reason")
    base, d = base_size(issue), dossier
    who = salutation(d)
    blocks = [*heading(office, issue, base - 1), *form_title(issue, base),
              Text(f"Kính gửi: {addressee(d)}", base, bold=True, align=CENTER, space_after=4),
              Text(f"Ngày {fmt_date(d.received_at)}, {office.name} tiếp nhận hồ sơ của {who}, "
                   f"mã hồ sơ {d.code}.", base, space_after=1.5),
              label_value("Nội dung yêu cầu giải quyết: ", d.procedure.name, base),
              Text(f"{office.name} thông báo dừng giải quyết hồ sơ nêu trên.", base, space_after=1.5),
              Text((("Lý do: ", False), (reason, True)), base, space_after=1.5),
              Text(f"Xin thông báo để {who} được biết./.", base, space_after=6),
              signatures(None, SignatureBlock("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", SIGN_SEAL, "", base, 18))]
    return paper(blocks, issue, f"Thông báo dừng giải quyết {d.code}")


BLANK_ROWS = 3     # the control slip of a dossier with no hand-over recorded yet


def control_form(dossier: Dossier, office: Office, issue: Issue,
                 handovers: list[HandOver] | None = None, partners: str = "",
                 records=None) -> Document:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (2018 Mẫu 04 / 2025 Mẫu 06): one row per
    hand-over with Người giao / Người nhận signature cells. `records` (app.handover's
    HandoverRecord values) give the rows and the coordinating agencies. A dossier with no
    hand-over recorded gets BLANK_ROWS empty rows to fill in by hand as it moves — never rows
    made up from status history (a counter "handing over" to itself, a result before any)."""
    base, d = base_size(issue), dossier
    if records and handovers is None:
        handovers = handovers_from_records(records)
        partners = partners or partners_of(records)
    rows_in = handovers or []
    rows = []
    for i, h in enumerate(rows_in, 1):
        sign = ("Người giao" + (f"\n{h.giver_name}" if h.giver_name else "\n") + "\n\nNgười nhận"
                + (f"\n{h.receiver_name}" if h.receiver_name else "\n"))
        rows.append((f"{i}. Giao: {h.giver}\nNhận: {h.receiver}",
                     f"{fmt_time(h.at)}\n\n{sign}", h.result, h.note))
    blank_sign = "Người giao\n\n\n\nNgười nhận\n\n"
    for i in range(len(rows) + 1, BLANK_ROWS + 1 if not rows else 0):
        rows.append((f"{i}. Giao: ……………………\nNhận: ……………………", f"…… giờ …… ngày …/…/……\n\n{blank_sign}",
                     "", ""))
    blocks = [*heading(office, issue, base - 1, dated=False), *form_title(issue, base),
              Text(f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả ngày {fmt_date(d.received_at)})",
                   base - 1, align=CENTER, italic=True, space_after=3),
              label_value("Mã hồ sơ: ", d.code, base),
              label_value("Cơ quan (bộ phận) giải quyết hồ sơ: ", office.name, base)]
    if partners:
        blocks.append(label_value("Cơ quan phối hợp giải quyết hồ sơ: ", partners, base))
    blocks += [label_value("Hồ sơ của: ", d.applicant.name, base),
               label_value("Thời hạn trả kết quả: ", fmt_time(d.due_at), base),
               label_value("Tình trạng hiện tại: ", d.status.vi_label, base, False),
               Table((Column("TÊN CƠ QUAN", 2.3), Column("THỜI GIAN GIAO, NHẬN HỒ SƠ", 2.3, CENTER),
                      Column("KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)", 1.7, CENTER),
                      Column("GHI CHÚ", 1.7)), tuple(rows), size=base - 1.5)]
    return paper(blocks, issue, f"Phiếu kiểm soát {d.code}")


# ---- legacy entry points (views call these; the set in force comes with the office) ------
_FALLBACK = {   # TT 01/2018 (the same data as resources/rules, for values built without it)
    "receipt": ("01", "TNHS", "A5", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
    "supplement": ("02", "BSHS", "A5", "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    "refusal": ("03", "TCHS", "A5", "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    "control": ("04", None, "A5", "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"),
    "apology": ("05", "PXL", "A5", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    "register": ("06", None, "A4L", "SỔ THEO DÕI HỒ SƠ")}


def default_issue(office: Office, kind: str, at=None) -> Issue:
    """An unnumbered issue of `kind` in the set the office carries (settings.office() puts the
    set in force today there); without one, the TT 01/2018 numbering."""
    papers = getattr(office, "papers", None)
    form = papers.by_kind(kind) if papers is not None else None
    if form is None:
        n, symbol, page, title = _FALLBACK[kind]
        form = PaperForm(n, kind, office.form_title(n, title), symbol, page)
    return Issue(form, None, at, getattr(papers, "key", "2018"))


def build(kind: str, issue: Issue, *, receipt: Receipt | None = None, dossier: Dossier | None = None,
          office: Office | None = None, **kw) -> Document:
    """One entry for every kind (CLI, views): the arguments each form needs by name."""
    if kind == "receipt":
        if receipt is None:
            raise TypeError("a receipt paper needs receipt=")
        return receipt_form(receipt, issue)
    makers: dict[str, Callable[..., Document]] = {
        "supplement": supplement_form, "refusal": refusal_form, "apology": apology_form,
        "stop": stop_form, "control": control_form}
    fn = makers.get(kind)
    if fn is None:
        raise UserError(f"Không có mẫu loại '{kind}'.")
    return fn(dossier, office, issue, **kw)


def form_01(receipt: Receipt, issue: Issue | None = None) -> Document:
    return receipt_form(receipt, issue or default_issue(receipt.office, "receipt", receipt.received_at))


def form_02(dossier, office, missing, at, issue: Issue | None = None) -> Document:
    return supplement_form(dossier, office, issue or default_issue(office, "supplement", at), missing)


def form_03(dossier, office, reason, at, issue: Issue | None = None) -> Document:
    return refusal_form(dossier, office, issue or default_issue(office, "refusal", at), reason)


def form_04(dossier, office, issue: Issue | None = None, handovers=None, records=None) -> Document:
    return control_form(dossier, office, issue or default_issue(office, "control"), handovers,
                        records=records)


def form_05(dossier, office, new_due, reason, at, issue: Issue | None = None) -> Document:
    return apology_form(dossier, office, issue or default_issue(office, "apology", at), new_due, reason)


def form_06(dossiers, office, date_from, date_to, issue: Issue | None = None) -> Document:
    return register_form(dossiers, office, issue or default_issue(office, "register"), date_from, date_to)
