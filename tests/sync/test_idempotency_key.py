"""Every single-event request carries an Idempotency-Key equal to its event id (issue 14 §1).
Break tried: app/sync/client.py posting a single event without the header."""
from __future__ import annotations

from app import sync
from app.store import open_database
from app.sync.worker import SyncWorker
from tests.sync.conftest import FAST, make_dossiers, wait_drained


def test_single_event_requests_carry_the_idempotency_key(office_db, central):
    open_database(office_db)
    make_dossiers(3, steps=(4,))                      # 6 events
    central.require_key = False                       # record, do not refuse: assert below
    w = SyncWorker(office_db, batch_size=1, **FAST)
    w.run(once=True)
    wait_drained(20)
    singles = [(h, ids) for path, h, ids in central.posts if path == "/v1/events"]
    assert len(singles) >= 6
    for headers, (eid,) in singles:
        key = {k.lower(): v for k, v in headers.items()}.get("idempotency-key")
        assert key == eid, headers
    assert sync.status().delivered == 6


def test_receiver_refuses_a_single_event_without_a_key(central):
    import json
    import urllib.request
    req = urllib.request.Request(central.url + "/v1/events", method="POST",
                                 data=json.dumps({"event_id": "e1", "dossier": {"code": "X"}}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=5)
        raise AssertionError("accepted without Idempotency-Key")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400
    assert "e1" not in central.events
