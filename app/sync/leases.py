"""Claiming outbox rows with a lease, and writing back what became of them.

An event is sendable when it is pending, its backoff time has come, nobody holds a live
lease on it, and every earlier event of the same dossier has been delivered (a failed or
pending predecessor blocks it).  Claims are atomic on both databases: SQLite serialises
writers (BEGIN IMMEDIATE); PostgreSQL locks the candidate rows with FOR UPDATE SKIP
LOCKED and the UPDATE re-checks the lease condition.  A crashed claimer's lease simply
expires.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee as pw

from app import events
from app.domain import OutboxState
from app.store import is_postgres, to_db, utcnow, write
from app.sync.outcome import Kind, Outcome
from db.models import OutboxEvent as OutboxRow

PENDING = OutboxState.PENDING.value
DELIVERED = OutboxState.DELIVERED.value
FAILED = OutboxState.FAILED.value


@dataclass(frozen=True, slots=True)
class Claimed:
    id: int
    event_id: str
    dossier_code: str
    seq: int
    attempts: int
    payload: dict


def _sendable(now_db: datetime):
    prev = OutboxRow.alias("prev")
    blocked = (prev.select(pw.SQL("1"))
               .where((prev.dossier_code == OutboxRow.dossier_code) & (prev.seq < OutboxRow.seq)
                      & (prev.state != DELIVERED)))
    return ((OutboxRow.state == PENDING)
            & (OutboxRow.next_attempt_at.is_null() | (OutboxRow.next_attempt_at <= now_db))
            & (OutboxRow.lease_until.is_null() | (OutboxRow.lease_until < now_db))
            & ~pw.fn.EXISTS(blocked))


def claim(owner: str, limit: int, lease_seconds: float) -> list[Claimed]:
    """Take up to `limit` sendable events (oldest first, at most one per dossier)."""
    now = utcnow()
    now_db = to_db(now)
    until = to_db(now + timedelta(seconds=lease_seconds))
    with write():
        q = (OutboxRow.select(OutboxRow.id, OutboxRow.dossier_code).where(_sendable(now_db))
             .order_by(OutboxRow.id).limit(limit))
        if is_postgres():
            q = q.for_update(of=OutboxRow, skip_locked=True)
        ids, seen = [], set()
        for rid, code in q.tuples():
            if code not in seen:          # heads of distinct dossiers only
                seen.add(code)
                ids.append(rid)
        if not ids:
            return []
        (OutboxRow.update({OutboxRow.lease_owner: owner, OutboxRow.lease_until: until})
         .where(OutboxRow.id.in_(ids) & (OutboxRow.state == PENDING)
                & (OutboxRow.lease_until.is_null() | (OutboxRow.lease_until < now_db)))
         .execute())
        rows = (OutboxRow.select(OutboxRow.id, OutboxRow.event_id, OutboxRow.dossier_code,
                                 OutboxRow.seq, OutboxRow.attempts, OutboxRow.payload)
                .where(OutboxRow.id.in_(ids) & (OutboxRow.lease_owner == owner)
                       & (OutboxRow.lease_until == until))
                .order_by(OutboxRow.id).tuples())
        return [Claimed(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def release(owner: str, ids: list[int]) -> None:
    """Give back leases without an attempt (stopping, or a batch cut short)."""
    if not ids:
        return
    with write():
        (OutboxRow.update({OutboxRow.lease_owner: None, OutboxRow.lease_until: None})
         .where(OutboxRow.id.in_(ids) & (OutboxRow.lease_owner == owner)).execute())


def apply(owner: str, results: list[tuple[Claimed, Outcome, float | None]],
          extra_state: dict[str, str] | None = None) -> None:
    """Write the outcome of each attempted event in one transaction.
    `results`: (event, outcome, retry delay in seconds for RETRY/WAIT)."""
    from app.sync import state
    now = utcnow()
    now_db = to_db(now)
    delivered = [c.id for c, o, _ in results if o.kind is Kind.DELIVERED]
    with write():
        if delivered:
            for i in range(0, len(delivered), 500):
                (OutboxRow.update({OutboxRow.state: DELIVERED, OutboxRow.delivered_at: now_db,
                                   OutboxRow.attempts: OutboxRow.attempts + 1,
                                   OutboxRow.last_error: "", OutboxRow.lease_owner: None,
                                   OutboxRow.lease_until: None, OutboxRow.next_attempt_at: None})
                 .where(OutboxRow.id.in_(delivered[i:i + 500])
                        & (OutboxRow.state != DELIVERED)).execute())
        for c, o, delay in results:
            if o.kind is Kind.DELIVERED:
                continue
            mine = (OutboxRow.id == c.id) & (OutboxRow.lease_owner == owner) & (
                OutboxRow.state == PENDING)
            values = {OutboxRow.attempts: OutboxRow.attempts + 1, OutboxRow.last_error: o.message,
                      OutboxRow.lease_owner: None, OutboxRow.lease_until: None}
            if o.kind is Kind.FAIL:
                values[OutboxRow.state] = FAILED
                values[OutboxRow.next_attempt_at] = None
            else:  # RETRY, WAIT, AUTH: stays pending, not before `delay`
                values[OutboxRow.next_attempt_at] = (to_db(now + timedelta(seconds=delay))
                                                     if delay else None)
            OutboxRow.update(values).where(mine).execute()
        if extra_state:
            state.put_values(extra_state)
        if results:
            events.outbox_changed()


def next_due_in(max_wait: float) -> float:
    """Seconds until the earliest backoff or lease ends (capped), to sleep no longer."""
    now = utcnow()
    now_db = to_db(now)
    q = (OutboxRow.select(pw.fn.MIN(OutboxRow.next_attempt_at))
         .where((OutboxRow.state == PENDING) & (OutboxRow.next_attempt_at > now_db)).scalar())
    lq = (OutboxRow.select(pw.fn.MIN(OutboxRow.lease_until))
          .where((OutboxRow.state == PENDING) & (OutboxRow.lease_until > now_db)).scalar())
    best = max_wait
    from app.store import from_db
    for v in (q, lq):
        if v:
            best = min(best, max(0.0, (from_db(v) - now).total_seconds()))
    return best
