"""Persisted sync state and the status the clerk sees.

Stored in the `setting` table under keys prefixed `sync.` (written directly through
db.models.Setting — they are not office settings): last success/error, online flag,
and the fingerprint of a URL+token the server refused (401/403).  Counts come from
the outbox rows themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app import events, outbox
from app.auth import require
from app.domain import OutboxState, Role, User, UserError
from app.i18n import N_, _
from app.store import from_db, to_db, utcnow, write
from db.models import OutboxEvent as OutboxRow
from db.models import Setting

LAST_SUCCESS = "sync.last_success_at"
LAST_ERROR = "sync.last_error"
LAST_ERROR_AT = "sync.last_error_at"
ONLINE = "sync.online"
CHECKED_AT = "sync.checked_at"
TOKEN_INVALID = "sync.token_invalid"
STALE = timedelta(minutes=15)       # no contact for this long: online is unknown (None)

NOT_CONFIGURED = N_("Chưa đặt địa chỉ dịch vụ thông báo trung tâm (config set central.url URL); "
                    "sự kiện được giữ trong hàng đợi.")
NO_TOKEN = N_("Chưa có mã truy cập dịch vụ trung tâm (token set); sự kiện được giữ trong hàng đợi.")
DVCQG_NOT_CONFIGURED = N_("Chưa đặt địa chỉ cổng kết nối DVCQG (config set dvcqg.url URL); sự kiện "
                          "được giữ trong hàng đợi.")
DVCQG_NO_PASSWORD = N_("Chưa có mật khẩu cổng DVCQG (token set --for dvcqg, hoặc biến môi trường "
                       "MOTCUA_DVCQG_PASSWORD); sự kiện được giữ trong hàng đợi.")


@dataclass(frozen=True, slots=True)
class SyncStatus:
    online: bool | None              # None: unknown (never tried, or no recent contact)
    pending: int
    delivered: int
    failed: int
    last_error: str
    last_success_at: datetime | None
    token_invalid: bool
    configured: bool = True          # central.url set and a token available
    last_error_at: datetime | None = None

    @property
    def label(self) -> str:
        """One short line for a status bar (in the interface language)."""
        if not self.configured:
            head = _("Chưa cấu hình đồng bộ")
        elif self.token_invalid:
            head = _("Mã truy cập không hợp lệ")
        elif self.online is None:
            head = _("Chưa kết nối")
        else:
            head = _("Trực tuyến") if self.online else _("Ngoại tuyến")
        tail = " · " + _("{n} chờ gửi").format(n=self.pending)
        if self.failed:
            tail += " · " + _("{n} lỗi").format(n=self.failed)
        return head + tail


def get_values(prefix: str = "sync.") -> dict[str, str]:
    return {r.key: r.value for r in Setting.select().where(Setting.key.startswith(prefix))}


def get_value(key: str, default: str = "") -> str:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row is not None else default


def put_values(values: dict[str, str]) -> None:
    """Upsert `sync.*` rows; call inside a write transaction (or let it open one)."""
    for key, value in values.items():
        if not key.startswith("sync."):
            raise ValueError(key)
        Setting.insert(key=key, value=value).on_conflict(
            conflict_target=[Setting.key], update={Setting.value: value}).execute()


def set_value(key: str, value: str) -> None:
    with write():
        put_values({key: value})


def _iso(dt: datetime) -> str:
    return to_db(dt).isoformat()


def contact_values(online: bool, success: bool, error: str | None) -> dict[str, str]:
    now = _iso(utcnow())
    out = {ONLINE: "true" if online else "false", CHECKED_AT: now}
    if success:
        out[LAST_SUCCESS] = now
    if error:
        out[LAST_ERROR] = error[:1000]
        out[LAST_ERROR_AT] = now
    return out


def status(cfg=None) -> SyncStatus:
    """Counts and health for the clerk's status bar (one GROUP BY and one small read;
    call it from a worker thread in the GUI, or use the SyncWorker listener)."""
    from app.sync import config as sync_config
    cfg = cfg or sync_config.load()
    vals = get_values()
    c = outbox.counts()
    checked = from_db(vals.get(CHECKED_AT))
    online = None
    if checked is not None and utcnow() - checked < STALE and ONLINE in vals:
        online = vals[ONLINE] == "true"
    invalid = bool(vals.get(TOKEN_INVALID)) and vals.get(TOKEN_INVALID) == cfg.fingerprint
    error = vals.get(LAST_ERROR, "")
    configured = cfg.configured and bool(cfg.token)
    portal = getattr(cfg, "adapter", "") == "dvcqg"
    if not cfg.configured:
        error = _(DVCQG_NOT_CONFIGURED if portal else NOT_CONFIGURED)
    elif not cfg.token:
        error = _(DVCQG_NO_PASSWORD if portal else NO_TOKEN)
    return SyncStatus(online=online, pending=c.get("pending", 0), delivered=c.get("delivered", 0),
                      failed=c.get("failed", 0), last_error=error,
                      last_success_at=from_db(vals.get(LAST_SUCCESS)), token_invalid=invalid,
                      configured=configured, last_error_at=from_db(vals.get(LAST_ERROR_AT)))


def _find(event_ref: str | int) -> OutboxRow:
    ref = str(event_ref).strip()
    row = None
    if ref.isdigit():
        row = OutboxRow.get_or_none(OutboxRow.id == int(ref))
    if row is None:
        row = OutboxRow.get_or_none(OutboxRow.event_id == ref)
    if row is None:
        raise UserError(_("Không có sự kiện '{ref}' trong hàng đợi.").format(ref=ref))
    return row


def retry(event_ref: str | int | None = None, actor: User | None = None) -> int:
    """Put failed events back in the queue (one by id/event_id, or all), send now.
    Retrying all also clears a remembered 401/403 so sending resumes.  Returns how many
    events were re-queued.  A supervisor's action: `actor` is required and checked."""
    actor = require(actor, Role.SUPERVISOR)
    reset = {OutboxRow.state: OutboxState.PENDING.value, OutboxRow.next_attempt_at: None,
             OutboxRow.lease_owner: None, OutboxRow.lease_until: None}
    with write():
        if event_ref is not None:
            row = _find(event_ref)
            if row.state == OutboxState.DELIVERED.value:
                raise UserError(_("Sự kiện {event} đã được gửi, không cần gửi lại.").format(event=row.id))
            n = OutboxRow.update(reset).where(OutboxRow.id == row.id).execute()
        else:
            n = (OutboxRow.update(reset)
                 .where(OutboxRow.state == OutboxState.FAILED.value).execute())
            OutboxRow.update({OutboxRow.next_attempt_at: None}).where(
                (OutboxRow.state == OutboxState.PENDING.value)
                & OutboxRow.next_attempt_at.is_null(False)).execute()
        put_values({TOKEN_INVALID: ""})
        if n:
            events.outbox_changed()
        from app import audit
        audit.record(actor, "sync.retry", str(event_ref or "*"), {"requeued": n})
    return n


def failed_events(limit: int = 200):
    """Failed events with their reasons (for the supervisor's list)."""
    return outbox.list_events(OutboxState.FAILED, limit=limit)
