"""Hand-over of a dossier to a department (issue 11 §2) and back with the result; the
departments list. These records are the rows of the Phiếu kiểm soát (issue 15).

Roles: reading the list and handing over / receiving back: clerk and up; editing the
departments list: supervisor and up (it is the counter's daily organisation, not a system
setting). Every write to a dossier locks its row (`dossiers.lock`), bumps its version, and
writes one history row, one outbox event and one audit row in the same transaction — one
history row per event, as app/sync/dvcqg_map.py relies on. A hand-over is a history row
4 → 4 without a due date (an apology is 4 → 4 *with* the new due date), or 2 → 4 when the
hand-over starts processing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import peewee as pw

from app import audit, dossiers, outbox, settings, workflow
from app.auth import require
from app.domain import VN_TZ, ConflictError, Dossier, Role, Status, User, UserError, nfc, unaccent
from app.i18n import N_, _
from app.reports.rules import Timeliness, timeliness
from app.store import from_db, to_db, utcnow, write
from app.validation import check_moment, check_text
from db.connection import current
from db.models import Department as DeptRow
from db.models import Dossier as DossierRow
from db.models import Handover as HandoverRow
from db.models import StatusHistory
from db.models import User as UserRow

COUNTER = "Bộ phận tiếp nhận và trả kết quả"       # stored as the giving unit (Vietnamese by law)
MAX_DEPT = 200
MAX_TEXT = 500
CAN_HAND_OVER = (Status.ACCEPTED, Status.PROCESSING)
RESULT_LABELS = {Timeliness.EARLY: N_("Trước hạn"), Timeliness.ON_TIME: N_("Đúng hạn"),
                 Timeliness.LATE: N_("Quá hạn")}
VI_RESULT = {Timeliness.EARLY: "Trước hạn", Timeliness.ON_TIME: "Đúng hạn", Timeliness.LATE: "Quá hạn"}


@dataclass(frozen=True, slots=True)
class Department:
    id: int
    name: str
    active: bool
    version: int
    used: int = 0                    # hand-overs recorded to it


@dataclass(frozen=True, slots=True)
class HandoverRecord:
    """One hand-over: to a department, and (when `received_back_at`) back to the counter."""
    id: int
    dossier_code: str
    from_unit: str
    department: str
    officer: str
    partners: str
    note: str
    handed_by: str
    handed_by_name: str
    handed_at: datetime
    received_back_at: datetime | None = None
    received_back_by: str = ""
    received_back_by_name: str = ""
    result: Timeliness | None = None
    result_note: str = ""
    back_note: str = ""

    @property
    def open(self) -> bool:
        return self.received_back_at is None

    @property
    def result_text(self) -> str:
        """The paper's 'Kết quả' cell: Trước hạn / Đúng hạn / Quá hạn (Vietnamese by law)."""
        return VI_RESULT.get(self.result, "") if self.result else ""


@dataclass(frozen=True, slots=True)
class Handed:
    dossier: Dossier
    record: HandoverRecord


@dataclass(frozen=True, slots=True)
class Overview:
    """What the detail window shows and offers about hand-overs of one dossier."""
    records: tuple[HandoverRecord, ...]
    departments: tuple[Department, ...]      # active ones, to choose from
    can_hand_over: bool
    can_receive_back: bool


# ---- departments ------------------------------------------------------------------------------
def _dept(row: DeptRow, used: int = 0) -> Department:
    return Department(row.id, row.name, bool(row.active), row.version, used)


def _dept_name(name: str) -> str:
    return check_text(name, "name", _("Tên phòng ban"), MAX_DEPT, required=True)


def _taken(name: str, exclude: int | None = None) -> None:
    q = DeptRow.select().where(DeptRow.name_key == unaccent(name))
    if exclude is not None:
        q = q.where(DeptRow.id != exclude)
    other = q.first()
    if other is not None:
        raise UserError(_("Đã có phòng ban '{name}'{state}: chọn tên khác.").format(
            name=other.name, state="" if other.active else _(" (đã ngừng dùng)")), "name")


def _lock_dept(dept_id: int, expected_version: int | None = None) -> DeptRow:
    q = DeptRow.select().where(DeptRow.id == int(dept_id))
    if not isinstance(current(), pw.SqliteDatabase):
        q = q.for_update()
    row = q.first()
    if row is None:
        raise UserError(_("Không có phòng ban số {id}.").format(id=dept_id), "department")
    if expected_version is not None and row.version != int(expected_version):
        raise ConflictError(_("Phòng ban '{name}' vừa được sửa ở máy khác — mở lại danh sách.")
                            .format(name=row.name))
    return row


def _save_dept(row: DeptRow) -> None:
    old = row.version
    n = (DeptRow.update(name=row.name, name_key=row.name_key, active=row.active, version=old + 1,
                        updated_at=to_db(utcnow()))
         .where((DeptRow.id == row.id) & (DeptRow.version == old)).execute())
    if n != 1:
        raise ConflictError(_("Phòng ban '{name}' vừa được sửa ở máy khác — mở lại danh sách.")
                            .format(name=row.name))
    row.version = old + 1


def _duplicate() -> UserError:
    return UserError(_("Tên phòng ban này vừa được thêm ở máy khác: chọn tên khác."), "name")


def departments(actor: User, include_inactive: bool = False) -> list[Department]:
    require(actor, Role.CLERK)
    used = dict(HandoverRow.select(HandoverRow.department, pw.fn.COUNT(HandoverRow.id))
                .group_by(HandoverRow.department).tuples())
    q = DeptRow.select().order_by(DeptRow.active.desc(), DeptRow.name_key)
    if not include_inactive:
        q = q.where(DeptRow.active == True)  # noqa: E712 (peewee expression)
    return [_dept(r, used.get(r.id, 0)) for r in q]


def add_department(actor: User, name: str) -> Department:
    require(actor, Role.SUPERVISOR)
    name = _dept_name(name)
    try:
        with write():
            _taken(name)
            row = DeptRow.create(name=name, name_key=unaccent(name), updated_at=to_db(utcnow()))
            audit.record(actor, "department.add", str(row.id), {"name": name})
    except pw.IntegrityError:
        raise _duplicate() from None
    return _dept(row)


def rename_department(actor: User, dept_id: int, name: str,
                      expected_version: int | None = None) -> Department:
    require(actor, Role.SUPERVISOR)
    name = _dept_name(name)
    try:
        with write():
            row = _lock_dept(dept_id, expected_version)
            old = row.name
            _taken(name, exclude=row.id)
            row.name, row.name_key = name, unaccent(name)
            _save_dept(row)
            audit.record(actor, "department.rename", str(row.id), {"from": old, "to": name})
    except pw.IntegrityError:
        raise _duplicate() from None
    return _dept(row)


def deactivate_department(actor: User, dept_id: int,
                          expected_version: int | None = None) -> str:
    """'deactivated' (it has hand-overs: kept for the papers that name it) or 'deleted'."""
    require(actor, Role.SUPERVISOR)
    with write():
        row = _lock_dept(dept_id, expected_version)
        if HandoverRow.select().where(HandoverRow.department == row).exists():
            row.active = False
            _save_dept(row)
            outcome = "deactivated"
        else:
            row.delete_instance()
            outcome = "deleted"
        audit.record(actor, f"department.{outcome}", str(row.id), {"name": row.name})
    return outcome


def activate_department(actor: User, dept_id: int) -> Department:
    require(actor, Role.SUPERVISOR)
    with write():
        row = _lock_dept(dept_id)
        row.active = True
        _save_dept(row)
        audit.record(actor, "department.activate", str(row.id), {"name": row.name})
    return _dept(row)


def _find_dept(department: int | str) -> DeptRow:
    """By id, or by name (with or without diacritics); shared lock against a deactivation."""
    if isinstance(department, int) or str(department).strip().isdigit():
        q = DeptRow.select().where(DeptRow.id == int(department))
    else:
        q = DeptRow.select().where(DeptRow.name_key == unaccent(str(department)))
    if not isinstance(current(), pw.SqliteDatabase):
        q = q.for_update("FOR SHARE")
    row = q.first()
    if row is None or not row.active:
        names = ", ".join(r.name for r in DeptRow.select().where(DeptRow.active == True)  # noqa: E712
                          .order_by(DeptRow.name_key)) or _("chưa có — thêm trong Cài đặt → Phòng ban")
        raise UserError(_("Không có phòng ban '{dept}' đang dùng. Chọn một trong: {names}.")
                        .format(dept=department, names=names), "department")
    return row


# ---- records ----------------------------------------------------------------------------------
def _dossier_row(code: str) -> DossierRow:
    row = DossierRow.get_or_none(DossierRow.code == nfc(code))
    if row is None:
        raise UserError(_("Không tìm thấy hồ sơ mã '{code}'.").format(code=code), "code")
    return row


def _names(usernames) -> dict[str, str]:
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    return dict(UserRow.select(UserRow.username, UserRow.full_name)
                .where(UserRow.username.in_(list(wanted))).tuples())


def _records(dossier_row) -> list[HandoverRecord]:
    rows = list(HandoverRow.select(HandoverRow, DeptRow).join(DeptRow)
                .where(HandoverRow.dossier == dossier_row)
                .order_by(HandoverRow.handed_at, HandoverRow.id))
    names = _names([r.handed_by for r in rows] + [r.received_back_by for r in rows])
    return [HandoverRecord(
        id=r.id, dossier_code=dossier_row.code, from_unit=r.from_unit, department=r.department.name,
        officer=r.officer, partners=r.partners, note=r.note, handed_by=r.handed_by,
        handed_by_name=names.get(r.handed_by, r.handed_by), handed_at=from_db(r.handed_at),
        received_back_at=from_db(r.received_back_at), received_back_by=r.received_back_by or "",
        received_back_by_name=names.get(r.received_back_by or "", r.received_back_by or ""),
        result=Timeliness(r.result) if r.result else None, result_note=r.result_note,
        back_note=r.back_note)
        for r in rows]


def records(actor: User, code: str) -> list[HandoverRecord]:
    """The hand-overs of one dossier, oldest first (the control slip's rows)."""
    require(actor, Role.CLERK)
    return _records(_dossier_row(code))


def overview(actor: User, code: str) -> Overview:
    require(actor, Role.CLERK)
    row = _dossier_row(code)
    recs = _records(row)
    is_open = bool(recs) and recs[-1].open
    return Overview(records=tuple(recs), departments=tuple(departments(actor)),
                    can_hand_over=Status(row.status) in CAN_HAND_OVER and not is_open,
                    can_receive_back=is_open)


def _open_row(row) -> HandoverRow | None:
    return (HandoverRow.select().where((HandoverRow.dossier == row)
                                       & HandoverRow.received_back_at.is_null()).first())


def _last_history(row) -> StatusHistory:
    return StatusHistory.select().where(StatusHistory.dossier == row).order_by(StatusHistory.id.desc()).get()


def _step(actor: User, row, when: datetime, text: str, action: str, details: dict) -> Dossier:
    """A step that keeps the status (4 → 4): version bump, history, outbox event, audit."""
    status = int(row.status)
    dossiers.save(row)
    StatusHistory.create(dossier=row, at=to_db(when), from_status=status, to_status=status,
                         user=actor.username, note=text)
    office = settings.office()
    value = dossiers.to_value(row, office.tracking_url_template, full=True)
    outbox.enqueue(value, office.code, when, note=text)
    audit.record(actor, action, row.code, {**details, "version": row.version})
    return value


def hand_over(actor: User, code: str, department: int | str, officer: str = "", note: str = "",
              partners: str = "", at: datetime | None = None,
              expected_version: int | None = None) -> Handed:
    """Hand the dossier to a department. From 'Được tiếp nhận' this also starts processing
    (2 → 4) in the same transaction; a dossier at a department must come back first."""
    require(actor, Role.CLERK)
    officer = check_text(officer, "officer", _("Cán bộ nhận"), 150)
    note = check_text(note, "note", _("Ghi chú"), MAX_TEXT)
    partners = check_text(partners, "partners", _("Cơ quan phối hợp"), MAX_TEXT)
    try:
        with write():
            row = dossiers.lock(code, expected_version)
            status = Status(row.status)
            held = _open_row(row)
            if held is not None:
                raise UserError(_("Hồ sơ {code} đang ở {dept} (chuyển lúc {at:%H:%M %d/%m/%Y}): nhận kết "
                                  "quả về trước khi chuyển phòng ban khác.").format(
                    code=row.code, dept=held.department.name, at=from_db(held.handed_at).astimezone(
                        VN_TZ)), "department")
            if status not in CAN_HAND_OVER:
                raise UserError(_("Hồ sơ {code} đang '{status}': chỉ chuyển phòng ban khi hồ sơ được tiếp "
                                  "nhận hoặc đang xử lý.").format(code=row.code, status=status.label),
                                "status")
            dept = _find_dept(department)
            when = check_moment(at, "at", workflow._last_at(row))
            text = f"Chuyển {dept.name}" + (f" (cán bộ nhận: {officer})" if officer else "") \
                + (f": {note}" if note else "")
            details = {"department": dept.name, "officer": officer}
            if status == Status.ACCEPTED:
                value = workflow.change_status(actor, row.code, Status.PROCESSING, text, at=when,
                                               expected_version=row.version)
                audit.record(actor, "dossier.handover", row.code, {**details, "version": value.version})
            else:
                value = _step(actor, row, when, text, "dossier.handover", details)
            HandoverRow.create(dossier=row.id, from_unit=COUNTER, department=dept, officer=officer,
                               partners=partners, note=note, handed_by=actor.username,
                               handed_at=to_db(when), history=_last_history(row))
            record = _records(row)[-1]
    except pw.IntegrityError:            # the one-open index: another counter got there first
        raise ConflictError(_(dossiers.CONFLICT).format(code=code)) from None
    return Handed(value, record)


def receive_back(actor: User, code: str, result: str = "", note: str = "", at: datetime | None = None,
                 expected_version: int | None = None) -> Handed:
    """The department returns the dossier with its result: the result column is trước hạn /
    đúng hạn / quá hạn (day of return against the due date in force); `result` is the
    department's own note on it. The status stays (then 'Có kết quả' as usual)."""
    require(actor, Role.CLERK)
    result = check_text(result, "result", _("Kết quả"), MAX_TEXT)
    note = check_text(note, "note", _("Ghi chú"), MAX_TEXT)
    with write():
        row = dossiers.lock(code, expected_version)
        held = _open_row(row)
        if held is None:
            raise UserError(_("Hồ sơ {code} không ở phòng ban nào: không có gì để nhận về.")
                            .format(code=row.code), "code")
        when = check_moment(at, "at", max(workflow._last_at(row), from_db(held.handed_at)))
        timing = timeliness(when, from_db(row.due_at))
        dept = held.department.name
        text = f"Nhận kết quả từ {dept}: {VI_RESULT[timing]}" + (f". {result}" if result else "") \
            + (f" ({note})" if note else "")
        value = _step(actor, row, when, text, "dossier.handover_back",
                      {"department": dept, "result": int(timing)})
        n = (HandoverRow.update(received_back_at=to_db(when), received_back_by=actor.username,
                                result=int(timing), result_note=result, back_note=note,
                                back_history=_last_history(row))
             .where((HandoverRow.id == held.id) & HandoverRow.received_back_at.is_null()).execute())
        if n != 1:
            raise ConflictError(_(dossiers.CONFLICT).format(code=row.code))
        record = next(r for r in _records(row) if r.id == held.id)
    return Handed(value, record)
