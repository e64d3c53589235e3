"""Move an office from its SQLite file to a PostgreSQL server (`db copy --to URL`)."""
from __future__ import annotations

import time
from dataclasses import dataclass

import peewee as pw

from app import maintenance
from app.auth import require
from app.domain import Role, User, UserError
from app.i18n import _
from db import connection, migrate, transfer
from db.models import ALL_MODELS, SchemaVersion


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str
    ok: bool


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: str
    target: str                    # URL without the password
    tables: tuple[TableCheck, ...]
    rows: int
    seconds: float

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)



def copy_to(actor: User, target_url: str, progress: transfer.Progress | None = None) -> CopyReport:
    """Copy every row of the open SQLite office into the EMPTY PostgreSQL database at
    `target_url` (its schema is migrated to this program's version first), in one
    transaction on the target, verified by row counts and per-table SHA-256 before commit."""
    require(actor, Role.ADMIN)
    src = connection.current()
    if src is None or connection.is_postgres_db(src):
        raise UserError(_("Lệnh sao chép chuyển văn phòng từ tệp SQLite sang PostgreSQL: hãy mở "
                          "tệp SQLite (--db TỆP)."))
    if not connection.is_postgres(target_url):
        raise UserError(_("Đích phải là địa chỉ postgresql://người_dùng@máy/tên_cơ_sở_dữ_liệu."))
    started = time.perf_counter()
    dst = connection.make_database(target_url)
    try:
        dst.connect()
    except pw.OperationalError as exc:
        raise UserError(_("Không kết nối được PostgreSQL {url}: {reason}")
                        .format(url=connection.safe_url(target_url),
                                reason=str(exc).strip().splitlines()[0])) from None
    try:
        with dst.bind_ctx(ALL_MODELS):
            found = migrate.current_version(dst)
            if found > migrate.head():
                raise maintenance.too_new_error(found, migrate.head())
            if not transfer.is_empty(dst, ALL_MODELS, ignore=(SchemaVersion,)):
                raise UserError(_("Cơ sở dữ liệu đích {url} đã có dữ liệu: chỉ sao chép vào một cơ "
                                  "sở dữ liệu PostgreSQL trống (CREATE DATABASE …).")
                                .format(url=connection.safe_url(target_url)))
            migrate.upgrade(dst)
        try:
            report = transfer.copy_all(src, dst, ALL_MODELS, progress)
        except transfer.CopyMismatch as exc:
            bad = ", ".join(r["table"] for r in exc.report if not r["ok"])
            raise UserError(_("Bản sao không khớp ở bảng {tables}: đã hủy, cơ sở dữ liệu đích "
                              "không thay đổi.").format(tables=bad)) from None
    finally:
        dst.close()
    tables = tuple(TableCheck(**r) for r in report)
    return CopyReport(source=str(src.database), target=connection.safe_url(target_url), tables=tables,
                      rows=sum(t.rows for t in tables),
                      seconds=round(time.perf_counter() - started, 2))
