"""Procedure mapping for the national portal: local procedure code -> national MaTTHC.

A procedure whose own code is national (d.dddddd) maps to itself unless a row says otherwise;
a local one (L.dddddd) needs a row.  Rows are edited one by one (`set_mapping`), imported from
a CSV file (`import_csv`: columns local_code, ma_tthc[, ten_tthc, ma_linh_vuc, ten_linh_vuc])
or given the portal's names by `dvcqg sync-catalog` (LayThuTuc, `save_catalog`).
Every write checks the actor (admin) and is audited in the same transaction.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from app import audit
from app.auth import require
from app.domain import Role, User, UserError, nfc
from app.i18n import _
from app.store import to_db, utcnow, write
from db.models import DvcqgMapping as Row
from db.models import Procedure as ProcRow

NATIONAL = re.compile(r"^\d\.\d{6}$")
LOCAL = re.compile(r"^(L\.\d{6}|\d\.\d{6})$")
CSV_COLUMNS = ("local_code", "ma_tthc", "ten_tthc", "ma_linh_vuc", "ten_linh_vuc")


@dataclass(frozen=True, slots=True)
class Mapping:
    local_code: str
    ma_tthc: str
    ten_tthc: str = ""
    ma_linh_vuc: str = ""
    ten_linh_vuc: str = ""


def _value(r: Row) -> Mapping:
    return Mapping(r.local_code, r.ma_tthc, r.ten_tthc, r.ma_linh_vuc, r.ten_linh_vuc)


def lookup(local_code: str) -> Mapping | None:
    """The national identity of a local procedure code, or None when it has none (unmapped)."""
    row = Row.get_or_none(Row.local_code == local_code)
    if row is not None:
        return _value(row)
    if NATIONAL.match(local_code or ""):
        return Mapping(local_code, local_code)
    return None


def list_mappings() -> list[Mapping]:
    return [_value(r) for r in Row.select().order_by(Row.local_code)]


def unmapped_procedures() -> list[tuple[str, str]]:
    """(code, name) of active local procedures without a national code."""
    have = {r.local_code for r in Row.select(Row.local_code)}
    return [(p.code, p.name) for p in ProcRow.select(ProcRow.code, ProcRow.name)
            .where(ProcRow.active == True).order_by(ProcRow.code)  # noqa: E712 - a peewee expression, not a truth test
            if not NATIONAL.match(p.code) and p.code not in have]


def _check(local_code: str, ma_tthc: str, where: str = "") -> tuple[str, str]:
    local_code, ma_tthc = nfc(local_code), nfc(ma_tthc)
    if not LOCAL.match(local_code):
        raise UserError(where + _("Mã thủ tục '{code}' không đúng dạng L.dddddd hoặc d.dddddd.")
                        .format(code=local_code), "local_code")
    if not NATIONAL.match(ma_tthc):
        raise UserError(where + _("Mã TTHC quốc gia '{code}' không đúng dạng d.dddddd.")
                        .format(code=ma_tthc), "ma_tthc")
    return local_code, ma_tthc


def _upsert(actor: User, m: Mapping) -> None:
    values = {"ma_tthc": m.ma_tthc, "ten_tthc": m.ten_tthc, "ma_linh_vuc": m.ma_linh_vuc,
              "ten_linh_vuc": m.ten_linh_vuc, "updated_at": to_db(utcnow()),
              "updated_by": actor.username[:60]}
    (Row.insert(local_code=m.local_code, **values)
     .on_conflict(conflict_target=[Row.local_code],
                  update={getattr(Row, k): v for k, v in values.items()}).execute())


def set_mapping(actor: User, local_code: str, ma_tthc: str, ten_tthc: str = "",
                ma_linh_vuc: str = "", ten_linh_vuc: str = "") -> Mapping:
    require(actor, Role.ADMIN)
    local_code, ma_tthc = _check(local_code, ma_tthc)
    m = Mapping(local_code, ma_tthc, nfc(ten_tthc), nfc(ma_linh_vuc), nfc(ten_linh_vuc))
    with write():
        _upsert(actor, m)
        audit.record(actor, "dvcqg.mapping.set", local_code, {"ma_tthc": ma_tthc})
    return m


def delete_mapping(actor: User, local_code: str) -> bool:
    require(actor, Role.ADMIN)
    with write():
        n = Row.delete().where(Row.local_code == nfc(local_code)).execute()
        if n:
            audit.record(actor, "dvcqg.mapping.delete", nfc(local_code), {})
    return bool(n)


def parse_csv(text: str) -> list[Mapping]:
    """Rows of a mapping CSV (UTF-8, optional BOM, header line); a bad row names its line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"local_code", "ma_tthc"} - set(reader.fieldnames or ())
    if missing:
        raise UserError(_("Tệp CSV thiếu cột: {cols}. Cần các cột: {need}.")
                        .format(cols=", ".join(sorted(missing)), need=", ".join(CSV_COLUMNS)))
    out, seen = [], set()
    for n, raw in enumerate(reader, start=2):
        if not any((v or "").strip() for v in raw.values()):
            continue
        where = _("Dòng {n}: ").format(n=n)
        local_code, ma_tthc = _check(raw.get("local_code") or "", raw.get("ma_tthc") or "", where)
        if local_code in seen:
            raise UserError(where + _("mã '{code}' lặp lại.").format(code=local_code))
        seen.add(local_code)
        out.append(Mapping(local_code, ma_tthc, nfc(raw.get("ten_tthc")),
                           nfc(raw.get("ma_linh_vuc")), nfc(raw.get("ten_linh_vuc"))))
    return out


def import_csv(actor: User, path: str | Path) -> int:
    """All rows or nothing; returns how many mappings were written."""
    require(actor, Role.ADMIN)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(_("Không đọc được tệp '{path}': {why}").format(path=path, why=exc)) from None
    rows = parse_csv(text)
    with write():
        for m in rows:
            _upsert(actor, m)
        audit.record(actor, "dvcqg.mapping.import", str(Path(path).name), {"rows": len(rows)})
    return len(rows)


def export_csv(path: str | Path) -> int:
    rows = list_mappings()
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for m in rows:
            w.writerow([m.local_code, m.ma_tthc, m.ten_tthc, m.ma_linh_vuc, m.ten_linh_vuc])
    return len(rows)


def codes_to_describe() -> list[tuple[str, str]]:
    """(local code, MaTTHC) of every procedure in use that has a national code: what
    `sync-catalog` asks LayThuTuc about."""
    rows = {r.local_code: r.ma_tthc for r in Row.select(Row.local_code, Row.ma_tthc)}
    for p in ProcRow.select(ProcRow.code).where(ProcRow.active == True):  # noqa: E712 - a peewee expression, not a truth test
        if NATIONAL.match(p.code) and p.code not in rows:
            rows[p.code] = p.code
    return sorted(rows.items())


def save_catalog(actor: User, found: dict[str, Mapping]) -> int:
    """Store the portal's names (LayThuTuc) for these local codes, in one transaction."""
    require(actor, Role.ADMIN)
    with write():
        for m in found.values():
            _upsert(actor, m)
        audit.record(actor, "dvcqg.catalog.sync", "", {"procedures": len(found)})
    return len(found)
