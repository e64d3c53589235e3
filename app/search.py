"""Find a dossier the way people ask (issue 11 §1): any run of words of the name (a person's
or an organisation's, or the delegate's), in order, with or without diacritics; the last ≥ 4
digits of the code (with or without its date part), of the phone, the CCCD or an organisation's
tax code (MST, whole too); words of the procedure's name; the whole code or its prefix.

Ranked: exact code, then exact CCCD/phone, then the other matches (names, tails), then
procedure matches — newest first within each. Filters: status, received days, field, clerk.
Every branch is an indexed range (search_token.term, dossier.code, dossier.procedure_id);
see db/search_index.py for the terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import reduce
from operator import or_

import peewee as pw

from app import dossiers
from app.auth import require
from app.domain import VN_TZ, Dossier, Role, Status, User, UserError, nfc, unaccent
from app.i18n import _
from app.store import to_db, utcnow
from app.validation import check_day
from db.models import Dossier as DossierRow
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow
from db.models import SearchToken

MIN_TAIL = 4
SCAN_CAP = 5000          # tokens read whole before switching to the newest-first probe
TAIL_WITH_DAY = re.compile(r"\d{6}-\d{1,4}")


@dataclass(frozen=True, slots=True)
class Filters:
    statuses: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    field: str = ""
    clerk: str = ""

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.date_from or self.date_to or self.field or self.clerk)

    def describe(self) -> str:
        parts = []
        if self.statuses:
            parts.append(_("trạng thái {s}").format(s=", ".join(Status(s).label for s in self.statuses)))
        if self.date_from or self.date_to:
            lo = self.date_from.strftime("%d/%m/%Y") if self.date_from else "…"
            hi = self.date_to.strftime("%d/%m/%Y") if self.date_to else "…"
            parts.append(_("tiếp nhận {lo} – {hi}").format(lo=lo, hi=hi))
        if self.field:
            parts.append(_("lĩnh vực {f}").format(f=self.field))
        if self.clerk:
            parts.append(_("cán bộ {c}").format(c=self.clerk))
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class Found:
    text: str
    kind: str                       # 'today' | 'code' | 'digits' | 'name'
    rows: tuple[Dossier, ...]
    has_more: bool
    reason: str = ""                # why the list is empty (shown instead of a blank page)
    filters: Filters = field(default_factory=Filters)


def parse_day(text: str, field: str) -> date | None:
    """'dd/mm/yyyy' (or ISO) typed in a filter box; empty → None."""
    t = nfc(text)
    if not t:
        return None
    try:
        day = (datetime.strptime(t, "%d/%m/%Y") if "/" in t else datetime.fromisoformat(t)).date()
    except ValueError:
        raise UserError(_("Ngày '{text}' không hợp lệ (dạng dd/mm/yyyy, ngày có thật).")
                        .format(text=t), field) from None
    return check_day(day, field)


def parse_filters(values: dict | Filters | None) -> Filters:
    """Filters from a screen's boxes: {'status': '4' | 4 | '', 'date_from': 'dd/mm/yyyy',
    'date_to': …, 'field': name, 'clerk': username} (empty = not filtered)."""
    if values is None or isinstance(values, Filters):
        return values or Filters()
    st = values.get("status")
    statuses = tuple(int(s) for s in (st if isinstance(st, (list, tuple)) else [st]) if s not in (None, ""))
    for s in statuses:
        Status(s)
    return Filters(statuses, parse_day(values.get("date_from", ""), "date_from"),
                   parse_day(values.get("date_to", ""), "date_to"),
                   nfc(values.get("field", "")), nfc(values.get("clerk", "")))


def today() -> date:
    return utcnow().astimezone(VN_TZ).date()


def _filter_cond(f: Filters, base=None):
    """`base` AND the filters (no always-true term: it would steer SQLite off the index)."""
    D = DossierRow
    cond = base
    if f.statuses:
        cond = _and(cond, D.status.in_([int(s) for s in f.statuses]))
    if f.date_from or f.date_to:
        if f.date_from and f.date_to and f.date_to < f.date_from:
            raise UserError(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."), "date_to")
        lo, hi = dossiers.local_day_bounds(f.date_from or date(2000, 1, 1), f.date_to or date(2100, 12, 31))
        cond = _and(cond, (D.received_at >= to_db(lo)) & (D.received_at < to_db(hi)))
    if f.clerk:
        cond = _and(cond, D.clerk == f.clerk)
    if f.field:
        cond = _and(cond, D.procedure.in_(ProcRow.select(ProcRow.id).join(FieldRow)
                                          .where(FieldRow.name == f.field)))
    return cond


def _and(a, b):
    return b if a is None else a & b


def _in_ranges(tokens, prefixes: list[str]):
    """A term of `tokens` (the search_token table or an alias of it) in one of the prefix ranges."""
    return reduce(or_, [(tokens.term >= p) & (tokens.term < p + "\uffff") for p in prefixes])


def _by_terms(prefixes: list[str], f: Filters, k: int) -> list[int]:
    """Newest k dossier ids having a term in one of the prefix ranges (and passing filters).

    Two plans, so the cost stays about the same from 10k to 1M dossiers: a range that holds
    at most SCAN_CAP tokens (counted in SQL) is read whole and ranked by the database; a
    wider range ("an" in a million names) walks the dossiers newest first and probes each
    one's tokens, which stops after about k·N/matches rows."""
    T, D = SearchToken, DossierRow
    terms = _in_ranges(T, prefixes)
    capped = T.select(T.id).where(terms).limit(SCAN_CAP + 1)
    n = T.select(pw.fn.COUNT(pw.SQL("*"))).from_(capped.alias("capped")).scalar()
    if not n:
        return []
    if n <= SCAN_CAP:
        q = T.select(T.dossier).distinct()
        if f.active:
            q = q.join(D, on=(T.dossier == D.id)).where(_filter_cond(f, terms))
        else:
            q = q.where(terms)
        return [r[0] for r in q.order_by(T.dossier.desc()).limit(k).tuples()]
    inner = T.alias()
    probe = inner.select(inner.id).where((inner.dossier == D.id) & _in_ranges(inner, prefixes))
    q = D.select(D.id).where(_filter_cond(f, pw.fn.EXISTS(probe)))
    return [r[0] for r in q.order_by(D.id.desc()).limit(k).tuples()]


def _by_procedure(words: str, f: Filters, k: int) -> list[int]:
    """Dossiers of procedures whose (unaccented) name contains the words, in order."""
    pat = re.compile(r"(^|\s)" + re.escape(words))
    ids = [pid for pid, key in ProcRow.select(ProcRow.id, ProcRow.name_key).tuples() if pat.search(key)]
    if not ids:
        return []
    D = DossierRow
    q = D.select(D.id).where(_filter_cond(f, D.procedure.in_(ids)))
    return [r[0] for r in q.order_by(D.id.desc()).limit(k).tuples()]


def _rows(ids: list[int]) -> dict[int, Dossier]:
    if not ids:
        return {}
    # no ORDER BY: with "ORDER BY id DESC LIMIT n" PostgreSQL walks the primary key from the
    # newest dossier until it has met every id — at 1M, most of the table for an old name
    # (name words 33 ms → 298 ms a page); the caller orders the page itself
    found = dossiers.list_where(DossierRow.id.in_(ids), [], limit=len(ids))
    codes_ = dict(DossierRow.select(DossierRow.code, DossierRow.id).where(DossierRow.id.in_(ids)).tuples())
    return {codes_[d.code]: d for d in found}


def classify(text: str) -> tuple[str, str]:
    """('url'|'code'|'digits'|'short'|'name'|'today', normalised value)."""
    t = nfc(text)
    if not t:
        return "today", ""
    kind, value = dossiers.classify(t)
    if kind in ("url", "code"):
        return kind, value
    compact = re.sub(r"[\s.()]", "", t)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    if TAIL_WITH_DAY.fullmatch(compact):
        return "digits", compact
    digits = compact.replace("-", "")
    if digits.isascii() and digits.isdigit():
        return ("digits" if len(digits) >= MIN_TAIL else "short"), digits
    return "name", unaccent(t)


def find(actor: User, text: str = "", filters: Filters | dict | None = None, limit: int = 50,
         offset: int = 0) -> Found:
    """One page of dossiers for what the clerk typed (empty: the dossiers received today)."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    f = parse_filters(filters)
    kind, value = classify(text)
    limit = max(1, min(limit, dossiers.MAX_LIMIT))
    k = offset + limit + 1
    D = DossierRow
    ranked: list[tuple[int, int, int]] = []                # (rank, order, id): newest first
    if kind == "url":
        raise UserError(_("Quét mã QR trên giấy biên nhận để mở hồ sơ."))
    if kind == "short":
        return Found(text, kind, (), False, _("Nhập ít nhất {n} chữ số cuối của mã hồ sơ, số điện "
                                              "thoại hoặc số CCCD.").format(n=MIN_TAIL), f)
    if kind == "today":
        day_f = f if (f.date_from or f.date_to) else Filters(f.statuses, today(), today(), f.field, f.clerk)
        ids = [r[0] for r in D.select(D.id).where(_filter_cond(day_f))
               .order_by(D.received_at.desc(), D.id.desc()).limit(k).tuples()]
        ranked = [(2, n, i) for n, i in enumerate(ids)]          # newest received first
    elif kind == "code":
        in_range = (D.code >= value) & (D.code < value + "\uffff")
        ids = [r[0] for r in D.select(D.id).where(_filter_cond(f, in_range))
               .order_by(D.code.desc()).limit(k).tuples()]
        exact = D.select(D.id).where(D.code == value).scalar()
        ranked = [(0 if i == exact else 2, -i, i) for i in ids]
    elif kind == "digits":
        rev = value[::-1]
        prefixes = ["c:" + rev] if "-" in value else ["c:" + rev, "p:" + rev, "i:" + rev, "t:" + rev]
        ids = _by_terms(prefixes, f, k)
        exact = set()
        if "-" not in value and ids:
            mst = [value] + ([f"{value[:10]}-{value[10:]}"] if len(value) == 13 else [])
            exact = {r[0] for r in D.select(D.id).where(D.id.in_(ids) & (
                (D.applicant_id_number == value) | (D.applicant_phone == value)
                | D.applicant_tax_code.in_(mst))).tuples()}
        ranked = [(1 if i in exact else 2, -i, i) for i in ids]
    else:
        name_ids = _by_terms(["n:" + value, "d:" + value], f, k)     # applicant, delegate
        proc_ids = [i for i in _by_procedure(value, f, k) if i not in set(name_ids)]
        ranked = [(2, -i, i) for i in name_ids] + [(3, -i, i) for i in proc_ids]
    ranked.sort()
    page = [i for _r, _o, i in ranked[offset:offset + limit]]
    by_id = _rows(page)
    rows = tuple(by_id[i] for i in page if i in by_id)
    reason = "" if rows else _empty_reason(kind, text, f)
    return Found(text, kind, rows, len(ranked) > offset + limit, reason, f)


def _empty_reason(kind: str, text: str, f: Filters) -> str:
    if kind == "today":
        base = _("Không có hồ sơ nào tiếp nhận trong khoảng ngày đã chọn.") if (f.date_from or f.date_to) \
            else _("Hôm nay chưa tiếp nhận hồ sơ nào.")
    else:
        what = {"code": _("mã hồ sơ"), "digits": _("mã hồ sơ, số điện thoại, số CCCD hoặc mã số thuế"),
                "name": _("họ tên, tên tổ chức, người nộp thay hoặc tên thủ tục")}[kind]
        base = _("Không có hồ sơ nào có {what} khớp với '{text}'.").format(what=what, text=nfc(text))
    if f.active:
        base += " " + _("Đang lọc: {filters} — bỏ bộ lọc để tìm rộng hơn.").format(filters=f.describe())
    return base
