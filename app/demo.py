"""Realistic fake dossiers for demos and benchmarks (batch inserts, no outbox events)."""
from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta

import peewee as pw

from app import settings
from app.calendar import office_calendar
from app.domain import ORGANISATION, PERSON, VN_TZ, Channel, UserError, unaccent
from app.i18n import _
from app.reports import index as reports_index
from app.store import is_postgres, to_db, utcnow, write
from app.validation import mst_check_digit
from db import search_index
from db.connection import current
from db.models import Applicant, Counter, Dossier, Procedure, StatusHistory

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lương", "Trịnh", "Mai", "Cao", "Tạ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân", "Hoài", "Gia"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
         "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phúc", "Phương", "Quân",
         "Quyên", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến"]
STREETS = ["thôn Kèn", "thôn Đông", "xóm Mới", "tổ 3", "tổ 7", "thôn Trung", "xóm Chùa", "thôn Hạ"]
PROVINCES = ["001", "024", "027", "031", "038", "040", "048", "079", "092"]
ORG_FORMS = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân"]
ORG_NAMES = ["Minh Phát", "Hoàng Long", "Nông nghiệp Phương Sơn", "Xây dựng số 5", "Thương mại An Bình",
             "Vận tải Lục Nam", "Dịch vụ Đông Hưng", "Chế biến Nông sản Bắc Giang"]
ORG_SHARE = 0.08            # share of dossiers whose applicant is an organisation
DELEGATE_SHARE = 0.05       # … handed in by a delegate (người nộp thay); most organisations send one
BATCH = 1000


def demo_tax_code(rnd: random.Random) -> str:
    """A well-formed MST (check digit right) of a made-up organisation."""
    while True:
        head = rnd.choice(["01", "02", "23", "24", "27", "31", "36"]) + f"{rnd.randrange(1, 10 ** 7):07d}"
        check = mst_check_digit(head)
        if check is not None:
            return head + str(check)


def _person_name(rnd: random.Random) -> str:
    return f"{rnd.choice(SURNAMES)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}"


def _applicant(rnd: random.Random) -> dict:
    """A person (CCCD, phone) or, ORG_SHARE of the time, an organisation (MST, representative)."""
    if rnd.random() < ORG_SHARE:
        name = f"{rnd.choice(ORG_FORMS)} {rnd.choice(ORG_NAMES)}"
        return {"name": name, "name_key": unaccent(name), "id_number": "",
                "phone": rnd.choice(["0243", "0283", "0204"]) + f"{rnd.randrange(10 ** 7):07d}",
                "email": "", "address": f"{rnd.choice(STREETS)}, xã Phương Sơn", "gender": "",
                "birth_date": None, "kind": ORGANISATION, "tax_code": demo_tax_code(rnd),
                "representative": _person_name(rnd), "representative_title": rnd.choice(
                    ["Giám đốc", "Chủ tịch Hội đồng quản trị", "Chủ nhiệm"])}
    name = _person_name(rnd)
    return {"name": name, "name_key": unaccent(name),
            "id_number": rnd.choice(PROVINCES) + f"{rnd.randrange(10 ** 9):09d}",
            "phone": rnd.choice(["09", "03", "08", "07"]) + f"{rnd.randrange(10 ** 8):08d}",
            "email": "", "address": f"{rnd.choice(STREETS)}, xã Phương Sơn", "gender":
            "Nữ" if " Thị " in name else "Nam", "birth_date": None, "kind": PERSON, "tax_code": "",
            "representative": "", "representative_title": ""}


def _delegate(rnd: random.Random, organisation: bool) -> dict:
    if rnd.random() >= (0.7 if organisation else DELEGATE_SHARE):
        return {"delegate_name": "", "delegate_name_key": "", "delegate_id_number": "",
                "delegate_phone": ""}
    name = _person_name(rnd)
    return {"delegate_name": name, "delegate_name_key": unaccent(name),
            "delegate_id_number": rnd.choice(PROVINCES) + f"{rnd.randrange(10 ** 9):09d}",
            "delegate_phone": rnd.choice(["09", "03"]) + f"{rnd.randrange(10 ** 8):08d}"}


def _statuses_for(age_days: int, rnd: random.Random) -> list[int]:
    """A plausible path along the workflow for a dossier received `age_days` ago."""
    if age_days <= 1:
        return rnd.choice([[2], [2], [2, 4]])
    path = [2, 4]
    r = rnd.random()
    if r < 0.05:
        return [2, 7] if rnd.random() < 0.5 else [3]
    if r < 0.15 and age_days < 30:
        return path + [5]
    if age_days < 5 and r < 0.6:
        return path
    path.append(9)
    if rnd.random() < 0.8 or age_days > 20:
        path.append(10)
    return path


def seed(count: int, seed_value: int = 1, days: int = 365, clerks: int = 4) -> dict:
    if count <= 0 or count > 5_000_000:
        raise UserError(_("Số hồ sơ mẫu phải từ 1 đến 5.000.000."))
    rnd = random.Random(seed_value)
    procs = [(p.id, p.processing_days if p.processing_days is not None else 5)
             for p in Procedure.select(Procedure.id, Procedure.processing_days)]
    if not procs:
        raise UserError(_("Danh mục thủ tục trống: chạy 'init' hoặc 'catalog import' trước."))
    office_code = settings.get("office.code")
    cal = office_calendar()
    now = utcnow().astimezone(VN_TZ)
    start_day = now.date() - timedelta(days=days)
    workdays = [d for d in (start_day + timedelta(days=i) for i in range(days + 1)) if cal.is_working_day(d)]
    due_cache: dict = {}
    next_app = (Applicant.select(pw.fn.MAX(Applicant.id)).scalar() or 0) + 1
    next_dos = (Dossier.select(pw.fn.MAX(Dossier.id)).scalar() or 0) + 1
    counters: dict[tuple[str, str], int] = {(c.scope, c.key): c.last for c in Counter.select()}
    clerk_names = [f"canbo{i + 1}" for i in range(clerks)]
    t0 = datetime.now()
    made = 0
    while made < count:
        n = min(BATCH, count - made)
        apps, doss, hist, terms = [], [], [], []
        for _i in range(n):
            day = rnd.choice(workdays)
            at = datetime.combine(day, time(7, 30), VN_TZ) + timedelta(minutes=rnd.randrange(0, 540))
            if at > now:
                at = now - timedelta(minutes=rnd.randrange(1, 600))
                day = at.date()
            pid, pdays = rnd.choice(procs)
            due_key = (day, pdays)
            if due_key not in due_cache:
                due_cache[due_key] = cal.due_at(datetime.combine(day, time(9), VN_TZ), pdays)
            due = due_cache[due_key]
            ckey = (office_code, at.strftime("%y%m%d"))
            counters[ckey] = counters.get(ckey, 0) + 1
            rkey = ("register", str(at.year))
            counters[rkey] = counters.get(rkey, 0) + 1
            person = _applicant(rnd)
            delegate = _delegate(rnd, person["kind"] == ORGANISATION)
            apps.append({"id": next_app, **person})
            path = _statuses_for((now.date() - day).days, rnd)
            last_at = at
            for i, st in enumerate(path):
                if i:
                    last_at = min(now, last_at + timedelta(hours=rnd.randrange(1, 72)))
                hist.append({"dossier": next_dos, "at": to_db(last_at),
                             "from_status": path[i - 1] if i else None, "to_status": st,
                             "user": rnd.choice(clerk_names), "note": "", "due_at": None})
            doss.append({"id": next_dos, "code": f"{ckey[0]}-{ckey[1]}-{counters[ckey]:04d}",
                         "procedure": pid, "applicant": next_app, "channel": int(rnd.choice(
                             [Channel.COUNTER] * 8 + [Channel.ONLINE, Channel.POST])),
                         "received_at": to_db(at), "due_at": to_db(due), "processing_days": pdays,
                         "status": path[-1], "tracking_token": secrets.token_urlsafe(16),
                         "clerk": rnd.choice(clerk_names), "register_year": at.year,
                         "register_no": counters[rkey], "note": "", "apology_used": False,
                         "paused_at": None, "updated_at": to_db(last_at),
                         **{f"applicant_{k}": v for k, v in person.items()}, **delegate})
            terms += search_index.rows_for(next_dos, doss[-1]["code"], person["name_key"],
                                           person["phone"], person["id_number"], person["tax_code"],
                                           delegate["delegate_name_key"])
            next_app += 1
            next_dos += 1
        with write():
            Applicant.insert_many(apps).execute()
            Dossier.insert_many(doss).execute()
            for i in range(0, len(hist), BATCH):
                StatusHistory.insert_many(hist[i:i + BATCH]).execute()
            search_index.insert_many(terms)
        made += n
    with write():
        for (scope, key), last in counters.items():
            Counter.insert(scope=scope, key=key, last=last).on_conflict(
                conflict_target=[Counter.scope, Counter.key], update={Counter.last: last}).execute()
        if is_postgres():
            for table in ("applicant", "dossier"):
                current().execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    reports_index.backfill()        # report columns (finished_at …) from the seeded history
    secs = (datetime.now() - t0).total_seconds()
    return {"created": made, "seconds": round(secs, 2), "per_second": round(made / secs) if secs else None}


