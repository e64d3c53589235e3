"""Sync with the province's central notification service (outbox → HTTP).

Public API for the GUI and the CLI:

    app.sync.status() -> SyncStatus          # counts + online/offline + last error
    app.sync.retry(event_ref=None, actor=None) -> int
    app.sync.failed_events(limit=200) -> list[OutboxEvent]
    app.sync.worker.SyncWorker(db_url).start() / .stop() / .wake() / .retry(...)
    app.sync.credentials.set_secret(token) / get_secret() / has_backend()

Per-event state: app.outbox.list_events(dossier_code=...).
Contract: app/sync/central_api.yaml (OpenAPI 3.1).
With `notify.adapter = dvcqg` the national portal's provincial gateway takes the central
service's place (app/sync/dvcqg.py, contract dvcqg_api.yaml; procedure mapping in
dvcqg_mapping.py, payload mapping in dvcqg_map.py).
"""
from __future__ import annotations

from app.sync.state import SyncStatus, failed_events, retry, status

__all__ = ["SyncStatus", "status", "retry", "failed_events"]
