"""Procedure catalog: import/export (JSON shared schema, CSV), list, validate, edit."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Set
from pathlib import Path

import peewee as pw

from app import textfile
from app.domain import Procedure, UserError, nfc, unaccent
from app.i18n import _
from app.resources import resource_path
from app.store import write
from app.validation import MAX_DAYS
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
LOCAL_CODE = re.compile(r"^L\.\d{6}$")
LEVELS = ("xã", "huyện", "tỉnh")
CSV_COLUMNS = ["code", "name", "field", "level", "processing_days", "fee", "fee_vnd",
               "documents", "legal_basis", "active", "source"]
BUNDLED = resource_path("catalog", "procedures.json")


def local_code(name: str) -> str:
    """Stable code for a procedure without a national code: L. + 6 digits of its name's hash."""
    digest = int(hashlib.sha1(unaccent(name).encode()).hexdigest(), 16)
    return f"L.{digest % 1_000_000:06d}"


MAX_TEXT = 1000          # name, fee text, source, each document / legal basis item
MAX_FEE_VND = 10 ** 12
TRUE_WORDS = ("1", "true", "yes", "có", "co", "x")
FALSE_WORDS = ("0", "false", "no", "không", "khong")
# keys of a row besides the code, as in the file (CSV column / JSON key)
ROW_KEYS = ("name", "field", "level", "processing_days", "fee", "fee_vnd", "documents",
            "legal_basis", "active", "source")


def _row_error(n: int, what: str) -> UserError:
    return UserError(_("Dòng {n}: {what}. Không có gì được ghi.").format(n=n, what=what))


def _field_error(n: int, key: str, what: str) -> UserError:
    return _row_error(n, _("trường '{key}': {what}").format(key=key, what=what))


def _text(n: int, raw: dict, key: str, default: str = "") -> str:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, str):
        raise _field_error(n, key, _("phải là chuỗi ký tự"))
    text = nfc(value)
    if len(text) > MAX_TEXT:
        raise _field_error(n, key, _("quá dài (tối đa {max} ký tự)").format(max=MAX_TEXT))
    return text or default


def _whole_number(n: int, value, what: str, key: str = "", high: int = MAX_FEE_VND) -> int | None:
    """Empty → None; otherwise a whole number 0…high (ASCII digits in text), or an error
    naming the row and the field."""
    if value in ("", None):
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer() and abs(value) <= high:
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,15}", value.strip()):
        number = int(value.strip())
    if number is None:
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        raise _field_error(n, key, _("{what} '{value}' không phải số nguyên")
                           .format(what=what, value=shown[:40]))
    if number < 0:
        raise _row_error(n, _("{what} âm ({number})").format(what=what, number=number))
    if number > high:
        raise _row_error(n, _("{what} quá lớn ({number}, tối đa {max})")
                         .format(what=what, number=number, max=high))
    return number


def _text_list(n: int, raw: dict, key: str) -> str:
    value = raw.get(key)
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _field_error(n, key, _("phải là danh sách chuỗi ký tự"))
    items = [nfc(v) for v in value if nfc(v)]
    if any(len(v) > MAX_TEXT for v in items):
        raise _field_error(n, key, _("một mục quá dài (tối đa {max} ký tự)").format(max=MAX_TEXT))
    return json.dumps(items, ensure_ascii=False)


def _active(n: int, value) -> bool:
    if value is None or value == "" or isinstance(value, bool):
        return value is not False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise _field_error(n, "active", _("phải là true/false (hoặc 1/0, có/không)"))


def _code(n: int, raw: dict) -> str | None:
    code = _text(n, raw, "code") or None
    if code and not (NATIONAL_CODE.match(code) or LOCAL_CODE.match(code)):
        raise _row_error(n, _("mã thủ tục '{code}' không đúng dạng d.dddddd").format(code=code))
    return code


def _clean(n: int, raw: dict, known_fields: set[str],
           existing: Set[str] = frozenset()) -> dict:
    """The columns a row gives, checked and normalised.  A row for a procedure that exists
    updates only the keys it gives; a new one needs at least its name and field."""
    if not isinstance(raw, dict):
        raise _row_error(n, _("mỗi thủ tục phải là một đối tượng JSON {{…}}"))
    given = {k for k in ROW_KEYS if k in raw}
    code = _code(n, raw)
    name = _text(n, raw, "name")
    if "name" in given and not name:
        raise _row_error(n, _("thiếu tên thủ tục"))
    code = code or (local_code(name) if name else None)
    new = code not in existing
    if code is None or (new and not name):
        raise _row_error(n, _("thiếu tên thủ tục"))
    out = {"code": code, "national": bool(NATIONAL_CODE.match(code))}
    if name:
        out |= {"name": name, "name_key": unaccent(name)}
    if new or "field" in given:
        field = _text(n, raw, "field")
        if field not in known_fields:
            raise _row_error(n, _("lĩnh vực '{field}' không có trong danh sách lĩnh vực")
                             .format(field=field))
        out["field"] = field
    if new or "level" in given:
        level = _text(n, raw, "level", "xã")
        if level not in LEVELS:
            raise _row_error(n, _("cấp '{level}' không hợp lệ (xã, huyện, tỉnh)").format(level=level))
        out["level"] = level
    if new or "processing_days" in given:
        out["processing_days"] = _whole_number(n, raw.get("processing_days"),
                                               _("thời hạn giải quyết"), "processing_days", MAX_DAYS)
    if new or "fee_vnd" in given:
        out["fee_vnd"] = _whole_number(n, raw.get("fee_vnd"), _("lệ phí"), "fee_vnd")
    if new or "fee" in given:
        out["fee_text"] = _text(n, raw, "fee", "Không")
    for key in ("documents", "legal_basis"):
        if new or key in given:
            out[key] = _text_list(n, raw, key)
    if new or "active" in given:
        out["active"] = _active(n, raw.get("active"))
    if new or "source" in given:
        out["source"] = _text(n, raw, "source")
    return out


def _store(fields: list[str], raws: list, first_row: int = 1) -> dict:
    """Check every row, then upsert fields and procedures: one transaction, all or nothing."""
    created = updated = 0
    with write():
        for pos, name in enumerate(fields):
            FieldRow.insert(name=name, position=pos).on_conflict(
                conflict_target=[FieldRow.name], update={FieldRow.position: pos}).execute()
        field_ids = {f.name: f.id for f in FieldRow.select()}
        existing = {p.code for p in ProcRow.select(ProcRow.code)}
        rows: list[dict] = []
        seen: dict[str, int] = {}
        for n, raw in enumerate(raws, start=first_row):
            r = _clean(n, raw, set(field_ids), existing)
            if r["code"] in seen:
                raise _row_error(n, _("mã thủ tục '{code}' trùng với dòng {line}")
                                 .format(code=r['code'], line=seen[r['code']]))
            seen[r["code"]] = n
            rows.append(r)
        for pos, r in enumerate(rows):
            data = dict(r, position=pos)
            if "field" in r:
                data["field"] = field_ids[r["field"]]
            if r["code"] in existing:
                ProcRow.update(**data).where(ProcRow.code == r["code"]).execute()
                updated += 1
            else:
                ProcRow.insert(**data).execute()
                created += 1
    return {"fields": len(fields), "created": created, "updated": updated}


def read_text(path: str | Path) -> str:
    """A catalog file's text (encodings: app.textfile), or a message saying what is wrong."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise UserError(_("Không tìm thấy tệp danh mục: {path}").format(path=path)) from None
    except OSError as exc:
        raise UserError(_("Không đọc được tệp danh mục {path}: {error}")
                        .format(path=path, error=exc.strerror or exc)) from None
    try:
        return textfile.decode(data)
    except ValueError:
        raise UserError(_("Tệp danh mục {path} không phải văn bản đọc được (cần UTF-8, UTF-16 "
                          "hoặc Windows-1258).").format(path=path)) from None


def import_json(path: str | Path) -> dict:
    try:
        doc = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise UserError(_("Tệp danh mục không phải JSON hợp lệ (dòng {line}): {path}")
                        .format(line=exc.lineno, path=path)) from None
    except ValueError:                             # e.g. an integer of 5,000 digits
        raise UserError(_("Tệp danh mục có giá trị không đọc được: {path}").format(path=path)) from None
    except RecursionError:
        raise UserError(_("Tệp danh mục lồng quá sâu: {path}").format(path=path)) from None
    if isinstance(doc, list):                      # just the procedures
        doc = {"procedures": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("procedures"), list):
        raise UserError(_("Tệp danh mục phải có khóa 'procedures' (danh sách thủ tục)."))
    given = doc.get("fields")
    if given is not None and not (isinstance(given, list) and all(isinstance(f, str) for f in given)):
        raise UserError(_("Khóa 'fields' của tệp danh mục phải là danh sách tên lĩnh vực."))
    fields = [nfc(f) for f in given or []]
    if not given:
        fields = [nfc(p["field"]) for p in doc["procedures"]
                  if isinstance(p, dict) and isinstance(p.get("field"), str)]
    fields = [f for f in dict.fromkeys(fields) if f]
    if any(len(f) > 200 for f in fields):
        raise UserError(_("Tên lĩnh vực quá dài (tối đa 200 ký tự)."))
    return _store(fields, doc["procedures"])


def import_csv(path: str | Path) -> dict:
    text = read_text(path)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        fieldnames = reader.fieldnames or []
        raws = []
        for raw in reader:
            raw = {k: v for k, v in raw.items() if isinstance(k, str) and k in ROW_KEYS + ("code",)}
            for key in ("documents", "legal_basis"):
                if key in raw:
                    raw[key] = (raw[key] or "").splitlines()   # one item per line inside the cell
            raws.append(raw)
    except csv.Error as exc:
        raise UserError(_("Tệp CSV không đọc được (dòng {line}): {error}")
                        .format(line=reader.line_num, error=exc)) from None
    if "name" not in fieldnames and "code" not in fieldnames:
        raise UserError(_("Tệp CSV thiếu cột: {columns}").format(columns="name"))
    # row numbers in messages count the header as line 1
    return _store([], raws, first_row=2)


def import_file(path: str | Path) -> dict:
    return import_csv(path) if str(path).lower().endswith(".csv") else import_json(path)


def import_bundled() -> dict:
    return import_json(BUNDLED)


def import_bundled_if_empty() -> dict | None:
    """The bundled catalog into a database that has no procedure yet (active or not); None
    when it has some. The one rule for app.setup.init_office and the wizard's first run."""
    with write():
        if ProcRow.select().exists():
            return None
        return import_bundled()


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


def find(text: str, limit: int = 20, field: str | None = None) -> list[Procedure]:
    """Active procedures whose code or unaccented name contains `text` (catalog is small),
    in one field when `field` is given."""
    text = nfc(text)                     # no NUL reaches PostgreSQL
    key = unaccent(text)
    q = (ProcRow.select(ProcRow, FieldRow.name.alias("field_name")).join(FieldRow)
         .where(ProcRow.active == True)  # noqa: E712
         .where((ProcRow.code.startswith(text)) | (ProcRow.name_key.contains(key))))
    if field:
        q = q.where(FieldRow.name == nfc(field))
    return [to_value(r, r.field_name) for r in q.order_by(ProcRow.position).limit(limit).objects()]


def browse(text: str = "", field: str | None = None, limit: int = 500) -> list[Procedure]:
    """The catalog screen's list: with `text`, the active procedures matching it (in `field`
    when given); without, every procedure of `field` (or all), closed ones included."""
    text = nfc(text)
    return find(text, limit, field) if text else list_procedures(field)


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
