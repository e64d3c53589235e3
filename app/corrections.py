"""Correcting a dossier after registration (issue 11 §2): a typo in the name or phone, the
wrong procedure, the wrong documents.

Who may correct (`person_refusal` → PermissionDenied): the clerk who received the dossier,
on the day of receipt (office time, Asia/Ho_Chi_Minh, by the app's clock `app.store.utcnow`)
— the receipt carries that clerk's name, so a colleague's dossier or an older one goes to a
supervisor; a supervisor or admin any dossier, any day. What (`state_refusal` → UserError):
nothing after a final status (3 refused, 7 withdrawn, 8 stopped, 10 returned); once the result
is ready (9) only the applicant's data — the procedure and documents of a resolved dossier are
history (its timeliness is counted).

One write transaction: the row locked with the caller's version (`dossiers.lock`; a concurrent
change is a ConflictError), the snapshot, name key and search terms, the documents, the people
directory (suggestions), one history row (old → new per field, CCCD and phone masked, then the
reason), an outbox event (`dossier.status_changed` with the status unchanged: the central
contract has no "updated" kind; the DVCQG adapter sends it as DongBoHoSoMC isUpdating=True)
and an audit row (field names only). A new procedure recomputes the due date from the
received time with the work calendar (`registration.preview_due`); `preview` shows it first.

The changeable fields are the table `FIELDS` (name → label → column → validator): new
snapshot columns are one row each."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app import audit, catalog, dossiers, outbox, registration, settings, workflow
from app.auth import require
from app.domain import (
    AMEND_NOTE_PREFIX,
    ORGANISATION,
    PERSON,
    VN_TZ,
    DocumentReceived,
    Dossier,
    EventType,
    PermissionDenied,
    Role,
    Status,
    User,
    UserError,
    nfc,
    unaccent,
)
from app.i18n import N_, _
from app.privacy import mask_id, mask_phone
from app.store import from_db, to_db, utcnow, write
from app.validation import (
    MAX_NAME,
    check_address,
    check_applicant,
    check_birth_date,
    check_delegate,
    check_documents,
    check_email,
    check_gender,
    check_id_number,
    check_phone,
    check_tax_code,
    check_text,
)
from db import search_index
from db.models import DossierDocument, StatusHistory
from db.models import Procedure as ProcRow

S = Status
FINAL = frozenset({S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RETURNED})
APPLICANT_ONLY = frozenset({S.DONE})        # result ready: the procedure and documents stay
MAX_REASON = 500
PROCEDURE, DOCUMENTS = "procedure", "documents"


def _parse_birth(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        t = value.strip()
        try:
            value = (datetime.strptime(t, "%d/%m/%Y") if "/" in t else datetime.fromisoformat(t)).date()
        except ValueError:
            raise UserError(_("Ngày sinh '{text}' không hợp lệ: nhập dạng ngày/tháng/năm, ví dụ 05/03/1990.")
                            .format(text=t), "birth_date") from None
    if not isinstance(value, date):
        raise UserError(_("Ngày sinh không hợp lệ."), "birth_date")
    return check_birth_date(value)


def _load_birth(value) -> date | None:
    if isinstance(value, str) and value:
        return date.fromisoformat(value)
    return value or None


def _plain(value) -> str:
    return str(value) if value not in (None, "") else "(trống)"


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "(trống)"


@dataclass(frozen=True, slots=True)
class EditableField:
    """One changeable applicant field: `check` is the registration's own validator."""
    name: str                                  # key in `changes`, and of app.domain.Applicant
    label: str                                 # msgid (history text keeps the Vietnamese)
    column: str                                # the dossier's snapshot column
    check: Callable[[Any], Any]
    show: Callable[[Any], str] = _plain        # in the history text (masked for CCCD / phone)
    load: Callable[[Any], Any] = lambda v: v   # stored value → the value `check` returns
    kinds: frozenset[str] = frozenset({PERSON, ORGANISATION})   # applicant kinds it applies to


PERSON_ONLY, ORG_ONLY = frozenset({PERSON}), frozenset({ORGANISATION})


def _masked_id(v) -> str:
    return mask_id(v) if v else "(trống)"


def _masked_phone(v) -> str:
    return mask_phone(v) if v else "(trống)"


def _free_text(field: str, label: str):
    return lambda v: check_text(v, field, label, MAX_NAME)


FIELDS: tuple[EditableField, ...] = (
    # the name is checked with the whole applicant (a person's name or an organisation's)
    EditableField("name", N_("Họ tên"), "applicant_name", nfc),
    EditableField("id_number", N_("Số CCCD"), "applicant_id_number", check_id_number, _masked_id,
                  kinds=PERSON_ONLY),
    EditableField("tax_code", N_("Mã số thuế"), "applicant_tax_code", check_tax_code, kinds=ORG_ONLY),
    EditableField("representative", N_("Người đại diện"), "applicant_representative",
                  _free_text("representative", N_("Người đại diện")), kinds=ORG_ONLY),
    EditableField("representative_title", N_("Chức vụ người đại diện"), "applicant_representative_title",
                  _free_text("representative_title", N_("Chức vụ người đại diện")), kinds=ORG_ONLY),
    EditableField("phone", N_("Điện thoại"), "applicant_phone", check_phone, _masked_phone),
    EditableField("email", N_("Thư điện tử"), "applicant_email", check_email),
    EditableField("address", N_("Địa chỉ"), "applicant_address", check_address),
    EditableField("birth_date", N_("Ngày sinh"), "applicant_birth_date", _parse_birth, _day, _load_birth,
                  kinds=PERSON_ONLY),
    EditableField("gender", N_("Giới tính"), "applicant_gender", check_gender, kinds=PERSON_ONLY),
    # người nộp thay: checked together (name and CCCD go with each other)
    EditableField("delegate_name", N_("Họ tên người nộp thay"), "delegate_name", nfc),
    EditableField("delegate_id_number", N_("Số CCCD người nộp thay"), "delegate_id_number",
                  check_id_number, _masked_id),
    EditableField("delegate_phone", N_("Điện thoại người nộp thay"), "delegate_phone", check_phone,
                  _masked_phone),
)
APPLICANT_COLUMNS = frozenset(f.name for f in FIELDS if not f.name.startswith("delegate_"))
BY_NAME = {f.name: f for f in FIELDS}


ORG_NAME_LABEL = N_("Tên tổ chức")


def label_for(f: EditableField, kind: str) -> str:
    """The field's label (msgid) for this applicant kind: an organisation has a name, not a
    'họ tên'."""
    return ORG_NAME_LABEL if f.name == "name" and kind == ORGANISATION else f.label


def fields_for(kind: str) -> tuple[EditableField, ...]:
    """The fields a dossier of this applicant kind shows (a person has no MST, an
    organisation no CCCD, birth date or gender)."""
    return tuple(f for f in FIELDS if (kind or PERSON) in f.kinds)
LABELS = {**{f.name: f.label for f in FIELDS}, PROCEDURE: N_("Thủ tục"), DOCUMENTS: N_("Giấy tờ đã nhận")}


@dataclass(frozen=True, slots=True)
class DuePreview:
    """What a new procedure does to the appointment (None: no change of procedure)."""
    procedure_code: str
    processing_days: int
    old_due: datetime
    new_due: datetime

    @property
    def changes(self) -> bool:
        return self.new_due != self.old_due


@dataclass(frozen=True, slots=True)
class Amendment:
    dossier: Dossier
    fields: tuple[str, ...]        # names of the changed fields (FIELDS names, procedure, documents)
    old_due: datetime

    @property
    def due_changed(self) -> bool:
        return self.dossier.due_at != self.old_due


def state_refusal(status: Status, what: frozenset[str] = frozenset()) -> str:
    """Why a dossier in `status` cannot take these corrections ("" = it can), whoever asks."""
    if status in FINAL:
        return _("Hồ sơ ở trạng thái '{status}': không sửa được thông tin nữa.").format(status=status.label)
    if status in APPLICANT_ONLY and what & {PROCEDURE, DOCUMENTS}:
        return _("Hồ sơ ở trạng thái '{status}': chỉ sửa được thông tin người nộp, không đổi thủ tục "
                 "hay giấy tờ.") \
            .format(status=status.label)
    return ""


def person_refusal(actor: User, clerk: str, received_at: datetime) -> str:
    """Why `actor` may not correct a dossier received by `clerk` at `received_at` ("" = may)."""
    if actor.can(Role.SUPERVISOR):
        return ""
    today = utcnow().astimezone(VN_TZ).date()
    if received_at.astimezone(VN_TZ).date() != today:
        return _("Cán bộ tiếp nhận chỉ sửa được hồ sơ trong ngày tiếp nhận; hồ sơ này nhận ngày "
                 "{day:%d/%m/%Y} — đề nghị lãnh đạo bộ phận sửa.").format(day=received_at.astimezone(VN_TZ))
    if clerk != actor.username:
        return _("Hồ sơ do cán bộ khác tiếp nhận; chỉ người tiếp nhận (hoặc lãnh đạo bộ phận) được sửa.")
    return ""


def can_amend(actor: User, dossier: Dossier) -> bool:
    """Offer the action? (The service decides again when saving.)"""
    require(actor, Role.CLERK)
    return not (state_refusal(dossier.status) or person_refusal(actor, dossier.clerk, dossier.received_at))


def _check_changes(changes: dict) -> tuple[dict, str | None, tuple[DocumentReceived, ...] | None]:
    unknown = set(changes) - set(BY_NAME) - {PROCEDURE, DOCUMENTS}
    if unknown:
        raise UserError(_("Không sửa được mục: {names}.").format(names=", ".join(sorted(unknown))),
                        sorted(unknown)[0])
    values = {name: BY_NAME[name].check(v) for name, v in changes.items() if name in BY_NAME}
    proc = nfc(changes[PROCEDURE]) if changes.get(PROCEDURE) else None
    docs = check_documents(changes[DOCUMENTS]) if changes.get(DOCUMENTS) is not None else None
    return values, proc, docs


def preview(actor: User, code: str, procedure_code: str) -> DuePreview:
    """The due date a change of procedure would give (from the received time, work calendar)."""
    require(actor, Role.CLERK)
    d = dossiers.get(code)
    proc, days = registration.check_procedure(procedure_code)
    new_due = registration.preview_due(proc.code, d.received_at, days)
    assert new_due is not None                  # check_procedure refused a procedure without days
    return DuePreview(proc.code, days, d.due_at, new_due)


def _docs_text(docs) -> str:
    return "; ".join(f"{d.name} ({d.originals} bản chính, {d.copies} bản sao)" for d in docs) or "(trống)"


def amend(actor: User, code: str, changes: dict, reason: str,
          expected_version: int | None = None) -> Amendment:
    """Correct the dossier `code`: `changes` maps FIELDS names (and "procedure": a code,
    "documents": DocumentReceived items, the whole new list) to new values; unchanged values
    may be passed too. `reason` is required. Returns the corrected dossier."""
    require(actor, Role.CLERK)
    reason = check_text(reason, "reason", _("Lý do sửa"), MAX_REASON, required=True)
    values, proc_code, docs = _check_changes(dict(changes or {}))
    new_proc = registration.check_procedure(proc_code) if proc_code else None
    office = settings.office()
    now = utcnow()
    with write():
        row = dossiers.lock(code, expected_version)
        status = Status(row.status)
        received = from_db(row.received_at)
        old_due = from_db(row.due_at)
        old_proc = row.procedure.code
        why = person_refusal(actor, row.clerk, received)
        if why:
            raise PermissionDenied(why)
        why = state_refusal(status)
        if why:
            raise UserError(why, "status")
        parts: list[str] = []
        changed: list[str] = []
        for name, new in values.items():
            f = BY_NAME[name]
            old = f.load(getattr(row, f.column))
            if old != new:
                setattr(row, f.column, new)
                changed.append(name)
                parts.append(f"{label_for(f, row.applicant_kind)}: {f.show(old)} → {f.show(new)}")
        new_due = None
        if new_proc is not None and new_proc[0].code != row.procedure.code:
            proc, days = new_proc
            new_due = registration.preview_due(proc.code, received, days)
            parts.append(f"{LABELS[PROCEDURE]}: {row.procedure.code} → {proc.code}")
            if new_due is not None and new_due != old_due:
                parts[-1] += (f" (hẹn trả {old_due.astimezone(VN_TZ):%H:%M %d/%m/%Y} → "
                              f"{new_due.astimezone(VN_TZ):%H:%M %d/%m/%Y})")
            row.procedure = ProcRow.get(ProcRow.code == proc.code)
            row.processing_days = days
            row.due_at = to_db(new_due)
            changed.append(PROCEDURE)
        old_docs = tuple(DocumentReceived(d.name, d.originals, d.copies)
                         for d in row.documents.order_by(DossierDocument.position))
        if docs is not None and docs != old_docs:
            parts.append(f"{LABELS[DOCUMENTS]}: {_docs_text(old_docs)} → {_docs_text(docs)}")
            changed.append(DOCUMENTS)
        if not changed:
            raise UserError(_("Không có thông tin nào thay đổi — không có gì để lưu."), "changes")
        why = state_refusal(status, frozenset(changed))
        if why:
            raise UserError(why, "status")
        if set(changed) & APPLICANT_COLUMNS:          # the whole applicant, as registration checks it
            a = check_applicant(row.applicant_name, row.applicant_id_number, row.applicant_phone,
                                row.applicant_email, row.applicant_address,
                                _load_birth(row.applicant_birth_date), row.applicant_gender,
                                kind=row.applicant_kind or PERSON, tax_code=row.applicant_tax_code,
                                representative=row.applicant_representative,
                                representative_title=row.applicant_representative_title)
            row.applicant_name = a.name
        if any(n.startswith("delegate_") for n in changed):
            dg = check_delegate(row.delegate_name, row.delegate_id_number, row.delegate_phone)
            row.delegate_name = dg.name if dg else ""
            row.delegate_name_key = unaccent(row.delegate_name)
        if "name" in changed:
            row.applicant_name_key = unaccent(row.applicant_name)
        snapshot = dossiers._snapshot(row)
        row.applicant = registration._remember(snapshot)       # suggestions follow the correction
        dossiers.save(row)
        search_index.index(row)                                 # found by the new name, not the old
        if DOCUMENTS in changed:
            DossierDocument.delete().where(DossierDocument.dossier == row.id).execute()
            for pos, d in enumerate(docs or ()):
                DossierDocument.create(dossier=row, name=d.name, originals=d.originals,
                                       copies=d.copies, position=pos)
        when = max(now, workflow._last_at(row))     # the timeline stays in order
        note = f"{AMEND_NOTE_PREFIX} — " + "; ".join(parts) + f". Lý do: {reason}"
        due_moved = new_due is not None and new_due != old_due
        StatusHistory.create(dossier=row, at=to_db(when), from_status=int(status), to_status=int(status),
                             user=actor.username, note=note, due_at=to_db(new_due) if due_moved else None)
        proc_value = catalog.to_value(row.procedure)
        value = dossiers.to_value(row, office.tracking_url_template, procedure=proc_value, full=True)
        outbox.enqueue(value, office.code, when, note=note, etype=EventType.STATUS_CHANGED)
        details: dict = {"fields": changed, "version": row.version}
        if PROCEDURE in changed:
            details["procedure"] = [old_proc, proc_value.code]
        audit.record(actor, "dossier.amend", row.code, details)
    return Amendment(value, tuple(changed), old_due)
