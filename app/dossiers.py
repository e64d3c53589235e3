"""Reading dossiers: one dossier with its history, search, receipts, the register book."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import peewee as pw

from app import catalog, codes, events, settings
from app.domain import (
    PERSON,
    VN_TZ,
    Applicant,
    Channel,
    ConflictError,
    Delegate,
    DocumentReceived,
    Dossier,
    HistoryEntry,
    Procedure,
    Receipt,
    Status,
    UserError,
    nfc,
    unaccent,
)
from app.i18n import N_, _
from app.store import from_db, to_db
from app.validation import normalize_phone
from db.connection import current
from db.models import Applicant as ApplicantRow
from db.models import Dossier as DossierRow
from db.models import DossierDocument, StatusHistory
from db.models import Field as FieldRow
from db.models import Procedure as ProcRow
from db.models import User as UserRow

MAX_LIMIT = 500


def _birth(bd) -> date | None:
    if isinstance(bd, str) and bd:
        bd = date.fromisoformat(bd)
    return bd or None


def _applicant(row: ApplicantRow) -> Applicant:
    """A people-directory row (suggestions at the counter)."""
    return Applicant(name=row.name, id_number=row.id_number, phone=row.phone, email=row.email,
                     address=row.address, birth_date=_birth(row.birth_date), gender=row.gender,
                     kind=row.kind or PERSON, tax_code=row.tax_code,
                     representative=row.representative,
                     representative_title=row.representative_title)


def _snapshot(row: DossierRow) -> Applicant:
    """The applicant exactly as registered on this dossier (never rewritten later)."""
    return Applicant(name=row.applicant_name, id_number=row.applicant_id_number,
                     phone=row.applicant_phone, email=row.applicant_email,
                     address=row.applicant_address, birth_date=_birth(row.applicant_birth_date),
                     gender=row.applicant_gender, kind=row.applicant_kind or PERSON,
                     tax_code=row.applicant_tax_code,
                     representative=row.applicant_representative,
                     representative_title=row.applicant_representative_title)


def _delegate(name: str, id_number: str, phone: str) -> Delegate | None:
    return Delegate(name, id_number or "", phone or "") if name else None


def snapshot_fields(a: Applicant, delegate: Delegate | None = None) -> dict:
    """Dossier columns holding the applicant snapshot and the delegate."""
    dl = delegate or Delegate("")
    return dict(applicant_name=a.name, applicant_name_key=unaccent(a.name),
                applicant_id_number=a.id_number, applicant_phone=a.phone, applicant_email=a.email,
                applicant_address=a.address, applicant_birth_date=a.birth_date,
                applicant_gender=a.gender, applicant_kind=a.kind, applicant_tax_code=a.tax_code,
                applicant_representative=a.representative,
                applicant_representative_title=a.representative_title,
                delegate_name=dl.name, delegate_name_key=unaccent(dl.name),
                delegate_id_number=dl.id_number, delegate_phone=dl.phone)


def to_value(row: DossierRow, template: str, procedure=None, full: bool = False) -> Dossier:
    """Build the domain value. `full` also loads documents and history (one dossier)."""
    docs: tuple = ()
    history: tuple = ()
    clerk_name = ""
    if full:
        clerk_name = UserRow.select(UserRow.full_name).where(UserRow.username == row.clerk).scalar() or ""
        docs = tuple(DocumentReceived(d.name, d.originals, d.copies)
                     for d in row.documents.order_by(DossierDocument.position))
        history = tuple(
            HistoryEntry(at=from_db(h.at), from_status=Status(h.from_status) if h.from_status else None,
                         to_status=Status(h.to_status), user=h.user, note=h.note,
                         due_at=from_db(h.due_at))
            for h in row.history.order_by(StatusHistory.at, StatusHistory.id))
    return Dossier(
        code=row.code, procedure=procedure or catalog.to_value(row.procedure),
        applicant=_snapshot(row), channel=Channel(row.channel),
        received_at=from_db(row.received_at), due_at=from_db(row.due_at), status=Status(row.status),
        tracking_url=codes.tracking_url(template, row.code, row.tracking_token), clerk=row.clerk,
        register_no=row.register_no, documents=docs, note=row.note, history=history,
        apology_used=row.apology_used, updated_at=from_db(row.updated_at), clerk_name=clerk_name,
        version=row.version, processing_days=row.processing_days,
        delegate=_delegate(row.delegate_name, row.delegate_id_number, row.delegate_phone))


def _row(code: str) -> DossierRow:
    row = DossierRow.get_or_none(DossierRow.code == nfc(code))
    if row is None:
        raise UserError(_("Không tìm thấy hồ sơ mã '{code}'.").format(code=code), "code")
    return row


CONFLICT = N_("Hồ sơ {code} vừa được cập nhật ở quầy khác — mở lại để xem trạng thái mới.")


def lock(code: str, expected_version: int | None = None) -> DossierRow:
    """The dossier row for a write, inside the caller's write transaction: locked on
    PostgreSQL (SELECT … FOR UPDATE; SQLite's BEGIN IMMEDIATE already serialises writers).
    With `expected_version` (the version the caller showed), a newer row is a conflict."""
    query = DossierRow.select().where(DossierRow.code == nfc(code))
    if not isinstance(current(), pw.SqliteDatabase):
        query = query.for_update()
    row = query.first()
    if row is None:
        raise UserError(_("Không tìm thấy hồ sơ mã '{code}'.").format(code=code), "code")
    if expected_version is not None and row.version != int(expected_version):
        raise ConflictError(_(CONFLICT).format(code=row.code))
    return row


def save(row: DossierRow) -> None:
    """Write a locked row back, bumping its version; the UPDATE checks the version it read,
    so even a writer that skipped the lock cannot overwrite a newer change unnoticed."""
    old = row.version
    data = {f: getattr(row, f.name) for f in DossierRow._meta.sorted_fields
            if f.name not in ("id", "version")}
    data[DossierRow.version] = old + 1
    n = DossierRow.update(data).where((DossierRow.id == row.id) & (DossierRow.version == old)).execute()
    if n != 1:
        raise ConflictError(_(CONFLICT).format(code=row.code))
    row.version = old + 1
    events.dossier_changed(row.code)          # delivered after the caller's commit


def get(code: str) -> Dossier:
    return to_value(_row(code), settings.get("tracking.url_template"), full=True)


def by_tracking_url(text: str) -> Dossier:
    """A scanned receipt QR opens its dossier (the token must match)."""
    parsed = codes.parse_tracking_url(text)
    if not parsed:
        raise UserError(_("Mã QR không phải địa chỉ tra cứu hồ sơ."))
    code, token = parsed
    row = _row(code)
    if token and token != row.tracking_token:
        raise UserError(_("Mã QR không khớp với hồ sơ (mã tra cứu sai)."))
    return to_value(row, settings.get("tracking.url_template"), full=True)


def receipt(code: str) -> Receipt:
    d = get(code)
    return Receipt(office=settings.office(), dossier=d, fee_vnd=d.procedure.fee_vnd)


def _listing(condition, order, limit: int, offset: int = 0) -> list[Dossier]:
    """Dossiers (with applicant, procedure, field joined) matching a condition."""
    template = settings.get("tracking.url_template")
    q = (DossierRow.select(DossierRow, ProcRow, FieldRow)
         .join_from(DossierRow, ProcRow).join_from(ProcRow, FieldRow)
         .where(condition).order_by(*order))
    out: list[Dossier] = []
    procs: dict[int, Procedure] = {}
    for row in q.limit(min(limit, MAX_LIMIT)).offset(offset):
        proc = procs.get(row.procedure.id)
        if proc is None:        # a page shows few procedures: build each value once
            proc = procs[row.procedure.id] = catalog.to_value(row.procedure, row.procedure.field.name)
        out.append(to_value(row, template, procedure=proc))
    return out


def _prefix_range(column, prefix: str):
    return (column >= prefix) & (column < prefix + "\uffff")


def classify(text: str) -> tuple[str, str]:
    """What the clerk typed: ('url'|'code'|'id'|'phone'|'name', normalised value)."""
    t = nfc(text)
    if t.startswith(("http://", "https://")):
        return "url", t
    if codes.looks_like_code(t) or re.fullmatch(r"[0-9A-Za-z.]+-\d{6}(-\d{0,4})?", t):
        return "code", t
    digits = re.sub(r"[\s.\-]", "", t)
    if re.fullmatch(r"\d{12}", digits):
        return "id", digits
    phone = normalize_phone(t)
    if re.fullmatch(r"0\d{9}", phone):
        return "phone", phone
    return "name", unaccent(t)


def search(text: str, limit: int = 50, offset: int = 0) -> list[Dossier]:
    """Find by code (or its prefix), tracking URL, CCCD, phone, or name with or without
    diacritics (prefix of the unaccented name). Newest first; every branch uses an index."""
    kind, value = classify(text)
    if not value:
        raise UserError(_("Nhập mã hồ sơ, họ tên, số điện thoại hoặc số CCCD để tìm."))
    if kind == "url":
        parsed = codes.parse_tracking_url(value)
        if not parsed:
            return []
        cond, order = DossierRow.code == parsed[0], [DossierRow.id.desc()]
    elif kind == "code":
        cond, order = _prefix_range(DossierRow.code, value), [DossierRow.code.desc()]
    elif kind in ("id", "phone"):
        column = DossierRow.applicant_id_number if kind == "id" else DossierRow.applicant_phone
        cond, order = column == value, [DossierRow.id.desc()]
    else:
        cond = _prefix_range(DossierRow.applicant_name_key, value)
        order = [DossierRow.applicant_name_key, DossierRow.id.desc()]
    return _listing(cond, order, limit, offset)


def local_day_bounds(d_from: date, d_to: date) -> tuple[datetime, datetime]:
    start = datetime.combine(d_from, time.min, VN_TZ)
    end = datetime.combine(d_to + timedelta(days=1), time.min, VN_TZ)
    return start, end


REGISTER_PAGE = 2000


def register_book(date_from: date, date_to: date, *, limit: int = 50000) -> list[Dossier]:
    """Dossiers received in [date_from, date_to] (local days), in register order (Sổ theo dõi),
    each with its history. One query per page of REGISTER_PAGE dossiers (dossier columns and
    their history rows in one LEFT JOIN, keyset-paged on the id) plus one catalog query —
    never a query per row: a year's book of 20,000 dossiers reads in about a second."""
    if date_to < date_from:
        raise UserError(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
    start, end = local_day_bounds(date_from, date_to)
    procs = {r.id: catalog.to_value(r, r.field_name) for r in
             ProcRow.select(ProcRow, FieldRow.name.alias("field_name")).join(FieldRow).objects()}
    names = dict(UserRow.select(UserRow.username, UserRow.full_name).tuples())
    template = settings.get("tracking.url_template")
    D, H = DossierRow, StatusHistory
    cols = (D.id, D.code, D.procedure, D.applicant_name, D.applicant_id_number, D.applicant_phone,
            D.applicant_email, D.applicant_address, D.applicant_birth_date, D.applicant_gender,
            D.channel, D.received_at, D.due_at, D.status, D.tracking_token, D.clerk, D.register_no,
            D.note, D.apology_used, D.updated_at, D.version,
            H.at, H.from_status, H.to_status, H.user, H.note, H.due_at, H.id,
            D.applicant_kind, D.applicant_tax_code, D.applicant_representative,
            D.applicant_representative_title, D.delegate_name, D.delegate_id_number, D.delegate_phone)
    in_range = (D.received_at >= to_db(start)) & (D.received_at < to_db(end))
    out: list[Dossier] = []
    last_id = 0
    while len(out) < limit:
        page = (D.select(D.id).where(in_range & (D.id > last_id)).order_by(D.id)
                .limit(min(REGISTER_PAGE, limit - len(out))))
        rows = (D.select(*cols).join(H, pw.JOIN.LEFT_OUTER, on=(H.dossier == D.id))
                .where(D.id.in_(page)).order_by(D.id, H.at, H.id).tuples())
        current_id, head, n = None, None, 0
        hist: list[HistoryEntry] = []
        for r in rows:
            if r[0] != current_id:
                if head is not None:
                    out.append(_book_value(head, hist, procs, names, template))
                current_id, head, n = r[0], r, n + 1
                hist = []
            if r[21] is not None:
                hist.append(HistoryEntry(at=from_db(r[21]), from_status=Status(r[22]) if r[22] else None,
                                         to_status=Status(r[23]), user=r[24], note=r[25],
                                         due_at=from_db(r[26])))
        if head is not None:
            out.append(_book_value(head, hist, procs, names, template))
            last_id = head[0]
        if n < REGISTER_PAGE:
            break
    out.sort(key=lambda d: (d.received_local.year, d.register_no, d.code))
    return out


def _book_value(r, hist, procs, names, template) -> Dossier:
    return Dossier(
        code=r[1], procedure=procs[r[2]],
        applicant=Applicant(name=r[3], id_number=r[4], phone=r[5], email=r[6], address=r[7],
                            birth_date=_birth(r[8]), gender=r[9], kind=r[28] or PERSON,
                            tax_code=r[29], representative=r[30], representative_title=r[31]),
        channel=Channel(r[10]), received_at=from_db(r[11]), due_at=from_db(r[12]), status=Status(r[13]),
        tracking_url=codes.tracking_url(template, r[1], r[14]), clerk=r[15], register_no=r[16],
        note=r[17], history=tuple(hist), apology_used=bool(r[18]), updated_at=from_db(r[19]),
        clerk_name=names.get(r[15], ""), version=r[20], delegate=_delegate(r[32], r[33], r[34]))


def register_year(year: int) -> list[Dossier]:
    """The book of one calendar year (local days 1/1 … 31/12)."""
    return register_book(date(year, 1, 1), date(year, 12, 31))


def list_where(condition, order, limit: int = 200, offset: int = 0) -> list[Dossier]:
    """Used by reports: dossiers matching a peewee condition (internal to app)."""
    return _listing(condition, order, limit, offset)


def count_all() -> int:
    return DossierRow.select(pw.fn.COUNT(DossierRow.id)).scalar()


