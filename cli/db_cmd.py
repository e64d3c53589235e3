"""Database commands: db check, db copy --to, backup, restore."""
from __future__ import annotations

import sys

from app import backup, dbcopy, maintenance
from app.domain import User, UserError
from cli.common import command, emit


def cli_actor(args) -> User:
    """The acting user of these commands (CLI login replaces this when merged)."""
    return args.actor


def _check(args):
    r = maintenance.check(args.db)
    if not r.ok:
        emit(args, r, "\n".join(r.problems))
        raise maintenance.damaged_error(r.target, "; ".join(r.problems[:3]))
    emit(args, r, f"{r.target}: ok")


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done:,}/{total:,} dòng")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


def _copy(args):
    rep = dbcopy.copy_to(cli_actor(args), args.to, progress=_progress())
    width = max(len(t.table) for t in rep.tables)
    lines = [f"{'bảng':{width}}  {'dòng':>9}  {'đích':>9}  sha256 (nguồn = đích)"]
    lines += [f"{t.table:{width}}  {t.rows:>9}  {t.target_rows:>9}  {t.source_sha256[:16]} "
              f"{'=' if t.ok else '≠'} {t.target_sha256[:16]}" for t in rep.tables]
    lines.append(f"Đã sao chép {rep.rows} dòng sang {rep.target} trong {rep.seconds} giây.")
    emit(args, rep, "\n".join(lines))


def _backup(args):
    path = backup.backup(cli_actor(args), args.out)
    emit(args, {"file": str(path)}, f"Đã sao lưu vào {path}")


def _restore(args):
    """Signs in against the office database — or, when that file is too damaged to open,
    against the backup being restored (its users table), so a broken office can be mended."""
    from app.store import open_database
    from cli.session import sign_in
    backup.check_backup_file(args.file)         # a damaged or newer backup: refused, nothing touched
    try:
        open_database(args.db)
    except UserError:
        open_database(args.file, upgrade=False)
    args.actor = sign_in(args)
    r = backup.restore(cli_actor(args), args.file, args.db)
    kept = f"\nTệp cũ được giữ lại: {r.kept_as}" if r.kept_as else ""
    emit(args, r, f"Đã khôi phục {r.db_url} từ {r.restored_from}{kept}")


def add_commands(sub) -> None:
    db = sub.add_parser("db", help="kiểm tra, sao chép cơ sở dữ liệu").add_subparsers(
        dest="db_command", metavar="LỆNH", required=True)
    command(db, "check", _check, help="kiểm tra tính toàn vẹn (SQLite quick_check)", needs_db=False,
            needs_login=False)
    p = command(db, "copy", _copy, help="sao chép toàn bộ sang PostgreSQL trống")
    p.add_argument("--to", required=True, metavar="postgresql://…")
    p = command(sub, "backup", _backup, help="sao lưu cơ sở dữ liệu")
    p.add_argument("--out", metavar="FILE", help="tệp đích (mặc định: thư mục sao lưu)")
    p = command(sub, "restore", _restore, help="khôi phục từ bản sao lưu", needs_db=False,
                needs_login=False)
    p.add_argument("file", metavar="FILE")
