"""Satisfaction ratings (the Hoài Đức and Gia Lâm surveys): import the exports offices get
(CSV or XLSX; UTF-8, UTF-8 with BOM, UTF-16, Windows-1258), report the satisfaction rate, and
follow up every unhappy rating with a call ("đã gọi lại", recorded in its history + audit).

Levels (5-level scale): 5 rất hài lòng · 4 hài lòng · 3 bình thường · 2 không hài lòng ·
1 rất không hài lòng; the 3-level scale maps to 4 / 3 / 2. Satisfied = level ≥ 4; a follow-up
is opened for level ≤ 2."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import peewee as pw

from app import audit, textfile
from app.auth import require
from app.domain import VN_TZ, Role, User, UserError, nfc, unaccent
from app.i18n import N_, _
from app.store import from_db, to_db, utcnow, write
from db.models import Dossier as D
from db.models import Field as FieldRow
from db.models import FollowUpCall, Rating
from db.models import Procedure as ProcRow

LEVELS = {5: N_("Rất hài lòng"), 4: N_("Hài lòng"), 3: N_("Bình thường"), 2: N_("Không hài lòng"),
          1: N_("Rất không hài lòng")}
LEVEL_WORDS = {"rat hai long": 5, "hai long": 4, "binh thuong": 3, "chap nhan duoc": 3,
               "khong hai long": 2, "chua hai long": 2, "rat khong hai long": 1}
CHANNELS = {"kiosk": "kiosk", "may kiosk": "kiosk", "may danh gia": "kiosk", "qr": "qr",
            "ma qr": "qr", "quet qr": "qr", "portal": "portal", "cong dich vu cong": "portal",
            "cong dvc": "portal", "dvc": "portal", "truc tuyen": "portal", "": ""}
COLUMNS = {"code": ("ma ho so", "so ho so", "ma", "dossier", "code", "dossier code"),
           "at": ("thoi gian", "thoi diem", "ngay danh gia", "ngay", "time", "at"),
           "level": ("muc do hai long", "muc do", "danh gia", "level", "ket qua danh gia"),
           "comment": ("y kien", "gop y", "y kien gop y", "comment", "noi dung"),
           "phone": ("dien thoai", "so dien thoai", "sdt", "phone"),
           "channel": ("kenh", "kenh danh gia", "hinh thuc", "channel", "nguon")}
DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
CRITERION = re.compile(r"^(tieu chi|chi so|criterion)\b")
OUTCOMES = {"resolved": N_("Đã giải quyết vướng mắc"), "explained": N_("Đã giải thích"),
            "no_answer": N_("Không liên lạc được"), "other": N_("Khác")}
MAX_ERRORS = 1000
BATCH = 500


@dataclass(frozen=True, slots=True)
class ImportResult:
    imported: int
    duplicates: int
    errors: tuple[tuple[int, str], ...]        # (line number in the file, reason)
    total_rows: int


@dataclass(frozen=True, slots=True)
class FollowUp:
    id: int
    dossier_code: str
    at: datetime
    level: int
    level_label: str
    comment: str
    applicant_name: str
    phone: str                                 # shown to supervisors: the list's purpose
    clerk: str
    state: str
    calls: tuple[tuple[datetime, str, str, str], ...] = ()     # (at, user, outcome, note)


# ---- reading the file -------------------------------------------------------------------------
def read_rows(path: Path) -> list[tuple[int, list]]:
    """(line number, cells) for every row after the header, and the header first (line 1…)."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        from openpyxl import load_workbook
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        ws = wb.worksheets[0]
        return [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), 1)
                if any(c not in (None, "") for c in r)]
    try:
        text = textfile.decode(data)
    except ValueError:
        raise UserError(_("Tệp {name} không phải văn bản đọc được (cần UTF-8, UTF-16 hoặc "
                          "Windows-1258) hay bảng tính Excel.").format(name=path.name)) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    out = []
    for row in reader:
        if any(c.strip() for c in row):
            out.append((reader.line_num, row))
    return out


def _header_map(header: list) -> tuple[dict, dict]:
    keys = [unaccent(str(h or "")).strip(" :*") for h in header]
    found: dict = {}
    criteria: dict = {}
    for name, aliases in COLUMNS.items():
        for i, k in enumerate(keys):
            if k in aliases and i not in found.values():
                found[name] = i
                break
    for i, k in enumerate(keys):
        if CRITERION.match(k) and i not in found.values():
            criteria[str(header[i]).strip()] = i
    if "code" not in found:
        raise UserError(_("Tệp không có cột 'Mã hồ sơ' ở dòng tiêu đề."))
    if "level" not in found and not criteria:
        raise UserError(_("Tệp không có cột 'Mức độ hài lòng' hay các cột 'Tiêu chí …'."))
    if "at" not in found:
        raise UserError(_("Tệp không có cột 'Thời gian' ở dòng tiêu đề."))
    return found, criteria


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return unaccent(text).strip(" .")


def parse_level(value) -> int:
    if isinstance(value, (int, float)) and 1 <= value <= 5 and int(value) == value:
        return int(value)
    text = _key(str(value or ""))
    if text.isdigit() and 1 <= int(text) <= 5:
        return int(text)
    if text in LEVEL_WORDS:
        return LEVEL_WORDS[text]
    raise ValueError(_("mức độ hài lòng không hợp lệ '{v}'").format(v=value))


def parse_time(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=VN_TZ)
    text = nfc(str(value or ""))
    m = DMY.fullmatch(text)
    if m:                                   # the usual survey export: dd/mm/yyyy hh:mm[:ss]
        try:
            return datetime(int(m[3]), int(m[2]), int(m[1]), int(m[4] or 0), int(m[5] or 0),
                            int(m[6] or 0), tzinfo=VN_TZ)
        except ValueError:
            raise ValueError(_("thời gian không hợp lệ '{v}'").format(v=value)) from None
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=VN_TZ)
        except ValueError:
            pass
    try:
        dt = datetime.fromisoformat(text)
        return dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)
    except ValueError:
        raise ValueError(_("thời gian không hợp lệ '{v}'").format(v=value)) from None


def parse_phone(value) -> str:
    digits = re.sub(r"[\s.\-()]", "", str(value or ""))
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if digits and not re.fullmatch(r"0[35789][0-9]{8}", digits):
        raise ValueError(_("số điện thoại không hợp lệ"))
    return digits


def _cell(row: list, i: int | None):
    if i is None or i >= len(row):
        return None
    v = row[i]
    return v.strip() if isinstance(v, str) else v


def parse_row(row: list, cols: dict, criteria: dict) -> dict:
    code = nfc(str(_cell(row, cols["code"]) or ""))
    if not code:
        raise ValueError(_("thiếu mã hồ sơ"))
    at = parse_time(_cell(row, cols["at"]))
    scores = {}
    for name, i in criteria.items():
        v = _cell(row, i)
        if v in (None, ""):
            continue
        try:
            scores[name] = float(str(v).replace(",", "."))
        except ValueError:
            raise ValueError(_("điểm '{name}' không hợp lệ '{v}'").format(name=name, v=v)) from None
        if not 1 <= scores[name] <= 5:
            raise ValueError(_("điểm '{name}' phải từ 1 đến 5").format(name=name))
    raw_level = _cell(row, cols.get("level"))
    if raw_level not in (None, ""):
        level = parse_level(raw_level)
    elif scores:
        level = max(1, min(5, int(sum(scores.values()) / len(scores) + 0.5)))
    else:
        raise ValueError(_("thiếu mức độ hài lòng"))
    channel_text = _key(str(_cell(row, cols.get("channel")) or ""))
    if channel_text not in CHANNELS:
        raise ValueError(_("kênh đánh giá không hợp lệ '{v}' (kiosk, QR, cổng)").format(
            v=_cell(row, cols.get("channel"))))
    comment = nfc(str(_cell(row, cols.get("comment")) or ""))
    phone = parse_phone(_cell(row, cols.get("phone")))
    key = hashlib.sha256(json.dumps([code, to_db(at).isoformat(), level, CHANNELS[channel_text], comment,
                                     phone, sorted(scores.items())], ensure_ascii=False).encode()).hexdigest()
    return {"row_key": key, "dossier_code": code, "at": to_db(at), "level": level,
            "scores": json.dumps(scores, ensure_ascii=False), "comment": comment, "phone": phone,
            "channel": CHANNELS[channel_text], "followup": "open" if level <= 2 else None}


def import_file(actor: User, path: str | Path) -> ImportResult:
    """Validate row by row; import the good rows in one transaction; a re-import adds nothing."""
    require(actor, Role.SUPERVISOR)
    path = Path(path)
    if not path.exists():
        raise UserError(_("Không tìm thấy tệp {name}.").format(name=path.name))
    rows = read_rows(path)
    if not rows:
        raise UserError(_("Tệp trống."))
    cols, criteria = _header_map(rows[0][1])
    good, errors = [], []
    for line, row in rows[1:]:
        try:
            good.append((line, parse_row(row, cols, criteria)))
        except ValueError as exc:
            errors.append((line, str(exc)))
    ids: dict[str, int] = {}
    codes = sorted({r["dossier_code"] for _l, r in good})
    for i in range(0, len(codes), BATCH):
        ids.update(D.select(D.code, D.id).where(D.code.in_(codes[i:i + BATCH])).tuples())
    ready, seen, known = [], set(), 0
    for line, r in good:
        if r["dossier_code"] not in ids:
            errors.append((line, _("không có hồ sơ mã {code}").format(code=r["dossier_code"])))
            continue
        known += 1
        if r["row_key"] not in seen:
            seen.add(r["row_key"])
            ready.append(r | {"dossier": ids[r["dossier_code"]]})
    now, source = to_db(utcnow()), path.name
    with write():
        have: set[str] = set()
        keys = [r["row_key"] for r in ready]
        for i in range(0, len(keys), BATCH):
            have.update(k for (k,) in Rating.select(Rating.row_key).where(
                Rating.row_key.in_(keys[i:i + BATCH])).tuples())
        new = [r | {"imported_at": now, "source": source} for r in ready if r["row_key"] not in have]
        _bulk_insert(new)
        duplicates = known - len(new)
        audit.record(actor, "ratings.import", source,
                     {"imported": len(new), "duplicates": duplicates, "errors": len(errors)})
    errors.sort()
    return ImportResult(len(new), duplicates, tuple(errors[:MAX_ERRORS]), len(rows) - 1)


def _bulk_insert(rows: list[dict]) -> None:
    """One prepared INSERT run for every row (peewee's insert_many spends its time building SQL)."""
    if not rows:
        return
    from db.connection import current
    db = current()
    cols = list(rows[0])
    names = [Rating._meta.fields[c].column_name for c in cols]
    sql = (f'INSERT INTO "{Rating._meta.table_name}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
           f'VALUES ({", ".join([db.param] * len(cols))})')
    cursor = db.cursor()
    values = [tuple(r[c] for c in cols) for r in rows]
    if isinstance(db, pw.PostgresqlDatabase):          # one statement per 1,000 rows
        from psycopg2.extras import execute_values
        execute_values(cursor, sql.split(" VALUES ")[0] + " VALUES %s", values, page_size=1000)
    else:
        cursor.executemany(sql, values)


# ---- report -----------------------------------------------------------------------------------
def _month_bounds(text: str) -> tuple[datetime, datetime, date]:
    from app.reports.monthly import month_period
    from app.reports.rules import period_bounds
    first, last = month_period(text)
    return (*period_bounds(first, last), first)


def _levels_of(query) -> dict:
    """{group: {level: n}} from (group, level, count) tuples."""
    out: dict = {}
    for g, level, n in query.tuples():
        out.setdefault(g, dict.fromkeys(range(5, 0, -1), 0))[level] = n
    return out


def _line(name: str, key: str, levels: dict) -> dict:
    total = sum(levels.values())
    satisfied = levels.get(5, 0) + levels.get(4, 0)
    return {key: name, "count": total, "satisfied": satisfied,
            "rate": round(100.0 * satisfied / total, 1) if total else None,
            "levels": {LEVELS[k]: levels.get(k, 0) for k in range(5, 0, -1)}}


def satisfaction(actor: User, month: str, trend_months: int = 12) -> dict:
    """Satisfaction rate (level ≥ 4 over all) for a month: total, per field, per clerk, and
    per month for the `trend_months` months up to it, with the count per level."""
    require(actor, Role.SUPERVISOR)
    start, end, first = _month_bounds(month)
    in_month = (Rating.at >= to_db(start)) & (Rating.at < to_db(end))
    base = Rating.select(Rating.level, pw.fn.COUNT(Rating.id)).where(in_month).group_by(Rating.level)
    total = {lv: n for lv, n in base.tuples()}
    by_field = _levels_of(Rating.select(FieldRow.name, Rating.level, pw.fn.COUNT(Rating.id))
                          .join(D).join(ProcRow).join(FieldRow).where(in_month)
                          .group_by(FieldRow.name, Rating.level))
    by_clerk = _levels_of(Rating.select(D.clerk, Rating.level, pw.fn.COUNT(Rating.id)).join(D)
                          .where(in_month).group_by(D.clerk, Rating.level))
    y, m = first.year, first.month
    months = []
    for _i in range(trend_months):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    trend_start, _e, _f = _month_bounds(months[-1])
    by_month: dict = {k: dict.fromkeys(range(5, 0, -1), 0) for k in months}
    rows = (Rating.select(Rating.at, Rating.level).where((Rating.at >= to_db(trend_start))
                                                         & (Rating.at < to_db(end))).tuples())
    for at, level in rows.iterator():
        key = from_db(at).astimezone(VN_TZ).strftime("%Y-%m")
        if key in by_month:
            by_month[key][level] += 1
    return {"month": first.strftime("%Y-%m"), **_line("Tổng cộng", "name", total),
            "by_field": [_line(k, "field", v) for k, v in sorted(by_field.items())],
            "by_clerk": [_line(k, "clerk", v) for k, v in sorted(by_clerk.items())],
            "by_month": [_line(k, "month", by_month[k]) for k in reversed(months)],
            "open_followups": Rating.select().where(Rating.followup == "open").count()}


# ---- follow-ups -------------------------------------------------------------------------------
def _followup(r: Rating, calls=()) -> FollowUp:
    d = r.dossier
    return FollowUp(id=r.id, dossier_code=r.dossier_code, at=from_db(r.at), level=r.level,
                    level_label=_(LEVELS[r.level]), comment=r.comment,
                    applicant_name=d.applicant_name if d else "",
                    phone=(d.applicant_phone if d and d.applicant_phone else r.phone),
                    clerk=d.clerk if d else "", state=r.followup or "",
                    calls=tuple((from_db(c.at), c.user, c.outcome, c.note) for c in calls))


def followups(actor: User, open_only: bool = False, limit: int = 500) -> list[FollowUp]:
    """Every unhappy rating (level ≤ 2), oldest open first, with the applicant's contact."""
    require(actor, Role.SUPERVISOR)
    cond = Rating.followup == "open" if open_only else Rating.followup.is_null(False)
    q = (Rating.select(Rating, D).join(D, pw.JOIN.LEFT_OUTER).where(cond)
         .order_by(Rating.followup.desc(), Rating.at).limit(limit))
    rows = list(q)
    calls: dict[int, list] = {}
    if rows:
        for c in (FollowUpCall.select().where(FollowUpCall.rating.in_([r.id for r in rows]))
                  .order_by(FollowUpCall.at)):
            calls.setdefault(c.rating_id, []).append(c)
    return [_followup(r, calls.get(r.id, ())) for r in rows]


def record_call(actor: User, rating_id: int, outcome: str, note: str = "",
                at: datetime | None = None) -> FollowUp:
    """"Đã gọi lại": the call goes into the follow-up's history and the audit trail; the
    follow-up closes unless nobody answered."""
    require(actor, Role.SUPERVISOR)
    if outcome not in OUTCOMES:
        raise UserError(_("Kết quả cuộc gọi phải là một trong: {list}.").format(
            list=", ".join(OUTCOMES)), "outcome")
    when = at or utcnow()
    with write():
        r = Rating.get_or_none(Rating.id == int(rating_id))
        if r is None or r.followup is None:
            raise UserError(_("Không có đánh giá cần gọi lại số {id}.").format(id=rating_id))
        FollowUpCall.create(rating=r, at=to_db(when), user=actor.username, outcome=outcome, note=nfc(note))
        state = "open" if outcome == "no_answer" else "done"
        Rating.update(followup=state).where(Rating.id == r.id).execute()
        audit.record(actor, "ratings.called", r.dossier_code,
                     {"rating": r.id, "outcome": outcome, "state": state})
    return followups_by_id(r.id)


def followups_by_id(rating_id: int) -> FollowUp:
    r = Rating.select(Rating, D).join(D, pw.JOIN.LEFT_OUTER).where(Rating.id == rating_id).get()
    return _followup(r, FollowUpCall.select().where(FollowUpCall.rating == rating_id)
                     .order_by(FollowUpCall.at))
