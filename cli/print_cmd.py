"""`print` commands: receipt, form 01–07 of the paper set in force (or --set 2018|2025),
register (Sổ theo dõi), label, poster (per procedure or per field), test page.

Papers that carry a number take it from `app.papers.issue` after the event's commit; a paper
already issued for the dossier is printed again as a reprint with the same number."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain import VN_TZ, UserError
from cli.common import add_json, emit, parse_day

FORMS = ("01", "02", "03", "04", "05", "06", "07")
SETS = ("2018", "2025")


def _setting(key: str, default: str = "") -> str:
    from app import settings
    try:
        return settings.get(key) or default
    except UserError:
        return default


def _escpos_options(fmt: str, qr: str | None):
    from printing.escpos_backend import WIDTHS, EscposOptions
    return EscposOptions(width=WIDTHS.get(fmt, int(_setting("printer.width", "576"))),
                         profile=_setting("printer.profile", "default"),
                         qr=qr or _setting("printer.qr", "raster"))


def _render(doc, fmt: str, qr: str | None = None) -> bytes:
    if fmt.startswith("escpos"):
        from printing.escpos_backend import render_escpos
        return render_escpos(doc, _escpos_options(fmt, qr))
    if fmt == "png":
        from printing.escpos_backend import WIDTHS
        from printing.preview import render_png
        return render_png(doc, width_dots=WIDTHS["escpos80"] if doc.is_thermal else None)
    from printing.pdf_backend import render_pdf
    return render_pdf(doc)


def _write(args, data: bytes, what: str) -> int:
    from printing.connections import ConnectionSettings, send
    send(data, ConnectionSettings("file", args.out))
    emit(args, {"file": str(Path(args.out)), "bytes": len(data), "document": what},
         f"Đã ghi {what} ({len(data)} byte) vào {args.out}")
    return 0


def _actor(args):
    return args.actor


def _issue_for(issued, form_number: str | None = None):
    """printing's Issue from app.papers' IssuedPaper (the set and form it was issued under)."""
    from app import rules
    from printing.paper import Issue
    if form_number is None:
        return Issue.from_issued(issued)
    form = rules.paper_set_named(issued.set_key).forms[form_number]
    return Issue(form, issued.number, issued.issued_at, issued.set_key, issued.reprint_at)


def _receipt(args) -> int:
    from app import desk, papers
    from printing import documents
    rc = desk.receipt(_actor(args), args.code)
    issued = papers.issue(_actor(args), "receipt", rc.dossier_code)
    issue = _issue_for(issued)
    doc = documents.receipt(rc, fee_qr=_setting("printer.fee_qr", "false") == "true",
                            number_line=issue.number_line, reprint_at=issue.reprint_at)
    what = f"biên nhận {rc.dossier_code}" + (" (bản in lại)" if issued.reprint else "")
    return _write(args, _render(doc, args.format, args.qr), what)


def _now():
    return datetime.now(VN_TZ)


def _paper_set(args, day=None):
    from app import rules
    if getattr(args, "set", None):
        return rules.paper_set_named(args.set)
    return rules.paper_set(day or _now().date())


def _form_doc(kind: str, args, issue, office):
    from app import desk
    from printing import forms
    if kind == "receipt":
        return forms.receipt_form(desk.receipt(_actor(args), args.code), issue)
    d = desk.show(_actor(args), args.code)
    if kind == "supplement":
        return forms.supplement_form(d, office, issue, [m for m in (args.missing or "").split(";")])
    if kind == "refusal":
        return forms.refusal_form(d, office, issue, args.reason or "")
    if kind == "apology":
        if not args.new_due:
            raise UserError("Mẫu xin lỗi, hẹn lại cần --new-due YYYY-MM-DD (ngày hẹn trả mới).", "new_due")
        return forms.apology_form(d, office, issue, parse_day(args.new_due, "--new-due"), args.reason or "")
    if kind == "stop":
        return forms.stop_form(d, office, issue, args.reason or None)
    if kind == "control":
        from app import handover
        return forms.control_form(d, office, issue, records=handover.records(_actor(args), args.code))
    raise UserError("Sổ theo dõi hồ sơ in bằng: print register --year NĂM.", "number")


def _form(args) -> int:
    from app import papers, settings
    from printing.paper import Issue
    office = settings.office()
    ps = _paper_set(args)
    form = ps.forms.get(args.number)
    if form is None:
        raise UserError(f"{ps.circular} không có Mẫu số {args.number}.", "number")
    _form_doc(form.kind, args, Issue(form, None, _now(), ps.key), office)   # check the arguments first
    # with --set: that set's form (a reprint under another set is refused with the reason);
    # without: the kind, reprinted under the set it was first issued in
    chosen = f"{ps.key}-{form.number}" if getattr(args, "set", None) else form.kind
    issued = papers.issue(_actor(args), chosen, args.code)
    issue = _issue_for(issued)
    doc = _form_doc(issue.form.kind, args, issue, office)
    from app import rules
    circular = rules.paper_set_named(issued.set_key).circular
    number = issue.number_line or "không đánh số"
    text = (f"{issue.form.marker} ({circular}) — {issue.form.title.capitalize()}, {number}"
            + (", bản in lại" if issued.reprint else ""))
    from printing.connections import ConnectionSettings, send
    data = _render(doc, "pdf")
    send(data, ConnectionSettings("file", args.out))
    emit(args, {"file": str(Path(args.out)), "bytes": len(data), "set": issued.set_key,
                "circular": circular, "form": issue.form.number, "kind": issue.form.kind,
                "title": issue.form.title, "number": issued.number, "number_line": issue.number_line,
                "reprint": issued.reprint},
         f"Đã in {text} của hồ sơ {args.code} vào {args.out}")
    return 0


def _register_book(args) -> int:
    from datetime import date

    from app import desk, settings
    from printing import forms
    from printing.paper import Issue
    if args.year:
        d_from, d_to = date(args.year, 1, 1), date(args.year, 12, 31)
    elif args.date_from and args.date_to:
        d_from, d_to = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    else:
        raise UserError("Cần --year NĂM, hoặc --from và --to.", "year")
    if d_to < d_from:
        raise UserError("--to phải sau hoặc bằng --from.", "to")
    ps = _paper_set(args)
    form = ps.by_kind("register")
    if form is None:
        raise UserError(f"{ps.circular} không có mẫu Sổ theo dõi hồ sơ.", "set")
    book = desk.register_book(_actor(args), d_from, d_to)
    doc = forms.register_form(book, settings.office(), Issue(form, None, _now(), ps.key), d_from, d_to)
    return _write(args, _render(doc, "pdf"),
                  f"Sổ theo dõi hồ sơ, Mẫu số {form.number} ({ps.circular}), "
                  f"{len(book)} hồ sơ")


def _label(args) -> int:
    from app import desk, settings
    from printing import documents
    from printing.layout import Document
    doc = documents.label(desk.show(_actor(args), args.code), settings.office())
    if args.format.startswith("escpos"):
        doc = Document(doc.blocks, title=doc.title)          # same blocks, thermal width
    return _write(args, _render(doc, args.format), f"nhãn hồ sơ {args.code}")


def _poster(args) -> int:
    from app import catalog, settings
    from printing import documents
    procs = catalog.list_procedures(args.field)
    if args.by == "field":
        doc = documents.field_poster(procs, settings.office(), settings.get("field.url_template"), args.page)
        return _write(args, _render(doc, "pdf"),
                      f"bảng mã QR theo lĩnh vực ({len({p.field for p in procs})} lĩnh vực)")
    doc = documents.poster(procs, settings.office(), args.field, args.page)
    return _write(args, _render(doc, "pdf"), f"bảng mã QR ({len(procs)} thủ tục)")


def _test(args) -> int:
    from app import settings
    from printing import documents
    from printing.connections import parse_target, send
    from printing.escpos_backend import EscposOptions, effective_width, render_escpos
    opts = EscposOptions(width=int(_setting("printer.width", "576")),
                         profile=_setting("printer.profile", "default"),
                         qr=_setting("printer.qr", "raster"))
    data = render_escpos(documents.test_page(settings.office(), effective_width(opts)), opts)
    if args.out:
        return _write(args, data, "trang in thử")
    if args.printer:
        conn = parse_target(args.printer)
    else:
        kind = _setting("printer.connection", "none")
        if kind == "none":
            raise UserError("Chưa cấu hình máy in: dùng --printer hoặc --out, hoặc "
                            "`config set printer.connection …`.", "printer.connection")
        conn = parse_target(_setting("printer.target"), kind)
    send(data, conn)
    emit(args, {"printer": f"{conn.kind}:{conn.target}", "bytes": len(data)},
         f"Đã gửi trang in thử ({len(data)} byte) tới {conn.kind}:{conn.target}")
    return 0


def add_commands(sub) -> None:
    pr = sub.add_parser("print", help="in biên nhận, mẫu phiếu, sổ, nhãn, bảng QR")
    ps = pr.add_subparsers(dest="sub", required=True, metavar="WHAT")

    p = ps.add_parser("receipt", help="biên nhận (máy in nhiệt, PDF hoặc PNG)")
    p.add_argument("code")
    p.add_argument("--format", choices=("escpos80", "escpos58", "pdf", "png"), default="escpos80")
    p.add_argument("--qr", choices=("raster", "native"), default=None)
    p.add_argument("--out", required=True)
    add_json(p)
    p.set_defaults(func=_receipt)

    p = ps.add_parser("form", help="Mẫu 01–07 của bộ mẫu đang có hiệu lực (TT 03/2025/TT-VPCP "
                                   "từ 15/9/2025, TT 01/2018/TT-VPCP trước đó) ra PDF")
    p.add_argument("number", choices=FORMS)
    p.add_argument("--set", choices=SETS, default=None,
                   help="bộ mẫu: 2018 (TT 01/2018) hoặc 2025 (TT 03/2025); mặc định: bộ có hiệu lực hôm nay")
    p.add_argument("code")
    p.add_argument("--out", required=True)
    p.add_argument("--reason", help="lý do (từ chối, xin lỗi, dừng giải quyết)")
    p.add_argument("--missing", help="nội dung cần bổ sung, ngăn bởi ';' (Mẫu 02)")
    p.add_argument("--new-due", dest="new_due", help="ngày hẹn trả mới YYYY-MM-DD (xin lỗi, hẹn lại)")
    add_json(p)
    p.set_defaults(func=_form)

    p = ps.add_parser("register", help="Sổ theo dõi hồ sơ (2018 Mẫu 06 / 2025 Mẫu 07) ra PDF")
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--from", dest="date_from", default=None)
    p.add_argument("--to", dest="date_to", default=None)
    p.add_argument("--set", choices=SETS, default=None)
    p.add_argument("--out", required=True)
    add_json(p)
    p.set_defaults(func=_register_book)

    p = ps.add_parser("label", help="nhãn bìa hồ sơ")
    p.add_argument("code")
    p.add_argument("--format", choices=("pdf", "png", "escpos80", "escpos58"), default="pdf")
    p.add_argument("--out", required=True)
    add_json(p)
    p.set_defaults(func=_label)

    p = ps.add_parser("poster", help="bảng mã QR thủ tục theo lĩnh vực")
    p.add_argument("--field", default=None)
    p.add_argument("--page", choices=("A4", "A3"), default="A4")
    p.add_argument("--by", choices=("procedure", "field"), default="procedure",
                   help="một mã QR cho mỗi thủ tục, hoặc một mã cho mỗi lĩnh vực")
    p.add_argument("--out", required=True)
    add_json(p)
    p.set_defaults(func=_poster)

    p = ps.add_parser("test", help="trang in thử")
    p.add_argument("--printer", help="network:IP:9100 | usb:VID:PID | serial:COM3 | "
                                     "win32raw:TÊN | file:ĐƯỜNG_DẪN")
    p.add_argument("--out")
    add_json(p)
    p.set_defaults(func=_test)
