"""Tamper-evident audit trail: every write appends one row, hash-chained.

Each row stores `prev_hash` (the previous row's hash) and `hash` = SHA-256 over
`prev_hash` followed by the row's canonical content (seq, time, user, PC, action, object,
details). `seq` comes from the "audit" counter, taken with one upsert inside the caller's
write transaction: on PostgreSQL the counter row stays locked until commit, on SQLite the
writer holds BEGIN IMMEDIATE, so two counters never chain onto the same previous row.
`verify()` walks the chain: an edited, deleted or reordered row breaks it, and a removed
tail shows as a counter ahead of the last row.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from app import codes
from app.auth import require
from app.domain import Role, User, UserError
from app.i18n import _
from app.store import from_db, to_db, utcnow, write
from db.connection import current
from db.models import Audit as AuditRow
from db.models import Counter

GENESIS = "0" * 64
SCOPE, KEY = "audit", "seq"
MAX_LIST = 5000


def pc_name() -> str:
    """This PC's name as recorded in the trail ($MOTCUA_PC_NAME overrides, for servers)."""
    return (os.environ.get("MOTCUA_PC_NAME") or socket.gethostname() or "?")[:100]


def _stamp(at: datetime) -> str:
    """Naive UTC as stored, with microseconds: the same text on SQLite and PostgreSQL."""
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")


def canonical(seq: int, at: datetime, username: str, pc: str, action: str, obj: str,
              details: str) -> str:
    return json.dumps([seq, _stamp(at), username, pc, action, obj, details],
                      ensure_ascii=False, separators=(",", ":"))


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def _details(details: dict | None) -> str:
    return json.dumps(details or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


def append(username: str, action: str, obj: str = "", details: dict | None = None) -> int:
    """Append one row inside the caller's write transaction (opens one if none); returns seq.
    For callers with no signed-in user yet (a failed login), the name typed is recorded."""
    with write():
        seq = codes.next_value(SCOPE, KEY)
        prev = (AuditRow.select(AuditRow.hash).where(AuditRow.seq == seq - 1).scalar()
                if seq > 1 else GENESIS)
        at = to_db(utcnow())
        pc, text = pc_name(), _details(details)
        username = (username or "?")[:60]
        content = canonical(seq, at, username, pc, action, obj, text)
        AuditRow.create(seq=seq, at=at, username=username, pc=pc, action=action, object=obj,
                        details=text, prev_hash=prev or GENESIS,
                        hash=chain_hash(prev or GENESIS, content))
    return seq


def record(actor: User, action: str, obj: str = "", details: dict | None = None) -> int:
    """Audit a write done by `actor` (call it inside the write's own transaction)."""
    return append(actor.username, action, obj, details)


# ---- reading and checking ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    username: str
    pc: str
    action: str
    object: str
    details: dict


@dataclass(frozen=True, slots=True)
class ChainCheck:
    ok: bool
    rows: int
    first_bad: int | None = None       # seq (or position) of the first row that breaks the chain
    reason: str = ""
    seconds: float = 0.0


def _rows() -> Iterator[AuditRow]:
    return (AuditRow.select().order_by(AuditRow.seq).iterator())


def verify(actor: User, progress: Callable[[int, int], None] | None = None) -> ChainCheck:
    """Walk the whole chain in order. Broken: a row whose hash does not match its content, a
    row whose prev_hash is not the previous row's hash, a gap or swap in seq, or a counter
    that says more rows were written than are there."""
    require(actor, Role.SUPERVISOR)
    import time
    t0 = time.perf_counter()
    total = AuditRow.select().count()
    prev, expected, n = GENESIS, 1, 0
    for row in _rows():
        n += 1
        at = from_db(row.at).replace(tzinfo=None)
        content = canonical(row.seq, at, row.username, row.pc, row.action, row.object, row.details)
        bad = None
        if row.seq != expected:
            bad = _("thiếu hoặc đảo thứ tự dòng (mong đợi số {n}, gặp số {seq})").format(
                n=expected, seq=row.seq)
        elif row.prev_hash != prev:
            bad = _("dòng {seq} không nối với dòng trước (đã bị sửa, xóa hoặc chèn)").format(seq=row.seq)
        elif chain_hash(prev, content) != row.hash:
            bad = _("nội dung dòng {seq} đã bị sửa ngoài chương trình").format(seq=row.seq)
        if bad:
            return ChainCheck(False, n - 1, min(expected, row.seq), bad, time.perf_counter() - t0)
        prev, expected = row.hash, expected + 1
        if progress and n % 5000 == 0:
            progress(n, total)
    last = (Counter.select(Counter.last).where((Counter.scope == SCOPE) & (Counter.key == KEY))
            .scalar() or 0)
    if last > n:
        return ChainCheck(False, n, n + 1, _("thiếu {k} dòng cuối (bộ đếm ghi {last} dòng)")
                          .format(k=last - n, last=last), time.perf_counter() - t0)
    return ChainCheck(True, n, None, "", time.perf_counter() - t0)


def _to_entry(row: AuditRow) -> AuditEntry:
    try:
        details = json.loads(row.details)
    except ValueError:
        details = {"raw": row.details}
    return AuditEntry(seq=row.seq, at=from_db(row.at), username=row.username, pc=row.pc,
                      action=row.action, object=row.object, details=details)


def entries(actor: User, since: datetime | None = None, username: str | None = None,
            action: str | None = None, obj: str | None = None, limit: int = 500) -> list[AuditEntry]:
    """Newest first, for supervisors."""
    require(actor, Role.SUPERVISOR)
    if not 1 <= limit <= MAX_LIST:
        raise UserError(_("Số dòng phải từ 1 đến {max}.").format(max=MAX_LIST))
    q = AuditRow.select()
    if since is not None:
        q = q.where(AuditRow.at >= to_db(since))
    if username:
        q = q.where(AuditRow.username == username.strip().lower())
    if action:
        q = q.where(AuditRow.action == action)
    if obj:
        q = q.where(AuditRow.object == obj)
    return [_to_entry(r) for r in q.order_by(AuditRow.seq.desc()).limit(limit)]


def grant_statements(role: str, database: str) -> list[str]:
    """SQL for a PostgreSQL deployment where the program's role may read and write the
    office tables but only INSERT into the audit table (no UPDATE, DELETE or TRUNCATE)."""
    import re
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise UserError(_("Tên vai trò PostgreSQL: chữ thường, số và gạch dưới, bắt đầu bằng chữ."))
    q = f'"{role}"'
    db_name = database.replace('"', '""')
    return [
        f'GRANT CONNECT ON DATABASE "{db_name}" TO {q}',
        f"GRANT USAGE ON SCHEMA public TO {q}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {q}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {q}",
        f'REVOKE UPDATE, DELETE, TRUNCATE ON "audit" FROM {q}',
        f'REVOKE CREATE ON SCHEMA public FROM {q}',
    ]


def grant_app_role(actor: User, role: str, apply: bool = False) -> list[str]:
    require(actor, Role.ADMIN)
    db = current()
    import peewee as pw
    if not isinstance(db, pw.PostgresqlDatabase):
        raise UserError(_("Phân quyền vai trò chỉ dùng cho cơ sở dữ liệu PostgreSQL."))
    stmts = grant_statements(role, db.database)
    if apply:
        with write():
            for s in stmts:
                db.execute_sql(s)
            record(actor, "db.grant_app_role", role, {"statements": len(stmts)})
    return stmts
