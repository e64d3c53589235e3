"""dossier amend CODE --name … --phone … --procedure … --doc … --reason …: correct a dossier
after registration (app/corrections.py; the same rules as the window's "Sửa thông tin").
One option per changeable field of `corrections.FIELDS`; --doc (repeated) replaces the list
of documents received. Prints the new due date when a new procedure moved it."""
from __future__ import annotations

from app import corrections
from app.domain import VN_TZ
from app.validation import parse_documents_text
from cli.common import command, emit

ALIASES = {"id_number": ("--id",)}          # the same short name as `register --id`


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _amend(args):
    changes: dict = {}
    for f in corrections.FIELDS:
        value = getattr(args, f.name, None)
        if value is not None:
            changes[f.name] = value
    if args.procedure:
        changes[corrections.PROCEDURE] = args.procedure
    if args.doc:
        changes[corrections.DOCUMENTS] = parse_documents_text(args.doc)
    a = corrections.amend(args.actor, args.code, changes, args.reason or "",
                          expected_version=args.expect_version)
    d = a.dossier
    lines = [f"Đã sửa hồ sơ {d.code}: " + ", ".join(corrections.LABELS[n] for n in a.fields) + "."]
    if a.due_changed:
        lines.append(f"Hạn trả đổi từ {a.old_due.astimezone(VN_TZ):%H:%M %d/%m/%Y} sang "
                     f"{d.due_local:%H:%M %d/%m/%Y}.")
    lines.append(f"In lại biên nhận: python main.py print receipt {d.code} --format pdf --out FILE")
    emit(args, {"code": d.code, "fields": list(a.fields), "version": d.version,
                "due_at": d.due_at, "old_due_at": a.old_due, "due_changed": a.due_changed},
         "\n".join(lines))


def add_commands(sub) -> None:
    grp = sub.add_parser("dossier", help="hồ sơ đã tiếp nhận").add_subparsers(dest="sub", required=True)
    p = command(grp, "amend", _amend, help="sửa thông tin hồ sơ sau tiếp nhận (bắt buộc ghi lý do)")
    p.add_argument("code")
    for f in corrections.FIELDS:
        p.add_argument(_option(f.name), *ALIASES.get(f.name, ()), dest=f.name, metavar="GIÁ_TRỊ",
                       help=f"{f.label} mới (chuỗi rỗng: xoá)")
    p.add_argument("--procedure", help="mã thủ tục mới (hạn trả tính lại từ lúc tiếp nhận)")
    p.add_argument("--doc", action="append", default=[],
                   help="'Tên giấy tờ|bản chính|bản sao' — danh sách giấy tờ mới (thay danh sách cũ)")
    p.add_argument("--reason", help="lý do sửa (bắt buộc)")
    p.add_argument("--expect-version", type=int, help="phiên bản hồ sơ đã xem (khác: báo xung đột)")
