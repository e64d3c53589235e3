"""National portal (DVCQG) commands: procedure mapping and the catalog look-up.

    python main.py dvcqg mapping list [--unmapped] | set L.123456 1.001193 | delete L.123456
    python main.py dvcqg mapping import FILE.csv | export FILE.csv
    python main.py dvcqg sync-catalog          # LayThuTuc per national code in use

Sending itself is `sync run` with `config set notify.adapter dvcqg`; the password is stored with
`token set --for dvcqg` (or $MOTCUA_DVCQG_PASSWORD), never in a file.
"""
from __future__ import annotations

from cli.common import command, emit


def _actor(args):
    return args.actor                 # main.py signed the user in; the services check the role


def _list(args):
    from app.sync import dvcqg_mapping
    if args.unmapped:
        rows = dvcqg_mapping.unmapped_procedures()
        emit(args, [{"code": c, "name": n} for c, n in rows],
             "\n".join(f"{c}  {n}" for c, n in rows) or "Mọi thủ tục đều đã có mã TTHC quốc gia.")
        return
    rows = dvcqg_mapping.list_mappings()
    emit(args, rows, "\n".join(f"{m.local_code} -> {m.ma_tthc}  {m.ten_tthc}" for m in rows)
         or "Chưa có dòng ánh xạ nào.")


def _set(args):
    from app.sync import dvcqg_mapping
    m = dvcqg_mapping.set_mapping(_actor(args), args.local_code, args.ma_tthc)
    emit(args, m, f"Đã ánh xạ {m.local_code} -> {m.ma_tthc}. Gửi lại các sự kiện bị giữ: "
                  "python main.py sync retry --all")


def _delete(args):
    from app.sync import dvcqg_mapping
    ok = dvcqg_mapping.delete_mapping(_actor(args), args.local_code)
    emit(args, {"deleted": ok}, "Đã xóa." if ok else "Không có dòng ánh xạ này.")


def _import(args):
    from app.sync import dvcqg_mapping
    n = dvcqg_mapping.import_csv(_actor(args), args.file)
    emit(args, {"imported": n}, f"Đã nhập {n} dòng ánh xạ.")


def _export(args):
    from app.sync import dvcqg_mapping
    n = dvcqg_mapping.export_csv(args.file)
    emit(args, {"exported": n}, f"Đã ghi {n} dòng ánh xạ vào {args.file}.")


def _catalog(args):
    from app.sync import dvcqg
    out = dvcqg.sync_catalog(_actor(args))
    text = f"Đã cập nhật tên thủ tục/lĩnh vực cho {out['updated']} thủ tục."
    if out["unknown"]:
        text += " Cổng không biết mã: " + ", ".join(out["unknown"])
    emit(args, out, text)


def add_commands(sub) -> None:
    dv = sub.add_parser("dvcqg", help="Cổng Dịch vụ công quốc gia: ánh xạ thủ tục, danh mục"
                        ).add_subparsers(dest="sub", required=True)
    mp = dv.add_parser("mapping", help="ánh xạ mã thủ tục địa phương -> mã TTHC quốc gia"
                       ).add_subparsers(dest="mapping_sub", required=True)
    p = command(mp, "list", _list, help="các dòng ánh xạ (hoặc --unmapped: thủ tục chưa có mã)")
    p.add_argument("--unmapped", action="store_true")
    p = command(mp, "set", _set, help="đặt mã TTHC quốc gia cho một thủ tục")
    p.add_argument("local_code")
    p.add_argument("ma_tthc")
    p = command(mp, "delete", _delete, help="xóa một dòng ánh xạ")
    p.add_argument("local_code")
    p = command(mp, "import", _import, help="nhập tệp CSV (local_code, ma_tthc[, ten_tthc, …])")
    p.add_argument("file")
    p = command(mp, "export", _export, help="ghi ra tệp CSV")
    p.add_argument("file")
    command(dv, "sync-catalog", _catalog, help="lấy tên thủ tục, lĩnh vực từ cổng (LayThuTuc)")
