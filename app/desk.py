"""Services the desktop screens need that the foundation modules do not offer as one call:
role-checked wrappers (catalog edits, settings, the supervisor queue, backups), the
first-run setup, urgency of a dossier, and one-call "screen models" (a search page, a
dossier with its events and allowed actions).  No Tk here: the CLI could use them too."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app import (
    audit,
    auth,
    calendar,
    catalog,
    corrections,
    dossiers,
    outbox,
    reports,
    search,
    settings,
    workflow,
)
from app.auth import require
from app.domain import VN_TZ, Dossier, Office, OutboxEvent, Procedure, Role, Status, User, UserError, nfc
from app.i18n import _
from app.local_config import is_local
from app.store import utcnow, write

log = logging.getLogger("motcua.desk")

UI_KEYS = ("ui.language", "ui.theme")
RUNNING = (Status.NEW, Status.ACCEPTED, Status.PROCESSING, Status.FINANCIAL)


# ---- startup --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Startup:
    db_url: str
    configured: bool
    has_users: bool
    language: str
    theme: str
    office_name: str

    @property
    def needs_wizard(self) -> bool:
        return not self.configured or not self.has_users


def startup(db_url: str | None) -> Startup:
    """Open the office for the window: integrity check (SQLite), schema guard and upgrade,
    then the day's first automatic backup (a failed backup is logged, never blocks)."""
    from app import backup as backups
    from app import maintenance
    from app.store import open_database
    maintenance.ensure_intact(db_url)
    url = open_database(db_url)
    try:
        backups.daily_backup(backups.AUTO_ACTOR)
    except Exception:
        log.exception("daily backup failed")
    v = settings.all_values()
    return Startup(db_url=url, configured=settings.is_configured(), has_users=auth.has_users(),
                   language=v["ui.language"], theme=v["ui.theme"], office_name=v["office.name"])


def first_run(values: dict[str, str], admin_username: str, admin_full_name: str,
              admin_password: str) -> User:
    """Wizard's last step, one transaction: store the settings, import the bundled catalog
    when the database has none, create the first admin account — or, on any error, nothing."""
    if auth.has_users():
        raise UserError(_("Đã có tài khoản quản trị: đăng nhập để thay đổi thiết lập."))
    if len(admin_password) < auth.MIN_PASSWORD:
        raise UserError(_("Mật khẩu phải có ít nhất {min} ký tự.")
                        .format(min=auth.MIN_PASSWORD), "password")
    with write():                 # the services' own transactions nest as savepoints
        settings.set_many(values)
        if not catalog.list_procedures():
            catalog.import_bundled()
        return auth.create_user(None, admin_username, admin_full_name, Role.ADMIN, admin_password)


# ---- urgency ----------------------------------------------------------------------------
def urgency(d: Dossier, now: datetime, cal) -> str:
    """'overdue' | 'today' | 'risk' | 'supplement' | 'done' | 'closed' | '' (on track)."""
    if d.status == Status.SUPPLEMENT:
        return "supplement"
    if d.status == Status.DONE:
        return "done"
    if d.status.final:
        return "closed"
    if d.due_at < now:
        return "overdue"
    left = cal.working_days_left(now, d.due_at)
    if left <= 0:
        return "today"
    if left <= 1:
        return "risk"
    return ""


@dataclass(frozen=True, slots=True)
class SearchPage:
    text: str
    offset: int
    rows: tuple[tuple[Dossier, str], ...]        # (dossier, urgency)
    has_more: bool
    opened: Dossier | None = None                # a scanned receipt QR: open directly
    reason: str = ""                             # why the list is empty
    kind: str = ""                               # app.search.classify kind ('today', 'name'…)


def search_page(actor: User, text: str, page_size: int = 50, offset: int = 0,
                filters: search.Filters | dict | None = None) -> SearchPage:
    """Find's page: empty text lists today's dossiers; a tracking URL opens its dossier."""
    require(actor, Role.CLERK)
    text = nfc(text)
    if search.classify(text)[0] == "url":
        return SearchPage(text, 0, (), False, opened=dossiers.by_tracking_url(text))
    found = search.find(actor, text, filters, limit=page_size, offset=offset)
    now, cal = utcnow(), calendar.office_calendar()
    rows = tuple((d, urgency(d, now, cal)) for d in found.rows)
    return SearchPage(text, offset, rows, found.has_more, reason=found.reason, kind=found.kind)


def search_filters(actor: User) -> tuple[list[str], list[str]]:
    """Clerks (usernames) and fields for Find's filter boxes."""
    require(actor, Role.CLERK, Role.SUPERVISOR)
    return reports.clerks(), catalog.fields()


# ---- one dossier --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DossierView:
    dossier: Dossier
    events: tuple[OutboxEvent, ...]
    actions: tuple[Status, ...]
    can_apologize: bool
    urgency: str
    can_amend: bool = False           # "Sửa thông tin" (app.corrections decides again on save)


def dossier_view(actor: User, code: str) -> DossierView:
    require(actor, Role.CLERK)
    d = dossiers.get(code)
    now, cal = utcnow(), calendar.office_calendar()
    can_apologize = (actor.can(Role.SUPERVISOR) and not d.apology_used
                     and not d.status.final and d.status != Status.DONE)
    return DossierView(dossier=d, events=tuple(outbox.list_events(dossier_code=d.code)),
                       actions=tuple(workflow.allowed(d.status, actor)),
                       can_apologize=can_apologize, urgency=urgency(d, now, cal),
                       can_amend=corrections.can_amend(actor, d))


def suggested_new_due(actor: User, code: str) -> date:
    require(actor, Role.SUPERVISOR)
    d = dossiers.get(code)
    cal = calendar.office_calendar()
    base = max(d.due_at, utcnow()).astimezone(VN_TZ).date()
    return cal.add_working_days(cal.next_working_day(base, include=True), 3)


@dataclass(frozen=True, slots=True)
class Changed:
    """A dossier after a change, with the paper that change issued (None: it prints none)."""
    dossier: Dossier
    paper: object = None              # app.papers.IssuedPaper


def change_status(actor: User, code: str, status: int, note: str = "",
                  expected_version: int | None = None) -> Changed:
    """The detail window's status change: the change and the number of the paper it prints
    (Mẫu 02/03/05 of the set in force) in one transaction."""
    from app import papers
    require(actor, Role.CLERK)
    with write():
        d = workflow.change_status(actor, code, status, note, expected_version=expected_version)
        return Changed(d, papers.for_status(actor, d.code, d.status))


def apologize_with_paper(actor: User, code: str, day: date, reason: str,
                         expected_version: int | None = None) -> Changed:
    """The apology and the number of its letter (Mẫu 05 of 2018 / 04 of 2025), one transaction."""
    from app import papers
    require(actor, Role.SUPERVISOR)
    with write():
        d = apologize_until(actor, code, day, reason, expected_version=expected_version)
        return Changed(d, papers.issue(actor, "apology", d.code, new=True))


def apologize_until(actor: User, code: str, day: date, reason: str,
                    expected_version: int | None = None) -> Dossier:
    """Mẫu 05: the new due moment is the office's closing time on ``day``."""
    require(actor, Role.SUPERVISOR)          # the role first, then the date
    cal = calendar.office_calendar()
    if not cal.is_working_day(day):
        raise UserError(_("Ngày {day:%d/%m/%Y} không phải ngày làm việc; chọn ngày khác.")
                        .format(day=day), "new_due")
    new_due = datetime.combine(day, cal.hours(day)[1], VN_TZ)
    return workflow.apologize(actor, code, new_due, reason, expected_version=expected_version)


def show(actor: User, code: str) -> Dossier:
    """One dossier with its history (personal data: a signed-in person)."""
    require(actor, Role.CLERK)
    return dossiers.get(code)


def find(actor: User, text: str, limit: int = 50) -> list[Dossier]:
    return list(search.find(actor, text, limit=limit).rows)


def receipt(actor: User, code: str):
    require(actor, Role.CLERK)
    return dossiers.receipt(code)


def register_book(actor: User, date_from: date, date_to: date) -> list[Dossier]:
    require(actor, Role.CLERK)
    return dossiers.register_book(date_from, date_to)


def events(actor: User, state=None, dossier_code: str | None = None, limit: int = 200):
    """Outbox events (their payloads carry names and phones): supervisors; a clerk sees a
    dossier's own events in its detail window."""
    require(actor, Role.SUPERVISOR)
    return outbox.list_events(state, dossier_code, limit=limit)


def failed_events(actor: User, limit: int = 200):
    require(actor, Role.SUPERVISOR)
    from app import sync
    return sync.failed_events(limit)


def seed_demo(actor: User, count: int, seed_value: int = 1) -> dict:
    """Fill a test office with made-up dossiers (administrators only)."""
    require(actor, Role.ADMIN)
    from app import demo
    result = demo.seed(count, seed_value)
    audit.record(actor, "demo.seed", "", {"count": count})
    return result


# ---- supervisor ----------------------------------------------------------------------------
QUEUE_LIST_LIMIT = 150         # rows per list on screen; the counts stay exact


def queue_for(actor: User, clerk: str | None = None, field: str | None = None,
              limit: int = QUEUE_LIST_LIMIT):
    return reports.queue(actor, clerk=clerk or None, field=field or None, limit=limit)


def queue_filters(actor: User) -> tuple[list[str], list[str]]:
    require(actor, Role.SUPERVISOR)
    return reports.clerks(), catalog.fields()


# ---- catalog -------------------------------------------------------------------------------
def save_procedure(actor: User, proc: Procedure) -> Procedure:
    require(actor, Role.ADMIN)
    with write():
        saved = catalog.save(proc)
        audit.record(actor, "catalog.save", saved.code, {"active": saved.active,
                                                         "days": saved.processing_days})
    return saved


def import_catalog(actor: User, path: str) -> dict:
    require(actor, Role.ADMIN)
    with write():
        result = catalog.import_file(path)
        audit.record(actor, "catalog.import", str(path),
                     {k: v for k, v in result.items() if isinstance(v, (int, str))})
    return result


def export_catalog(actor: User, path: str) -> int:
    require(actor, Role.ADMIN)
    n = catalog.export_file(path)
    audit.record(actor, "catalog.export", str(path), {"procedures": n})
    return n


# ---- settings ------------------------------------------------------------------------------
def save_settings(actor: User, values: dict[str, str],
                  confirm: bool = False) -> tuple[dict[str, str], Office]:
    """Language, theme and this PC's printer (printer.*): any signed-in user; everything else:
    administrators.
    settings.NeedsConfirmation (office code change with dossiers) unless confirm=True."""
    require(actor, Role.ADMIN if any(k not in UI_KEYS and not is_local(k)
                                     for k in values) else Role.CLERK)
    with write():
        before = settings.raw_values()
        settings.set_many(values, confirm=confirm)
        after = settings.raw_values()
        changed = {k: [before.get(k), after.get(k)] for k in values if before.get(k) != after.get(k)}
        if changed:
            audit.record(actor, "settings.set", ",".join(sorted(changed)), changed)
    return settings.all_values(), settings.office()


def save_printer_settings(actor: User, values: dict[str, str]) -> tuple[dict[str, str], Office]:
    """This PC's printer (the printer.* keys, kept in this PC's own file): any signed-in user,
    for exactly those keys — anything else is refused and nothing is written. Audited."""
    require(actor, Role.CLERK)
    other = sorted(k for k in values if not k.startswith("printer."))
    if other:
        raise UserError(_("Chỉ thay được thiết lập máy in của máy này (printer.*) ở đây; "
                          "{keys} là thiết lập của cơ quan, do quản trị viên đổi trong Cài đặt.")
                        .format(keys=", ".join(other)), "key")
    return save_settings(actor, values)


def central_token_state() -> str:
    """Where the central-service token comes from: 'keyring', 'env' or '' (none)."""
    from app.sync import credentials
    return credentials.source("central")


def set_central_token(actor: User, token: str, which: str = "central") -> str:
    """Store a service secret in the OS keyring only (never in the database or a file)."""
    require(actor, Role.ADMIN)
    from app.sync import credentials
    credentials.set_secret(token, which)
    audit.append(actor.username, "secret.set", which)
    return credentials.source(which)


def clear_central_token(actor: User, which: str = "central") -> str:
    require(actor, Role.ADMIN)
    from app.sync import credentials
    credentials.delete_secret(which)
    audit.append(actor.username, "secret.clear", which)
    return credentials.source(which)


def adapter_setting(actor: User, key: str, value: str | None = None) -> str:
    """Read (supervisor) or set (admin, audited) one notification-adapter setting."""
    from app.sync import state
    from app.sync.adapters import ADAPTER_KEYS
    from app.sync.config import check_adapter_value
    require(actor, Role.SUPERVISOR if value is None else Role.ADMIN)
    if key not in ADAPTER_KEYS:
        raise UserError(_("Khóa phải là một trong: {keys}.").format(keys=", ".join(ADAPTER_KEYS)))
    if value is not None:
        with write():
            state.set_value(key, check_adapter_value(key, value))
            audit.record(actor, "settings.set", key, {key: value})
    return state.get_value(key, ADAPTER_KEYS[key])


def settings_screen_data(actor: User) -> tuple[dict[str, str], list, list[User], str]:
    """Everything the settings screen shows, in one call."""
    require(actor, Role.ADMIN)
    try:
        token = central_token_state()
    except Exception:                 # the keyring backend itself failed: show "none", say why
        log.warning("keyring not readable for the settings screen", exc_info=True)
        token = ""
    # unchecked values: a bad stored value must be visible here to be fixed
    return settings.raw_values(), calendar.list_overrides(), auth.list_users(), token


def set_override(actor: User, day: date, kind: str, note: str = "") -> list:
    require(actor, Role.ADMIN)
    with write():
        calendar.set_override(day, kind, note)
        audit.record(actor, "calendar.set", day.isoformat(), {"kind": kind, "note": note})
    return calendar.list_overrides()


def remove_override(actor: User, day: date) -> list:
    require(actor, Role.ADMIN)
    with write():
        calendar.remove_override(day)
        audit.record(actor, "calendar.clear", day.isoformat())
    return calendar.list_overrides()


def backup(actor: User, folder: str | Path) -> Path:
    """A consistent copy of the office database in `folder` (see app.backup)."""
    from app import backup as backups
    return backups.backup_to_folder(actor, folder)


def users(actor: User) -> list[User]:
    require(actor, Role.ADMIN)
    return auth.list_users()


# ---- session and status bar ------------------------------------------------------------------
def sign_in(username: str, password: str) -> tuple[User, dict[str, str], Office]:
    user = auth.login(username, password)
    return user, settings.all_values(), settings.office()


def watch_connection(callback) -> object:
    """The window's banner: callback(True) when the database connection is lost (the
    program is retrying), callback(False) when it is back. Called on a worker thread."""
    from app.store import on_connection_state
    return on_connection_state(callback)


def status_snapshot():
    """Sync status for the status bar (outbox counts, online/offline, last error)."""
    from app import sync
    return sync.status()


def retry_events(actor: User, event_ref: str | int | None = None) -> int:
    """Supervisor: put failed events (one, or all) back in the queue."""
    from app import sync
    return sync.retry(event_ref, actor)


def retry_dossier_events(actor: User, code: str) -> int:
    """Supervisor: every failed event of one dossier back in the queue, in one transaction
    (the detail window's "send again"). Returns how many were re-queued."""
    from app import sync
    from app.domain import OutboxState
    require(actor, Role.SUPERVISOR)
    with write():
        failed = outbox.list_events(OutboxState.FAILED, dossier_code=nfc(code))
        return sum(sync.retry(ev.id, actor) for ev in failed)


def monthly_report(actor: User, year: int, month: int):
    """Biểu 06a for a month (Report06a value); the role is checked by the report service."""
    return reports.report_06a(actor, *reports.month_period(f"{year:04d}-{month:02d}"))
