"""`print` commands: receipt, form 01–05, register (Mẫu 06), label, poster, test page."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from app.domain import VN_TZ, UserError
from cli.common import add_json, emit, parse_day

FORMS = ("01", "02", "03", "04", "05")


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


def _receipt(args) -> int:
    from app import dossiers
    from printing import documents
    rc = dossiers.receipt(args.code)
    doc = documents.receipt(rc, fee_qr=_setting("printer.fee_qr", "false") == "true")
    return _write(args, _render(doc, args.format, args.qr), f"biên nhận {rc.dossier_code}")


def _now():
    return datetime.now(VN_TZ)


def _form(args) -> int:
    from app import dossiers, settings
    from printing import documents
    office = settings.office()
    if args.number == "01":
        doc = documents.form_01(dossiers.receipt(args.code))
    else:
        d = dossiers.get(args.code)
        if args.number == "02":
            missing = [m for m in (args.missing or "").split(";") if m.strip()]
            doc = documents.form_02(d, office, missing, _now())
        elif args.number == "03":
            doc = documents.form_03(d, office, args.reason or "", _now())
        elif args.number == "04":
            doc = documents.form_04(d, office)
        else:
            if not args.new_due:
                raise UserError("Mẫu 05 cần --new-due YYYY-MM-DD (ngày hẹn trả mới).", "new_due")
            doc = documents.form_05(d, office, parse_day(args.new_due, "--new-due"),
                                    args.reason or "", _now())
    return _write(args, _render(doc, "pdf"), f"Mẫu {args.number} của hồ sơ {args.code}")


def _register_book(args) -> int:
    from app import dossiers, settings
    from printing import documents
    d_from, d_to = parse_day(args.date_from, "--from"), parse_day(args.date_to, "--to")
    if d_to < d_from:
        raise UserError("--to phải sau hoặc bằng --from.", "to")
    book = dossiers.register_book(d_from, d_to)
    doc = documents.form_06(book, settings.office(), d_from, d_to)
    return _write(args, _render(doc, "pdf"), f"Sổ theo dõi hồ sơ ({len(book)} hồ sơ)")


def _label(args) -> int:
    from app import dossiers, settings
    from printing import documents
    from printing.layout import Document
    doc = documents.label(dossiers.get(args.code), settings.office())
    if args.format.startswith("escpos"):
        doc = Document(doc.blocks, title=doc.title)          # same blocks, thermal width
    return _write(args, _render(doc, args.format), f"nhãn hồ sơ {args.code}")


def _poster(args) -> int:
    from app import catalog, settings
    from printing import documents
    procs = catalog.list_procedures(args.field)
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

    p = ps.add_parser("form", help="Mẫu 01–05 (TT 01/2018/TT-VPCP) ra PDF")
    p.add_argument("number", choices=FORMS)
    p.add_argument("code")
    p.add_argument("--out", required=True)
    p.add_argument("--reason", help="lý do (Mẫu 03, 05)")
    p.add_argument("--missing", help="nội dung cần bổ sung, ngăn bởi ';' (Mẫu 02)")
    p.add_argument("--new-due", dest="new_due", help="ngày hẹn trả mới YYYY-MM-DD (Mẫu 05)")
    add_json(p)
    p.set_defaults(func=_form)

    p = ps.add_parser("register", help="Sổ theo dõi hồ sơ (Mẫu 06) ra PDF")
    p.add_argument("--from", dest="date_from", required=True)
    p.add_argument("--to", dest="date_to", required=True)
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
    p.add_argument("--out", required=True)
    add_json(p)
    p.set_defaults(func=_poster)

    p = ps.add_parser("test", help="trang in thử")
    p.add_argument("--printer", help="network:IP:9100 | usb:VID:PID | serial:COM3 | "
                                     "win32raw:TÊN | file:ĐƯỜNG_DẪN")
    p.add_argument("--out")
    add_json(p)
    p.set_defaults(func=_test)
