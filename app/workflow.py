"""Status workflow (national numbering), apologies with a new due date, supplements."""
from __future__ import annotations

from datetime import datetime

from app import audit, dossiers, outbox, rules, settings
from app.auth import require
from app.calendar import office_calendar
from app.domain import AMEND_NOTE_PREFIX, VN_TZ, Dossier, Role, Status, User, UserError, nfc
from app.dossiers import to_value
from app.i18n import N_, _
from app.reports import index as reports_index
from app.store import from_db, to_db, utcnow, write
from app.validation import check_moment, check_moment_range
from db.models import Dossier as DossierRow
from db.models import StatusHistory

S = Status
TRANSITIONS: dict[Status, frozenset[Status]] = {
    S.NEW: frozenset({S.ACCEPTED, S.REFUSED, S.SUPPLEMENT, S.WITHDRAWN}),
    # 2→3: refused at the counter
    S.ACCEPTED: frozenset({S.PROCESSING, S.REFUSED, S.SUPPLEMENT, S.WITHDRAWN}),
    S.PROCESSING: frozenset({S.SUPPLEMENT, S.FINANCIAL, S.WITHDRAWN, S.STOPPED, S.DONE}),
    S.SUPPLEMENT: frozenset({S.PROCESSING, S.WITHDRAWN, S.STOPPED}),
    S.FINANCIAL: frozenset({S.PROCESSING, S.WITHDRAWN, S.STOPPED}),
    S.DONE: frozenset({S.RETURNED}),
    S.REFUSED: frozenset(), S.WITHDRAWN: frozenset(), S.STOPPED: frozenset(), S.RETURNED: frozenset(),
}
SUPERVISOR_ONLY = frozenset({S.STOPPED})
NOTE_REQUIRED = {S.REFUSED: N_("lý do từ chối"), S.SUPPLEMENT: N_("nội dung cần bổ sung"),
                 S.STOPPED: N_("lý do dừng xử lý")}

# What the confirmation asks for, where it is not just "Ghi chú (không bắt buộc)".
NOTE_PROMPTS = {S.REFUSED: N_("Lý do từ chối tiếp nhận (in trên Mẫu 03):"),
                S.STOPPED: N_("Lý do dừng xử lý:"),
                S.WITHDRAWN: N_("Ghi chú việc công dân rút hồ sơ (không bắt buộc):"),
                S.FINANCIAL: N_("Nghĩa vụ tài chính phải thực hiện (không bắt buộc):")}


def note_prompt(status: Status) -> tuple[str, bool]:
    """(the note field's prompt, whether a note is required) for a step to `status`: the one
    rule behind both the confirmation dialog and change_status' refusal of an empty note."""
    status = Status(status)
    required = status in NOTE_REQUIRED
    if status in NOTE_PROMPTS:
        return _(NOTE_PROMPTS[status]), required
    if required:
        return _("Ghi chú ({what}, bắt buộc):").format(what=_(NOTE_REQUIRED[status])), True
    return _("Ghi chú (không bắt buộc):"), False


# Human names for the actions a screen offers (same order as the workflow).
ACTION_LABELS = {
    S.ACCEPTED: N_("Tiếp nhận"), S.REFUSED: N_("Từ chối tiếp nhận"), S.PROCESSING: N_("Chuyển xử lý"),
    S.SUPPLEMENT: N_("Yêu cầu bổ sung"), S.FINANCIAL: N_("Yêu cầu nghĩa vụ tài chính"),
    S.WITHDRAWN: N_("Công dân rút hồ sơ"), S.STOPPED: N_("Dừng xử lý"), S.DONE: N_("Có kết quả"),
    S.RETURNED: N_("Trả kết quả"),
}


def apologies(row):
    """The history rows of a dossier that are apologies. An apology keeps the status and moves
    the due date; a hand-over (app/handover.py) keeps the status without one; a correction
    (app/corrections.py) is marked by its note."""
    H = StatusHistory
    return H.select().where((H.dossier == row) & (H.from_status == H.to_status) & H.due_at.is_null(False)
                            & ~H.note.startswith(AMEND_NOTE_PREFIX))


def allowed(current: Status, actor: User | None = None) -> list[Status]:
    nxt = sorted(TRANSITIONS[current])
    if actor is not None and not actor.can(Role.SUPERVISOR):
        nxt = [s for s in nxt if s not in SUPERVISOR_ONLY]
    return nxt


def _last_at(row: DossierRow) -> datetime:
    last = (StatusHistory.select(StatusHistory.at).where(StatusHistory.dossier == row)
            .order_by(StatusHistory.at.desc()).limit(1).scalar())
    return from_db(last) or from_db(row.received_at)


def change_status(actor: User, code: str, to_status: int | Status, note: str = "",
                  at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Move a dossier along the workflow. The row is locked for the whole transaction;
    `expected_version` (the version the caller showed) turns a concurrent change into a
    ConflictError instead of a step taken from a state the caller never saw."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    try:
        target = Status(int(to_status))
    except (TypeError, ValueError):
        raise UserError(_("Trạng thái phải là số từ 1 đến 10."), "status") from None
    note = nfc(note)
    if target in NOTE_REQUIRED and not note:
        raise UserError(_("Cần ghi {what}.").format(what=_(NOTE_REQUIRED[target])), "note")
    if target in SUPERVISOR_ONLY:
        require(actor, Role.SUPERVISOR)
    office = settings.office()
    template = office.tracking_url_template
    with write():
        row = dossiers.lock(code, expected_version)
        current = Status(row.status)
        if target not in TRANSITIONS[current]:
            nxt = ", ".join(f"{int(s)} {s.label}" for s in allowed(current)) or _("không có (đã kết thúc)")
            raise UserError(_("Không thể chuyển hồ sơ {code} từ '{current}' sang '{target}'. Bước tiếp theo "
                              "hợp lệ: {nxt}.")
                            .format(code=row.code, current=current.label, target=target.label, nxt=nxt),
                            "status")
        when = check_moment(at, "at", _last_at(row))
        new_due = None
        if target == S.SUPPLEMENT:
            row.paused_at = to_db(when)              # the clock stops until the supplement arrives
        elif current == S.SUPPLEMENT and target == S.PROCESSING:
            # supplement received: a full processing time counted again from that day
            new_due = office_calendar().due_at(when, row.processing_days)
            row.due_at = to_db(new_due)
            row.paused_at = None
        row.status = int(target)
        row.updated_at = to_db(when)                 # time of the last status change
        reports_index.on_status_change(row, target, when)   # reports: finished_at, timeliness
        dossiers.save(row)
        StatusHistory.create(dossier=row, at=to_db(when), from_status=int(current),
                             to_status=int(target), user=actor.username, note=note,
                             due_at=to_db(new_due))
        value = to_value(row, template, full=True)
        outbox.enqueue(value, office.code, when, note=note)
        audit.record(actor, "dossier.status", row.code,
                     {"from": int(current), "to": int(target), "version": row.version})
    return value


def apologize(actor: User, code: str, new_due: datetime, reason: str,
              at: datetime | None = None, expected_version: int | None = None) -> Dossier:
    """Late handling (NĐ 61/2018, amended): one written apology with a new due date (Mẫu 05)."""
    require(actor, Role.SUPERVISOR)
    reason = nfc(reason)
    if not reason:
        raise UserError(_("Cần ghi lý do chậm trễ."), "reason")
    if not isinstance(new_due, datetime):
        raise UserError(_("Cần chọn ngày hẹn trả mới."), "new_due")
    if new_due.tzinfo is None:
        new_due = new_due.replace(tzinfo=VN_TZ)
    new_due = check_moment_range(new_due, "new_due")
    office = settings.office()
    with write():
        row = dossiers.lock(code, expected_version)
        status = Status(row.status)
        if status.final or status in (S.DONE,):
            raise UserError(_("Hồ sơ {code} ở trạng thái '{status}': không cần xin lỗi hẹn lại.")
                            .format(code=row.code, status=status.label))
        allowed_n = rules.one_stop(from_db(row.received_at).astimezone(VN_TZ).date()).apologies_allowed
        used = apologies(row).count()
        if used >= allowed_n:
            raise UserError(_("Hồ sơ {code} đã có phiếu xin lỗi và hẹn lại {used} lần; không được hẹn lại "
                              "lần nữa.").format(code=row.code, used=used))
        old_due = from_db(row.due_at)
        if new_due <= old_due:
            raise UserError(_("Ngày hẹn mới phải sau ngày hẹn cũ ({old_due:%d/%m/%Y}).")
                            .format(old_due=old_due.astimezone(VN_TZ)), "new_due")
        when = check_moment(at, "at", _last_at(row))
        row.due_at = to_db(new_due)
        row.apology_used = True
        row.updated_at = to_db(utcnow())
        dossiers.save(row)
        text = f"Xin lỗi, hẹn lại ngày trả kết quả {new_due.astimezone(VN_TZ):%d/%m/%Y}: {reason}"
        StatusHistory.create(dossier=row, at=to_db(when), from_status=int(status), to_status=int(status),
                             user=actor.username, note=text, due_at=to_db(new_due))
        value = to_value(row, office.tracking_url_template, full=True)
        outbox.enqueue(value, office.code, when, note=text)
        audit.record(actor, "dossier.apology", row.code,
                     {"old_due": old_due.isoformat(), "new_due": new_due.isoformat(),
                      "version": row.version})
    return value
