"""Register an incoming dossier: validate, then write dossier + first history row +
outbox event in ONE transaction (the code counter is taken inside it)."""
from __future__ import annotations

import re
import uuid
from datetime import date, datetime

import peewee as pw

from app import audit, catalog, codes, events, outbox, settings
from app.auth import require
from app.calendar import office_calendar
from app.domain import (
    VN_TZ,
    Applicant,
    Channel,
    DocumentReceived,
    Dossier,
    Procedure,
    Role,
    Status,
    User,
    UserError,
    nfc,
    unaccent,
)
from app.dossiers import _applicant, snapshot_fields, to_value
from app.i18n import _
from app.store import to_db, utcnow, write
from app.validation import check_applicant, check_delegate, check_documents, check_moment, check_tax_code
from db import search_index
from db.models import Applicant as ApplicantRow
from db.models import Dossier as DossierRow
from db.models import DossierDocument, StatusHistory
from db.models import Procedure as ProcRow

MAX_DAYS = 365


def new_request_id() -> str:
    """A fresh id for one filled-in counter form (kept across retries of that form)."""
    return uuid.uuid4().hex


def _check_request_id(request_id: str | None) -> str | None:
    if request_id is None or request_id == "":
        return None
    if not isinstance(request_id, str) or not re.fullmatch(r"[A-Za-z0-9._:-]{8,64}", request_id):
        raise UserError(_("Mã yêu cầu (request id) phải gồm 8–64 ký tự chữ, số, '.', '_', ':' hoặc '-'."),
                        "request_id")
    return request_id


def _remember(applicant: Applicant) -> ApplicantRow:
    """The people directory remembers a CCCD's (or an organisation's MST's) latest name, phone
    and address, to suggest them at the counter next time. It never changes what an earlier
    dossier shows: each dossier keeps its own snapshot."""
    row = None
    if applicant.tax_code:
        row = (ApplicantRow.select().where(ApplicantRow.tax_code == applicant.tax_code)
               .order_by(ApplicantRow.id).first())
    elif applicant.id_number:
        row = (ApplicantRow.select().where(ApplicantRow.id_number == applicant.id_number)
               .order_by(ApplicantRow.id).first())
    fields = dict(name=applicant.name, name_key=unaccent(applicant.name),
                  id_number=applicant.id_number, phone=applicant.phone, email=applicant.email,
                  address=applicant.address, birth_date=applicant.birth_date, gender=applicant.gender,
                  kind=applicant.kind, tax_code=applicant.tax_code,
                  representative=applicant.representative,
                  representative_title=applicant.representative_title)
    if row is None:
        return ApplicantRow.create(**fields)
    changed = {k: v for k, v in fields.items() if v not in ("", None) and getattr(row, k) != v}
    if changed:
        ApplicantRow.update(changed).where(ApplicantRow.id == row.id).execute()
    return row


def suggest_applicant(actor: User, id_number: str) -> Applicant | None:
    """What the directory remembers for a CCCD (12 digits) or an organisation's tax code
    (MST, 10 digits or a branch's 10 + '-' + 3) — the last registration's details — or None."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    digits = re.sub(r"\s", "", nfc(id_number or ""))
    if re.fullmatch(r"[0-9]{12}", digits):
        cond = ApplicantRow.id_number == digits
    else:
        try:
            mst = check_tax_code(digits)
        except UserError:
            return None
        if not mst:
            return None
        cond = ApplicantRow.tax_code == mst
    row = ApplicantRow.select().where(cond).order_by(ApplicantRow.id).first()
    return _applicant(row) if row else None


def first_status(channel: Channel) -> Status:
    """At the counter or by post the dossier is received on the spot; online ones start as new."""
    return Status.NEW if channel == Channel.ONLINE else Status.ACCEPTED


def preview_due(procedure_code: str, received_at: datetime | None = None,
                processing_days: int | None = None) -> datetime | None:
    """Due date shown live on the counter screen (None when the procedure has no time)."""
    proc = catalog.get(procedure_code)
    days = processing_days if processing_days is not None else proc.processing_days
    if days is None:
        return None
    return office_calendar().due_at(received_at or utcnow(), days)


def check_procedure(procedure_code: str, processing_days: int | None = None) -> tuple[Procedure, int]:
    """The procedure a dossier may be registered (or corrected) under, and its working days."""
    proc = catalog.get(nfc(procedure_code))
    if not proc.active:
        raise UserError(_("Thủ tục '{code}' đã ngừng áp dụng; chọn thủ tục khác.")
                        .format(code=proc.code), "procedure")
    days = processing_days if processing_days is not None else proc.processing_days
    if days is None:
        raise UserError(_("Thủ tục '{code}' chưa có thời hạn giải quyết: nhập số ngày làm việc hoặc cập "
                          "nhật danh mục.").format(code=proc.code), "processing_days")
    if not 0 <= int(days) <= MAX_DAYS:
        raise UserError(_("Số ngày giải quyết phải từ 0 đến {max}.")
                        .format(max=MAX_DAYS), "processing_days")
    return proc, int(days)


def register(actor: User, *, procedure_code: str, name: str, id_number: str = "",
             phone: str = "", email: str = "", address: str = "", birth_date: date | None = None,
             gender: str = "", channel: str | int | Channel = Channel.COUNTER,
             received_at: datetime | None = None,
             documents: list[DocumentReceived] | tuple = (), note: str = "",
             processing_days: int | None = None, request_id: str | None = None,
             kind: str = "person", tax_code: str = "", representative: str = "",
             representative_title: str = "", delegate_name: str = "", delegate_id_number: str = "",
             delegate_phone: str = "") -> Dossier:
    """`request_id`: the client's id for this submission (one per filled-in form). A retry
    after a lost connection with the same id returns the dossier it created, if it was
    committed, instead of registering the citizen twice.

    `kind` "organisation": `name` is the organisation's, `tax_code` (MST) replaces the CCCD,
    `representative` (and title) is required. `delegate_*`: the person at the counter when it
    is not the applicant (name and CCCD required once any is given)."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    request_id = _check_request_id(request_id)
    if request_id:
        done = DossierRow.get_or_none(DossierRow.request_id == request_id)
        if done is not None:
            return to_value(done, settings.office().tracking_url_template, full=True)
    applicant = check_applicant(name, id_number, phone, email, address, birth_date, gender,
                                kind=kind, tax_code=tax_code, representative=representative,
                                representative_title=representative_title)
    delegate = check_delegate(delegate_name, delegate_id_number, delegate_phone)
    docs = check_documents(documents)
    chan = Channel.parse(channel)
    proc, days = check_procedure(procedure_code, processing_days)
    now = utcnow()
    received = check_moment(received_at, "received_at")
    due = office_calendar().due_at(received, int(days))
    office = settings.office()
    template = office.tracking_url_template
    status = first_status(chan)
    try:
        with write():
            code = codes.next_dossier_code(office.code, received)
            year = received.astimezone(VN_TZ).year
            reg_no = codes.next_register_no(year)
            app_row = _remember(applicant)
            row = DossierRow.create(
                code=code, procedure=ProcRow.get(ProcRow.code == proc.code), applicant=app_row,
                request_id=request_id, **snapshot_fields(applicant, delegate),
                channel=int(chan), received_at=to_db(received), due_at=to_db(due),
                processing_days=int(days), status=int(status), tracking_token=codes.new_token(),
                clerk=actor.username, register_year=year, register_no=reg_no, note=nfc(note),
                updated_at=to_db(now))
            events.dossier_changed(code)
            search_index.index(row)                 # found by name words and tails (0008)
            for pos, d in enumerate(docs):
                DossierDocument.create(dossier=row, name=d.name, originals=d.originals,
                                       copies=d.copies, position=pos)
            StatusHistory.create(dossier=row, at=to_db(received), from_status=None, to_status=int(status),
                                 user=actor.username, note=nfc(note) or "Tiếp nhận hồ sơ", due_at=to_db(due))
            value = to_value(row, template, procedure=proc, full=True)
            outbox.enqueue(value, office.code, received, note=nfc(note), first=True)
            audit.record(actor, "dossier.register", code,
                         {"procedure": proc.code, "status": int(status), "channel": int(chan),
                          "documents": len(docs), "request_id": request_id,
                          "kind": applicant.kind, "delegate": delegate is not None})
    except pw.IntegrityError:
        # the same submission committed meanwhile (a retry racing its own first try)
        done = DossierRow.get_or_none(DossierRow.request_id == request_id) if request_id else None
        if done is None:
            raise
        return to_value(done, template, full=True)
    return value
