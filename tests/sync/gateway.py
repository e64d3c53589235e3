"""A stand-in for a province's DVCQG gateway on 127.0.0.1 (ThreadingHTTPServer in a thread).

POST /auth {"username","password"} -> {"session","error_code":0}; POST /integration with
{"session","madonvi","service",...}: TraCuuHoSo, DongBoHoSoMC, CapNhatTienDoHoSoMC, LayThuTuc.
Keeps dossiers by MaHoSo, refuses DongBoHoSoMC isUpdating "False" for a dossier it has (and
"True" for one it has not), keeps
progress entries in arrival order (and lists them in TraCuuHoSo as QuaTrinhXuLy), counts
everything, and injects faults: 500, slow answers (client timeouts) and dropped connections
*after* storing, expired sessions.  `python -m tests.sync.gateway` runs one in its own process
(prints its URL; GET /stats).
"""
from __future__ import annotations

import json
import random
import secrets
import threading
import time
from collections import Counter, defaultdict
from http.server import ThreadingHTTPServer

from tests.sync.jsonhandler import JsonHandler

USER, PASSWORD = "motcua", "mat-khau-dung"


class Gateway:
    def __init__(self, seed: int = 11, fault_rate: float = 0.0, slow_seconds: float = 0.6,
                 catalog: dict | None = None, delay: float = 0.0):
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.fault_rate = fault_rate
        self.faults_enabled = ("500", "slow", "drop", "expire")
        self.slow_seconds = slow_seconds
        self.delay = delay
        self.users = {USER: PASSWORD}
        self.sessions: dict[str, int] = {}     # session -> calls answered with it
        self.dossiers: dict[str, dict] = {}
        self.created = Counter()             # MaHoSo -> accepted as new
        self.updates = Counter()             # MaHoSo -> accepted updates
        self.refused_new = 0                 # isUpdating False for a dossier it has
        self.progress: dict[str, list[dict]] = defaultdict(list)
        self.calls = Counter()               # service / "auth" -> requests
        self.faults = Counter()
        self.bodies: list[dict] = []         # first requests, for contract checks
        self.headers: list[dict] = []
        self.catalog = catalog or {}
        self.force: list[str] = []           # next requests' faults in order ("ok": none)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def stats(self) -> dict:
        with self.lock:
            return {"dossiers": len(self.dossiers), "created": sum(self.created.values()),
                    "updates": sum(self.updates.values()), "refused_new": self.refused_new,
                    "progress": sum(len(v) for v in self.progress.values()),
                    "calls": dict(self.calls), "faults": dict(self.faults)}

    def _fault(self, service: str, session: str | None = None) -> str | None:
        with self.lock:
            if self.force:
                kind = self.force.pop(0)
                if kind == "ok":
                    return None
            elif service != "auth" and self.rng.random() < self.fault_rate:
                kind = self.rng.choice(self.faults_enabled)
                if kind == "expire" and not self.sessions.get(session):
                    return None          # a fresh session gets its first call through
            else:
                return None
            self.faults[kind] += 1
            return kind

    # ---- the services -------------------------------------------------------------------
    def auth(self, body: dict) -> dict:
        if self.users.get(body.get("username")) != body.get("password"):
            return {"error_code": "1", "message": "Sai tên đăng nhập hoặc mật khẩu"}
        token = secrets.token_hex(16)
        with self.lock:
            self.sessions[token] = 0
        return {"session": token, "error_code": 0}

    def integration(self, body: dict) -> dict:
        service = body.get("service")
        with self.lock:
            if body.get("session") not in self.sessions:
                return {"error_code": "-1", "message": "Session expired"}
            self.sessions[body["session"]] += 1
            if service == "TraCuuHoSo":
                d = self.dossiers.get(body.get("mahoso"))
                if d is None:
                    return {"error_code": 0, "result": []}
                return {"error_code": 0, "result": [{
                    "MaHoSo": d["MaHoSo"], "TrangThaiHoSo": d["TrangThaiHoSo"],
                    "QuaTrinhXuLy": [{"ThoiDiemXuLy": p["ThoiDiemXuLy"], "TrangThai": p["TrangThai"]}
                                     for p in self.progress[d["MaHoSo"]]]}]}
            if service == "DongBoHoSoMC":
                items = body.get("data") or []
                updating = body.get("isUpdating")
                if updating not in ("True", "False"):
                    return {"error_code": "4", "message": "isUpdating phải là True hoặc False"}
                for item in items:
                    if updating == "False" and item.get("MaHoSo") in self.dossiers:
                        self.refused_new += 1
                        return {"error_code": "2", "message": "Hồ sơ đã tồn tại"}
                    if updating == "True" and item.get("MaHoSo") not in self.dossiers:
                        return {"error_code": "3", "message": "Không có hồ sơ để cập nhật"}
                for item in items:
                    code = item["MaHoSo"]
                    if code in self.dossiers:
                        self.updates[code] += 1
                    else:
                        self.created[code] += 1
                    self.dossiers[code] = item
                return {"error_code": 0, "message": "OK"}
            if service == "CapNhatTienDoHoSoMC":
                for item in body.get("data") or []:
                    if item.get("MaHoSo") not in self.dossiers:
                        return {"error_code": "3", "message": "Không có hồ sơ"}
                for item in body.get("data") or []:
                    self.progress[item["MaHoSo"]].append(item)
                return {"error_code": "00", "message": "OK"}
            if service == "LayThuTuc":
                rec = self.catalog.get(body.get("maTTHC"))
                return {"error_code": 0, "result": [rec] if rec else []}
        return {"error_code": "9", "message": f"Không có dịch vụ {service}"}

    def _handler(self):
        gw = self

        class H(JsonHandler):
            def do_GET(self):
                return self._reply(200, gw.stats()) if self.path == "/stats" else self._reply(404, {})

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                service = "auth" if self.path == "/auth" else str(body.get("service"))
                with gw.lock:
                    gw.calls[service] += 1
                    if len(gw.bodies) < 400:
                        gw.bodies.append({"path": self.path} | body)
                        gw.headers.append(dict(self.headers))
                if gw.delay:
                    time.sleep(gw.delay)
                if self.path not in ("/auth", "/integration"):
                    return self._reply(404, {"message": "not found"})
                fault = gw._fault(service, body.get("session"))
                if fault == "500":
                    return self._reply(500, {"message": "busy"})
                if fault == "expire":
                    with gw.lock:
                        gw.sessions.clear()
                answer = gw.auth(body) if self.path == "/auth" else gw.integration(body)
                if fault == "slow":
                    time.sleep(gw.slow_seconds)
                elif fault == "drop":
                    return self._drop()
                return self._reply(200, answer)

        return H


if __name__ == "__main__":     # python -m tests.sync.gateway [FAULT_RATE [SLOW_SECONDS]]
    import sys
    _args = [float(a) for a in sys.argv[1:3]]
    with Gateway(fault_rate=_args[0] if _args else 0.0,
                 slow_seconds=_args[1] if len(_args) > 1 else 0.6) as _gw:
        print(_gw.url, flush=True)
        sys.stdin.read()
