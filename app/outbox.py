"""Outbox: every dossier change is queued here in the same transaction as the change.

The sync worker (app/sync) delivers the events; this module only writes and reads them.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime

import peewee as pw

from app import events
from app.domain import VN_TZ, Dossier, EventType, OutboxEvent, OutboxState, Status
from app.store import from_db, to_db, utcnow
from db.models import OutboxEvent as OutboxRow

EVENT_FOR_STATUS = {
    Status.DONE: EventType.RESULT_READY,
    Status.RETURNED: EventType.RETURNED,
}


def iso_local(dt: datetime | None) -> str | None:
    return dt.astimezone(VN_TZ).isoformat(timespec="seconds") if dt else None


def event_type_for(status: Status, first: bool) -> EventType:
    if first:
        return EventType.RECEIVED
    return EVENT_FOR_STATUS.get(status, EventType.STATUS_CHANGED)


def build_payload(event_id: str, etype: EventType, occurred_at: datetime, office_code: str,
                  dossier: Dossier, note: str) -> dict:
    return {
        "event_id": event_id,
        "type": etype.value,
        "occurred_at": iso_local(occurred_at),
        "office_code": office_code,
        "dossier": {
            "code": dossier.code,
            "procedure_code": dossier.procedure.code,
            "procedure_name": dossier.procedure.name,
            "status": int(dossier.status),
            "status_name": dossier.status.vi_label,   # never translated
            "received_at": iso_local(dossier.received_at),
            "due_at": iso_local(dossier.due_at),
            "channel": int(dossier.channel),
            "tracking_url": dossier.tracking_url,
        },
        "applicant": {
            "name": dossier.applicant.name,
            "phone": dossier.applicant.phone,
            "email": dossier.applicant.email,
        },
        "note": note,
    }


def enqueue(dossier: Dossier, office_code: str, occurred_at: datetime, note: str = "",
            first: bool = False, etype: EventType | None = None) -> str:
    """Queue one event; call inside the write transaction of the change. `etype` overrides
    the type the status gives (a correction is a status_changed with an unchanged status,
    never a second result_ready)."""
    etype = etype or event_type_for(dossier.status, first)
    event_id = str(uuid.uuid4())
    seq = (OutboxRow.select(pw.fn.MAX(OutboxRow.seq))
           .where(OutboxRow.dossier_code == dossier.code).scalar() or 0) + 1
    payload = build_payload(event_id, etype, occurred_at, office_code, dossier, note)
    OutboxRow.create(event_id=event_id, dossier_code=dossier.code, seq=seq, type=etype.value,
                     payload=json.dumps(payload, ensure_ascii=False), state=OutboxState.PENDING.value,
                     created_at=to_db(utcnow()))
    events.outbox_changed()                   # the sync worker wakes after the commit
    return event_id


def to_value(row: OutboxRow) -> OutboxEvent:
    return OutboxEvent(
        id=row.id, event_id=row.event_id, type=EventType(row.type), dossier_code=row.dossier_code,
        seq=row.seq, payload=json.loads(row.payload), state=OutboxState(row.state),
        attempts=row.attempts, last_error=row.last_error or "",
        created_at=from_db(row.created_at), delivered_at=from_db(row.delivered_at))


def list_events(state: OutboxState | None = None, dossier_code: str | None = None,
                limit: int = 200) -> list[OutboxEvent]:
    q = OutboxRow.select().order_by(OutboxRow.id)
    if state is not None:
        q = q.where(OutboxRow.state == state.value)
    if dossier_code:
        q = q.where(OutboxRow.dossier_code == dossier_code)
    return [to_value(r) for r in q.limit(limit)]


def counts() -> dict[str, int]:
    out = {s.value: 0 for s in OutboxState}
    for state, n in (OutboxRow.select(OutboxRow.state, pw.fn.COUNT(OutboxRow.id))
                     .group_by(OutboxRow.state).tuples()):
        out[state] = n
    return out
