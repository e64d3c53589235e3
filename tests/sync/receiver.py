"""A local central-service stand-in on 127.0.0.1 (ThreadingHTTPServer in a thread).

Dedupes by Idempotency-Key, counts re-sends, records per-dossier order of first receipt,
and injects faults on demand: 500, 503/429 with Retry-After, slow answers (client timeouts),
dropped connections after storing the event, 401, 422 for chosen events.
"""
from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.sync.jsonhandler import JsonHandler


class Receiver:
    def __init__(self, port: int = 0, seed: int = 7, fault_rate: float = 0.0, batch: bool = True,
                 slow_seconds: float = 0.6, delay: float = 0.0, require_key: bool = True):
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.fault_rate = fault_rate
        self.batch = batch
        self.slow_seconds = slow_seconds
        self.delay = delay                  # per request, to make a batch take time
        self.status_override: int | None = None   # e.g. 401 for everything
        self.override_headers: dict[str, str] = {}
        self.reject: dict[str, int] = {}    # event_id -> status (422…)
        self.events: dict[str, dict] = {}   # event_id -> payload (first receipt)
        self.order: dict[str, list[str]] = defaultdict(list)   # dossier -> event ids
        self.received = Counter()           # event_id -> times received (incl. re-sends)
        self.faults = Counter()
        self.requests = 0
        self.headers: list[dict] = []
        # every POST: (path, headers, event ids in the body) — the contract tests read it
        self.posts: list[tuple[str, dict, list[str]]] = []
        # a single-event POST without an Idempotency-Key is refused (400), as the contract says
        self.require_key = require_key
        self.forced_faults: list[str] = []  # faults to inject first, in order ("drop", "500", …)
        # requests after the first `hold_after` wait in the handler until `gate` is set (a
        # test then knows a request is in flight, e.g. to SIGKILL the worker mid-request)
        self.hold_after: int | None = None
        self.gate = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def duplicates(self) -> int:
        return sum(n - 1 for n in self.received.values())

    def in_order(self) -> bool:
        """Per dossier, events first arrived in the order of their occurred_at/status chain
        (the outbox seq is not on the wire; callers with the database compare exactly)."""
        for ids in self.order.values():
            times = [self.events[i]["occurred_at"] for i in ids]
            if times != sorted(times):
                return False
        return True

    def _store(self, payload: dict, key: str | None, single: bool = False) -> int:
        eid = payload.get("event_id")
        if single and self.require_key and not key:
            return 400
        if key is not None and key != eid:
            return 400
        if eid in self.reject:
            return self.reject[eid]
        with self.lock:
            self.received[eid] += 1
            if eid in self.events:
                return 409
            self.events[eid] = payload
            self.order[payload["dossier"]["code"]].append(eid)
        return 201

    def _fault(self) -> str | None:
        with self.lock:
            if self.forced_faults:
                kind = self.forced_faults.pop(0)
                self.faults[kind] += 1
                return kind
            if self.rng.random() >= self.fault_rate:
                return None
            kind = self.rng.choice(["500", "503", "429", "slow", "drop"])
            self.faults[kind] += 1
            return kind

    def _handler(self):
        rx = self

        class H(JsonHandler):
            def do_GET(self):
                if self.path != "/stats":
                    return self._reply(404)
                with rx.lock:
                    stats = {"events": len(rx.events), "duplicates": rx.duplicates,
                             "requests": rx.requests, "faults": dict(rx.faults),
                             "in_order": rx.in_order()}
                return self._reply(200, stats)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                with rx.lock:
                    rx.requests += 1
                    if len(rx.headers) < 50:
                        rx.headers.append(dict(self.headers))
                    if len(rx.posts) < 20000:
                        ids = ([p.get("event_id") for p in body.get("events", [])]
                               if self.path.endswith(":batch") else [body.get("event_id")])
                        rx.posts.append((self.path, dict(self.headers), ids))
                    number = rx.requests
                if rx.hold_after is not None and number > rx.hold_after:
                    rx.gate.wait(60)
                if rx.delay:
                    time.sleep(rx.delay)
                if rx.status_override:
                    return self._reply(rx.status_override, {"message": "token expired"},
                                       rx.override_headers)
                if self.path not in ("/v1/events", "/v1/events:batch") or (
                        self.path.endswith(":batch") and not rx.batch):
                    return self._reply(404, {"message": "not found"})
                fault = rx._fault()
                if fault in ("500", "503", "429"):
                    return self._reply(int(fault), {"message": "busy"}, {"Retry-After": "0"}
                                       if fault != "500" else None)
                if self.path == "/v1/events":
                    status = rx._store(body, self.headers.get("Idempotency-Key"), single=True)
                    result = (status, {"message": "Dữ liệu không hợp lệ"} if status >= 400 else {})
                else:
                    results = []
                    for p in body.get("events", []):
                        s = rx._store(p, None)
                        results.append({"event_id": p["event_id"], "status": s}
                                       | ({"message": "Dữ liệu không hợp lệ"} if s >= 400 else {}))
                    result = (200, {"results": results})
                if fault == "slow":
                    time.sleep(rx.slow_seconds)
                elif fault == "drop":
                    return self._drop()
                return self._reply(*result)

        return H


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Scripted:
    """A tiny JSON server whose answers come from `respond(path, body) -> (status, dict)`;
    records every request (path, headers, body).  Used for the ZNS and SMS gateways."""

    def __init__(self, respond):
        self.respond = respond
        self.calls: list[tuple[str, dict, dict]] = []
        outer = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                outer.calls.append((self.path, dict(self.headers), body))
                status, reply = outer.respond(self.path, body)
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":   # a receiver in its own process (benchmarks): prints its URL
    import sys
    with Receiver(batch="--no-batch" not in sys.argv) as _rx:
        print(_rx.url, flush=True)
        sys.stdin.read()      # until the parent closes our stdin
