"""Register an incoming dossier: validate, then write dossier + first history row +
outbox event in ONE transaction (the code counter is taken inside it)."""
from __future__ import annotations

from datetime import date, datetime

from app import catalog, codes, outbox, settings
from app.auth import require
from app.calendar import office_calendar
from app.domain import (VN_TZ, Channel, DocumentReceived, Dossier, Role, Status, User,
                        UserError, nfc, unaccent)
from app.dossiers import to_value
from app.i18n import _
from app.store import to_db, utcnow, write
from app.validation import check_applicant, check_documents, check_moment
from db.models import Applicant as ApplicantRow
from db.models import Dossier as DossierRow
from db.models import DossierDocument, StatusHistory
from db.models import Procedure as ProcRow

MAX_DAYS = 365


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


def register(actor: User, *, procedure_code: str, name: str, id_number: str = "",
             phone: str = "", email: str = "", address: str = "", birth_date: date | None = None,
             gender: str = "", channel: str | int | Channel = Channel.COUNTER,
             received_at: datetime | None = None,
             documents: list[DocumentReceived] | tuple = (), note: str = "",
             processing_days: int | None = None) -> Dossier:
    require(actor, Role.CLERK, Role.SUPERVISOR)
    applicant = check_applicant(name, id_number, phone, email, address, birth_date, gender)
    docs = check_documents(documents)
    chan = Channel.parse(channel)
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
    now = utcnow()
    received = check_moment(received_at, "received_at")
    due = office_calendar().due_at(received, int(days))
    office = settings.office()
    template = office.tracking_url_template
    status = first_status(chan)
    with write():
        code = codes.next_dossier_code(office.code, received)
        year = received.astimezone(VN_TZ).year
        reg_no = codes.next_register_no(year)
        app_row = None
        if applicant.id_number:
            app_row = ApplicantRow.get_or_none(ApplicantRow.id_number == applicant.id_number)
        fields = dict(name=applicant.name, name_key=unaccent(applicant.name),
                      id_number=applicant.id_number, phone=applicant.phone, email=applicant.email,
                      address=applicant.address, birth_date=applicant.birth_date,
                      gender=applicant.gender)
        if app_row is None:
            app_row = ApplicantRow.create(**fields)
        else:
            for k, v in fields.items():
                if v not in ("", None):
                    setattr(app_row, k, v)
            app_row.save()
        row = DossierRow.create(
            code=code, procedure=ProcRow.get(ProcRow.code == proc.code), applicant=app_row,
            channel=int(chan), received_at=to_db(received), due_at=to_db(due),
            processing_days=int(days), status=int(status), tracking_token=codes.new_token(),
            clerk=actor.username, register_year=year, register_no=reg_no, note=nfc(note),
            updated_at=to_db(now))
        for pos, d in enumerate(docs):
            DossierDocument.create(dossier=row, name=d.name, originals=d.originals,
                                   copies=d.copies, position=pos)
        StatusHistory.create(dossier=row, at=to_db(received), from_status=None, to_status=int(status),
                             user=actor.username, note=nfc(note) or "Tiếp nhận hồ sơ", due_at=to_db(due))
        value = to_value(row, template, procedure=proc, full=True)
        outbox.enqueue(value, office.code, received, note=nfc(note), first=True)
    return value
