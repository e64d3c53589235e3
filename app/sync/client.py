"""HTTP client of the province's central notification service (contract: central_api.yaml).

One keep-alive `requests.Session`; connect/read timeouts; TLS verification always on
(optionally against the office's own CA bundle); proxies from the environment
(HTTPS_PROXY/NO_PROXY, `trust_env`).  Never raises for network trouble: every call
returns an `Outcome` per event.
"""
from __future__ import annotations

import json

import requests
from requests.adapters import HTTPAdapter

from app.sync.config import USER_AGENT, CentralConfig
from app.sync.outcome import Kind, Outcome, parse_retry_after

EVENTS_PATH = "/v1/events"
BATCH_PATH = "/v1/events:batch"
MAX_MESSAGE = 500


def server_message(resp: requests.Response) -> str:
    """The server's own words: JSON message/detail/title/error, else the start of the body."""
    text = ""
    try:
        data = resp.json()
        if isinstance(data, dict):
            for key in ("message", "detail", "title", "error"):
                if data.get(key):
                    text = str(data[key])
                    break
    except ValueError:
        pass
    if not text:
        text = (resp.text or "").strip()
    reason = resp.reason or ""
    head = f"HTTP {resp.status_code} {reason}".strip()
    return f"{head}: {text}"[:MAX_MESSAGE] if text else head


def classify(status: int, message: str = "", retry_after: float | None = None) -> Outcome:
    """The contract's rules for one HTTP status code."""
    if 200 <= status < 300 or status == 409:
        return Outcome(Kind.DELIVERED, http_status=status, online=True)
    if status in (429, 503):
        return Outcome(Kind.WAIT, message or f"HTTP {status}", status, retry_after,
                       online=status == 429)
    if status in (401, 403):
        return Outcome(Kind.AUTH, "Mã truy cập (token) không hợp lệ hoặc không có quyền — "
                       f"máy chủ trung tâm trả lời {message or status}. Ngừng gửi cho đến khi "
                       "thiết lập thay đổi.", status, online=True)
    if status >= 500 or status in (408, 425):
        return Outcome(Kind.RETRY, message or f"HTTP {status}", status, online=status < 502)
    if 400 <= status < 500:
        return Outcome(Kind.FAIL, message or f"HTTP {status}", status, online=True)
    return Outcome(Kind.RETRY, message or f"HTTP {status} (không mong đợi)", status, online=True)


def transport_outcome(exc: Exception) -> Outcome:
    if isinstance(exc, requests.exceptions.SSLError):
        msg = f"Lỗi chứng chỉ TLS khi kết nối máy chủ trung tâm: {exc}"
    elif isinstance(exc, requests.exceptions.ConnectTimeout):
        msg = "Hết thời gian chờ kết nối máy chủ trung tâm (mất mạng?)"
    elif isinstance(exc, requests.exceptions.Timeout):
        msg = "Máy chủ trung tâm không trả lời kịp (hết thời gian chờ)"
    elif isinstance(exc, requests.exceptions.ConnectionError):
        msg = f"Không kết nối được máy chủ trung tâm: {type(exc).__name__}"
        cause = str(exc)
        if "refused" in cause.lower():
            msg = "Không kết nối được máy chủ trung tâm (bị từ chối kết nối — mất mạng?)"
        elif "reset" in cause.lower() or "aborted" in cause.lower() or "disconnect" in cause.lower():
            msg = "Kết nối tới máy chủ trung tâm bị ngắt giữa chừng"
    else:
        msg = f"Lỗi gửi tới máy chủ trung tâm: {type(exc).__name__}: {exc}"
    return Outcome(Kind.RETRY, msg[:MAX_MESSAGE], None, online=False)


class CentralClient:
    """POST /v1/events (and /v1/events:batch when the server offers it)."""

    def __init__(self, cfg: CentralConfig, session: requests.Session | None = None):
        self.cfg = cfg
        self.batch_supported: bool | None = None     # unknown until tried
        self.session = session or requests.Session()
        self.session.trust_env = True                 # proxies from the environment
        self.session.verify = cfg.ca_bundle or True   # never False
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update({
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
        })
        if cfg.token:
            self.session.headers["Authorization"] = f"Bearer {cfg.token}"

    @property
    def timeout(self) -> tuple[float, float]:
        return (self.cfg.connect_timeout, self.cfg.timeout)

    def close(self) -> None:
        self.session.close()

    def _post(self, path: str, body: object, headers: dict | None = None) -> requests.Response:
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self.session.post(self.cfg.url + path, data=data, headers=headers,
                                 timeout=self.timeout, allow_redirects=False)

    def send(self, payload: dict) -> Outcome:
        try:
            resp = self._post(EVENTS_PATH, payload, {"Idempotency-Key": payload["event_id"]})
        except requests.exceptions.RequestException as exc:
            return transport_outcome(exc)
        with resp:
            if 200 <= resp.status_code < 300 or resp.status_code == 409:
                return classify(resp.status_code)
            return classify(resp.status_code, server_message(resp),
                            parse_retry_after(resp.headers.get("Retry-After")))

    def send_batch(self, payloads: list[dict]) -> list[Outcome] | None:
        """One request for many events (at most one per dossier, see worker).  Returns None
        when the server has no batch endpoint (the caller then sends one by one)."""
        if self.batch_supported is False or len(payloads) < 2:
            return None
        try:
            resp = self._post(BATCH_PATH, {"events": payloads})
        except requests.exceptions.RequestException as exc:
            return [transport_outcome(exc)] * len(payloads)
        with resp:
            status = resp.status_code
            if status in (404, 405, 501) or (400 <= status < 500 and status not in
                                              (401, 403, 408, 425, 429)):
                self.batch_supported = False          # old server or body refused: go single
                return None
            if not 200 <= status < 300:
                out = classify(status, server_message(resp),
                               parse_retry_after(resp.headers.get("Retry-After")))
                return [out] * len(payloads)
            try:
                items = {str(r.get("event_id")): r for r in resp.json().get("results", [])}
            except (ValueError, AttributeError):
                items = {}
        self.batch_supported = True
        outcomes = []
        for p in payloads:
            item = items.get(p["event_id"])
            if item is None:   # not answered for: send again later (idempotent)
                outcomes.append(Outcome(Kind.RETRY, "Máy chủ không trả kết quả cho sự kiện này",
                                        status, online=True))
                continue
            code = int(item.get("status") or 0)
            msg = str(item.get("message") or "")
            msg = f"HTTP {code}: {msg}"[:MAX_MESSAGE] if msg else ""
            out = classify(code, msg, parse_retry_after(str(item.get("retry_after") or "")))
            if out.kind in (Kind.WAIT, Kind.AUTH):   # per-item: plain retry for this one
                out = Outcome(Kind.RETRY, out.message, code, out.retry_after, online=True)
            outcomes.append(out)
        return outcomes
