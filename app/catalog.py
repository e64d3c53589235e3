"""Procedure catalog: import/export (JSON shared schema, CSV), list, validate, edit."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import peewee as pw

from app.domain import Procedure, UserError, nfc, unaccent
from app.i18n import _
from app.store import write
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE = re.compile(r"^L\.\d{6}$")
LEVELS = ("xã", "huyện", "tỉnh")
CSV_COLUMNS = ["code", "name", "field", "level", "processing_days", "fee", "fee_vnd",
               "documents", "legal_basis", "active", "source"]
BUNDLED = Path(__file__).resolve().parents[1] / "resources" / "catalog" / "procedures.json"


def local_code(name: str) -> str:
    """Stable code for a procedure without a national code: L. + 6 digits of its name's hash."""
    digest = int(hashlib.sha1(unaccent(name).encode()).hexdigest(), 16)
    return f"L.{digest % 1_000_000:06d}"


def _row_error(n: int, what: str) -> UserError:
    return UserError(_("Dòng {n}: {what}. Không có gì được ghi.").format(n=n, what=what))


def _whole_number(n: int, value, what: str) -> int | None:
    """Empty → None; otherwise a non-negative integer, or an error naming the row."""
    if value in ("", None):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _row_error(n, _("{what} '{value}' không phải số").format(what=what, value=value)) from None
    if number < 0:
        raise _row_error(n, _("{what} âm ({number})").format(what=what, number=number))
    return number


def _clean(n: int, raw: dict, known_fields: set[str]) -> dict:
    name = nfc(raw.get("name"))
    if not name:
        raise _row_error(n, _("thiếu tên thủ tục"))
    code = nfc(raw.get("code") or "") or None
    if code and not (NATIONAL_CODE.match(code) or LOCAL_CODE.match(code)):
        raise _row_error(n, _("mã thủ tục '{code}' không đúng dạng d.dddddd").format(code=code))
    field = nfc(raw.get("field"))
    if field not in known_fields:
        raise _row_error(n, _("lĩnh vực '{field}' không có trong danh sách lĩnh vực").format(field=field))
    level = nfc(raw.get("level") or "xã")
    if level not in LEVELS:
        raise _row_error(n, _("cấp '{level}' không hợp lệ (xã, huyện, tỉnh)").format(level=level))
    days = _whole_number(n, raw.get("processing_days"), _("thời hạn giải quyết"))
    fee_vnd = _whole_number(n, raw.get("fee_vnd"), _("lệ phí"))
    docs = [nfc(d) for d in (raw.get("documents") or []) if nfc(d)]
    basis = [nfc(d) for d in (raw.get("legal_basis") or []) if nfc(d)]
    active = raw.get("active", True)
    if isinstance(active, str):
        active = active.strip().lower() not in ("0", "false", "no", "không", "khong")
    return {
        "code": code or local_code(name), "national": bool(code and NATIONAL_CODE.match(code)),
        "name": name, "name_key": unaccent(name), "field": field, "level": level,
        "processing_days": days, "fee_text": nfc(raw.get("fee") or "Không"), "fee_vnd": fee_vnd,
        "documents": json.dumps(docs, ensure_ascii=False),
        "legal_basis": json.dumps(basis, ensure_ascii=False),
        "active": bool(active), "source": nfc(raw.get("source") or ""),
    }


def _store(fields: list[str], rows: list[dict]) -> dict:
    """Validate all rows, then upsert fields and procedures in one transaction."""
    seen: dict[str, int] = {}
    for n, r in enumerate(rows, start=1):
        if r["code"] in seen:
            raise _row_error(n, _("mã thủ tục '{code}' trùng với dòng {line}")
                                 .format(code=r['code'], line=seen[r['code']]))
        seen[r["code"]] = n
    created = updated = 0
    with write():
        for pos, name in enumerate(fields):
            FieldRow.insert(name=name, position=pos).on_conflict(
                conflict_target=[FieldRow.name], update={FieldRow.position: pos}).execute()
        field_ids = {f.name: f.id for f in FieldRow.select()}
        existing = {p.code for p in ProcRow.select(ProcRow.code)}
        for pos, r in enumerate(rows):
            data = dict(r, field=field_ids[r["field"]], position=pos)
            if r["code"] in existing:
                ProcRow.update(**data).where(ProcRow.code == r["code"]).execute()
                updated += 1
            else:
                ProcRow.insert(**data).execute()
                created += 1
    return {"fields": len(fields), "created": created, "updated": updated}


def import_json(path: str | Path) -> dict:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp danh mục: {path}").format(path=path)) from None
    except json.JSONDecodeError as exc:
        raise UserError(_("Tệp danh mục không phải JSON hợp lệ (dòng {line}): {path}")
                        .format(line=exc.lineno, path=path)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("procedures"), list):
        raise UserError(_("Tệp danh mục phải có khóa 'procedures' (danh sách thủ tục)."))
    fields = [nfc(f) for f in doc.get("fields") or []]
    if not fields:
        fields = list(dict.fromkeys(nfc(p.get("field")) for p in doc["procedures"]))
    rows = [_clean(n, raw, set(fields)) for n, raw in enumerate(doc["procedures"], start=1)]
    return _store(fields, rows)


def import_csv(path: str | Path) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp danh mục: {path}").format(path=path)) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"name", "field"} - set(reader.fieldnames or [])
    if missing:
        raise UserError(_("Tệp CSV thiếu cột: {columns}").format(columns=", ".join(sorted(missing))))
    known = set(fields())
    raws = []
    for raw in reader:
        raw = dict(raw)
        for key in ("documents", "legal_basis"):
            raw[key] = (raw.get(key) or "").splitlines()     # one item per line inside the cell
        raws.append(raw)
    # row numbers in messages count the header as line 1
    rows = [_clean(n + 1, raw, known) for n, raw in enumerate(raws, start=1)]
    return _store(fields(), rows)


def import_file(path: str | Path) -> dict:
    return import_csv(path) if str(path).lower().endswith(".csv") else import_json(path)


def import_bundled() -> dict:
    return import_json(BUNDLED)


def to_value(row: ProcRow, field_name: str | None = None) -> Procedure:
    return Procedure(
        code=row.code, name=row.name, field=field_name or row.field.name, level=row.level,
        processing_days=row.processing_days, fee_text=row.fee_text, fee_vnd=row.fee_vnd,
        documents=tuple(json.loads(row.documents)), legal_basis=tuple(json.loads(row.legal_basis)),
        active=row.active, national=row.national, source=row.source)


def fields() -> list[str]:
    return [f.name for f in FieldRow.select().order_by(FieldRow.position, FieldRow.name)]


def list_procedures(field: str | None = None, include_inactive: bool = True) -> list[Procedure]:
    q = (ProcRow.select(ProcRow, FieldRow.name.alias("field_name")).join(FieldRow)
         .order_by(FieldRow.position, ProcRow.position, ProcRow.id))
    if field:
        if field not in fields():
            raise UserError(_("Không có lĩnh vực '{field}'. Xem danh sách: catalog fields.")
                            .format(field=field))
        q = q.where(FieldRow.name == nfc(field))
    if not include_inactive:
        q = q.where(ProcRow.active == True)  # noqa: E712
    return [to_value(r, r.field_name) for r in q.objects()]


def get(code: str) -> Procedure:
    row = ProcRow.get_or_none(ProcRow.code == nfc(code))
    if row is None:
        raise UserError(_("Không có thủ tục mã '{code}' trong danh mục.").format(code=code), "procedure")
    return to_value(row)


def find(text: str, limit: int = 20) -> list[Procedure]:
    """Procedures whose code or unaccented name contains `text` (catalog is small)."""
    key = unaccent(text)
    q = (ProcRow.select(ProcRow, FieldRow.name.alias("field_name")).join(FieldRow)
         .where(ProcRow.active == True)  # noqa: E712
         .where((ProcRow.code.startswith(text.strip())) | (ProcRow.name_key.contains(key)))
         .order_by(ProcRow.position).limit(limit))
    return [to_value(r, r.field_name) for r in q.objects()]


def save(proc: Procedure) -> Procedure:
    """Create or update one procedure (catalog screen)."""
    raw = {"code": proc.code,
           "name": proc.name, "field": proc.field, "level": proc.level,
           "processing_days": proc.processing_days, "fee": proc.fee_text, "fee_vnd": proc.fee_vnd,
           "documents": list(proc.documents), "legal_basis": list(proc.legal_basis),
           "active": proc.active, "source": proc.source}
    data = _clean(1, raw, set(fields()))
    data["field"] = FieldRow.get(FieldRow.name == data["field"]).id
    with write():
        if ProcRow.get_or_none(ProcRow.code == data["code"]):
            ProcRow.update(**data).where(ProcRow.code == data["code"]).execute()
        else:
            data["position"] = (ProcRow.select(pw.fn.MAX(ProcRow.position)).scalar() or 0) + 1
            ProcRow.insert(**data).execute()
    return get(data["code"])


def export_json(path: str | Path) -> int:
    procs = list_procedures()
    doc = {"version": "export", "fields": fields(), "procedures": [
        {"code": p.code if p.national else None, "name": p.name, "field": p.field, "level": p.level,
         "processing_days": p.processing_days, "fee": p.fee_text, "fee_vnd": p.fee_vnd,
         "documents": list(p.documents), "legal_basis": list(p.legal_basis),
         "active": p.active, "source": p.source} for p in procs]}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(procs)


def export_csv(path: str | Path) -> int:
    procs = list_procedures()
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_COLUMNS)
        for p in procs:
            w.writerow([p.code if p.national else "", p.name, p.field, p.level,
                        "" if p.processing_days is None else p.processing_days, p.fee_text,
                        "" if p.fee_vnd is None else p.fee_vnd, "\n".join(p.documents),
                        "\n".join(p.legal_basis), "true" if p.active else "false", p.source])
    return len(procs)


def export_file(path: str | Path) -> int:
    return export_csv(path) if str(path).lower().endswith(".csv") else export_json(path)
