"""The national portal's one-stop sync (DVCQG) through the province's gateway.

Chosen with `config set notify.adapter dvcqg`; settings dvcqg.url (adapter_url), dvcqg.auth_path,
dvcqg.integration_path, dvcqg.username, dvcqg.madonvi (default: the office code), dvcqg.dstcode;
the password from the keyring (`token set --for dvcqg`) or $MOTCUA_DVCQG_PASSWORD, never on disk.
Contract: dvcqg_api.yaml.

    POST {url}{auth_path}         {"username", "password"}          -> {"session", "error_code": 0}
    POST {url}{integration_path}  {"session", "madonvi", "service": NAME, ...}   (+ header dstcode)

Per outbox event (the worker keeps per-dossier order, leases and backoff):
- registration: TraCuuHoSo (does the portal have it?) -> DongBoHoSoMC isUpdating True/False;
- every later change: DongBoHoSoMC isUpdating "True" -> CapNhatTienDoHoSoMC (its history entry).
Exactly once in effect: before its first portal write an event records itself in dvcqg_state;
an event that finds itself there may have reached the portal already, so it looks the dossier
up first — a re-sent dossier becomes an update, and a progress entry the portal already lists
is not sent again.  An expired session is re-opened once and the call repeated.

Outcomes: network trouble, HTTP 5xx/408/429/503 and busy codes -> retry with backoff; refused
login (or a session refused right after a fresh login) -> stop sending until the settings or the
password change; other portal refusals and unmapped procedures -> this event fails (a
supervisor retries it).  Payloads carry personal data: never logged.
"""
from __future__ import annotations

import json
import logging
from collections import Counter

import requests
from requests.adapters import HTTPAdapter

from app.i18n import _
from app.store import to_db, utcnow, write
from app.sync import dvcqg_map, dvcqg_mapping
from app.sync.client import transport_outcome
from app.sync.config import USER_AGENT, CentralConfig
from app.sync.outcome import Kind, Outcome, parse_retry_after

log = logging.getLogger("motcua.sync.dvcqg")
SOURCE = "dvcqg"
OK_CODES = {"0", "00"}
SESSION_CODES = {"-1", "401", "403", "SESSION_EXPIRED", "INVALID_SESSION"}
BUSY_CODES = {"-9999", "429", "500", "502", "503", "504"}
PROGRESS_KEYS = ("QuaTrinhXuLy", "DanhSachTienDo", "TienDoXuLy")
MAX_MESSAGE = 500


def code_of(data: dict) -> str:
    raw = data.get("error_code")
    return "" if raw is None else str(raw).strip()


def is_ok(data: dict) -> bool:
    return code_of(data) in OK_CODES


def session_expired(data: dict) -> bool:
    msg = str(data.get("message") or data.get("error_message") or "").lower()
    return code_of(data) in SESSION_CODES or "session" in msg or "phiên" in msg


def portal_message(data: dict) -> str:
    text = str(data.get("message") or data.get("error_message") or data.get("error") or "")
    return f"error_code {code_of(data) or '?'}: {text}".strip(": ")[:MAX_MESSAGE]


class DvcqgClient:
    name = "DVCQG"

    def __init__(self, cfg: CentralConfig, session: requests.Session | None = None):
        from app import settings
        values = settings.all_values()
        self.cfg = cfg
        self.auth_url = cfg.url + values["dvcqg.auth_path"]
        self.integration_url = cfg.url + values["dvcqg.integration_path"]
        self.username = values["dvcqg.username"]
        self.madonvi = values["dvcqg.madonvi"] or values["office.code"]
        self.dstcode = values["dvcqg.dstcode"]
        self.session_id: str | None = None       # in memory only (a credential too)
        self.stats: Counter = Counter()
        self.http = session or requests.Session()
        self.http.trust_env = True
        self.http.verify = cfg.ca_bundle or True
        adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
        self.http.mount("https://", adapter)
        self.http.mount("http://", adapter)
        self.http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json",
                                  "Content-Type": "application/json; charset=utf-8"})
        if self.dstcode:
            self.http.headers["dstcode"] = self.dstcode

    def close(self) -> None:
        self.http.close()

    def send_batch(self, payloads: list[dict]) -> list[Outcome] | None:
        return None          # the portal has no batch call: the worker sends one by one

    # ---- transport ----------------------------------------------------------------
    def _fail(self, kind: Kind, msg: str, status: int | None = None, online: bool | None = True,
              retry_after: float | None = None) -> Outcome:
        return Outcome(kind, f"{self.name}: {msg}"[:MAX_MESSAGE], status, retry_after,
                       online=online, source=SOURCE)

    def _post(self, url: str, body: dict) -> tuple[dict | None, Outcome | None, int | None]:
        """(JSON object, None, status) or (None, Outcome, status); never raises for the network."""
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.stats["http_calls"] += 1
        try:
            resp = self.http.post(url, data=data, allow_redirects=False,
                                  timeout=(self.cfg.connect_timeout, self.cfg.timeout))
        except requests.exceptions.RequestException as exc:
            out = transport_outcome(exc)
            msg = (out.message.replace("Máy chủ trung tâm", _("Cổng DVCQG"))
                   .replace("máy chủ trung tâm", _("cổng DVCQG")))
            return None, Outcome(Kind.RETRY, msg, None, online=False, source=SOURCE), None
        with resp:
            status = resp.status_code
            try:
                answer = resp.json()
            except ValueError:
                answer = None
            if status in (429, 503):
                return None, self._fail(Kind.WAIT, f"HTTP {status}", status, retry_after=(
                    parse_retry_after(resp.headers.get("Retry-After")))), status
            if status >= 500 or status in (408, 425):
                return None, self._fail(Kind.RETRY, f"HTTP {status}", status, status < 502), status
            if status in (401, 403):
                return (answer if isinstance(answer, dict) else {"error_code": str(status)},
                        None, status)
            if not 200 <= status < 300:
                text = portal_message(answer) if isinstance(answer, dict) else (resp.text or "")
                return None, self._fail(Kind.FAIL, f"HTTP {status} {text}"[:300], status), status
        if not isinstance(answer, dict):
            return None, self._fail(Kind.RETRY, _("trả lời không phải JSON"), status), status
        return answer, None, status

    def open_session(self) -> Outcome | None:
        """Log in; None on success, else the Outcome (AUTH for refused credentials)."""
        self.session_id = None
        if not self.username:
            return self._fail(Kind.AUTH, _("chưa đặt tên đăng nhập (config set dvcqg.username …)."))
        self.stats["session_opens"] += 1
        answer, err, status = self._post(self.auth_url, {"username": self.username,
                                                         "password": self.cfg.token or ""})
        if err is not None:
            return err
        data = answer or {}                   # without an error, _post gives the JSON object
        if is_ok(data) and data.get("session"):
            self.session_id = str(data["session"])
            return None
        if status not in (None, 401, 403) and code_of(data) in BUSY_CODES:
            return self._fail(Kind.RETRY, portal_message(data), status)
        return self._fail(Kind.AUTH, _("cổng từ chối đăng nhập với tài khoản '{user}' ({why}). "
                                       "Ngừng gửi cho đến khi sửa tên đăng nhập hoặc mật khẩu "
                                       "(token set --for dvcqg).")
                          .format(user=self.username, why=portal_message(data)), status)

    def call(self, service: str, fields: dict) -> tuple[dict | None, Outcome | None]:
        """One service call with the session (opened when missing, re-opened once if expired).
        Returns (answer, None) when the portal said OK, else (answer or None, Outcome)."""
        for attempt in (1, 2):
            if self.session_id is None:
                err = self.open_session()
                if err is not None:
                    return None, err
            body = {"session": self.session_id, "madonvi": self.madonvi, "service": service}
            body.update(fields)
            self.stats[f"call:{service}"] += 1
            answer, err, status = self._post(self.integration_url, body)
            if err is not None:
                return None, err
            data = answer or {}
            if is_ok(data):
                return data, None
            if session_expired(data) or status in (401, 403):
                self.session_id = None
                if attempt == 1:
                    self.stats["session_expired"] += 1
                    continue
                return data, self._fail(Kind.AUTH, _("phiên đăng nhập bị từ chối ngay sau khi "
                                                     "đăng nhập lại ({why}).")
                                        .format(why=portal_message(data)), status)
            kind = Kind.RETRY if code_of(data) in BUSY_CODES else Kind.FAIL
            return data, self._fail(kind, f"{service}: {portal_message(data)}", status)
        return None, self._fail(Kind.RETRY, "?")      # pragma: no cover - loop returns

    # ---- service calls --------------------------------------------------------------
    def lookup(self, code: str) -> tuple[dict | None, Outcome | None]:
        """TraCuuHoSo: the portal's record of this dossier ({} when it has none)."""
        data, err = self.call("TraCuuHoSo", {"mahoso": code})
        if err is not None or data is None:
            return None, err
        result = data.get("result")
        if isinstance(result, list):
            return (result[0] if result and isinstance(result[0], dict) else
                    ({"MaHoSo": code} if result else {})), None
        return (result if isinstance(result, dict) else {}), None

    def describe(self, ma_tthc: str) -> tuple[dict | None, Outcome | None]:
        """LayThuTuc: the national procedure record (TENTTHC, LINHVUCTHUCHIEN…), None if unknown."""
        data, err = self.call("LayThuTuc", {"maTTHC": ma_tthc})
        if err is not None or data is None:
            return None, err
        result = data.get("result")
        if isinstance(result, list):
            result = result[0] if result else None
        return (result if isinstance(result, dict) else None), None

    def _sync_dossier(self, item: dict, updating: bool) -> Outcome | None:
        _data, err = self.call("DongBoHoSoMC", {"isUpdating": "True" if updating else "False",
                                                "data": [item]})
        return err

    # ---- one outbox event --------------------------------------------------------------
    def send(self, payload: dict) -> Outcome:
        d = payload.get("dossier") or {}
        code = d.get("code", "")
        mapping = dvcqg_mapping.lookup(d.get("procedure_code", ""))
        if mapping is None:
            self.stats["unmapped"] += 1
            return Outcome(Kind.FAIL, _("DVCQG: thủ tục {proc} chưa có mã TTHC quốc gia. Đặt bằng: "
                                        "python main.py dvcqg mapping set {proc} MÃ_TTHC, rồi gửi "
                                        "lại: python main.py sync retry --all.")
                           .format(proc=d.get("procedure_code", "?")), source=SOURCE)
        ctx = dvcqg_map.context_for(payload, mapping)
        item = dvcqg_map.portal_dossier(payload, ctx)
        first = payload.get("type") == "dossier.received"
        resend = self._mark_started(code, payload.get("event_id", ""))
        if resend:
            self.stats["resends"] += 1
        found: dict | None = None
        if first or resend:
            found, err = self.lookup(code)
            if err is not None:
                return err
        updating = bool(found) or not first
        if first and found:
            self.stats["resend_as_update"] += 1
        err = self._sync_dossier(item, updating)
        if err is not None and err.kind is Kind.FAIL and not updating:
            # refused as new: perhaps it got there after all (a lost answer) — look again
            again, err2 = self.lookup(code)
            if err2 is not None:
                return err2
            if again:
                self.stats["resend_as_update"] += 1
                err = self._sync_dossier(item, True)
        if err is not None:
            return err
        if not first:
            progress = dvcqg_map.portal_progress(payload, ctx)
            if resend and self._has_progress(found, progress,
                                             dvcqg_map.expected_progress_count(payload, ctx)):
                self.stats["progress_already_there"] += 1
            else:
                if resend:
                    self.stats["progress_resent"] += 1
                _data, err = self.call("CapNhatTienDoHoSoMC", {"data": [progress]})
                if err is not None:
                    return err
        self.stats["events"] += 1
        return Outcome(Kind.DELIVERED, http_status=200, online=True, source=SOURCE)

    @staticmethod
    def _has_progress(found: dict | None, progress: dict, expected: int) -> bool:
        """Does the look-up answer already list this progress entry (as many times as our
        history has it up to this event)?  When the gateway's TraCuuHoSo carries no progress
        list we cannot tell, and the entry is sent again."""
        if not found:
            return False
        key = dvcqg_map.progress_key(progress)
        for name in PROGRESS_KEYS:
            entries = found.get(name)
            if isinstance(entries, list):
                return sum(1 for e in entries if isinstance(e, dict)
                           and dvcqg_map.progress_key(e) == key) >= expected
        return False

    @staticmethod
    def _mark_started(code: str, event_id: str) -> bool:
        """Record that this event's portal calls start now; True if it had started before."""
        from db.models import DvcqgState
        with write():
            row = DvcqgState.get_or_none(DvcqgState.dossier_code == code)
            if row is not None and row.event_id == event_id:
                return True
            (DvcqgState.insert(dossier_code=code, event_id=event_id, started_at=to_db(utcnow()))
             .on_conflict(conflict_target=[DvcqgState.dossier_code],
                          update={DvcqgState.event_id: event_id,
                                  DvcqgState.started_at: to_db(utcnow())}).execute())
        return False


def sync_catalog(actor, client: DvcqgClient | None = None) -> dict:
    """`dvcqg sync-catalog`: LayThuTuc per national code in use; store TenTTHC, MaLinhVuc and
    TenLinhVuc in the mapping table (one audited transaction).  Admin only."""
    from app.auth import require
    from app.domain import Role, UserError
    from app.sync import config
    require(actor, Role.ADMIN)
    own = client is None
    if client is None:
        cfg = config.load()
        if cfg.adapter != "dvcqg" or not cfg.configured or not cfg.token:
            raise UserError(_("Chưa cấu hình cổng DVCQG: cần notify.adapter = dvcqg, dvcqg.url, "
                              "dvcqg.username và mật khẩu (token set --for dvcqg)."))
        client = DvcqgClient(cfg)
    found: dict = {}
    unknown: list[str] = []
    try:
        for local_code, ma_tthc in dvcqg_mapping.codes_to_describe():
            record, err = client.describe(ma_tthc)
            if err is not None:
                raise UserError(_("Không lấy được thủ tục {code} từ cổng DVCQG: {why}")
                                .format(code=ma_tthc, why=err.message))
            if record is None:
                unknown.append(ma_tthc)
                continue
            fields = record.get("LINHVUCTHUCHIEN") or [{}]
            first = fields[0] if isinstance(fields, list) and fields else {}
            found[local_code] = dvcqg_mapping.Mapping(
                local_code, ma_tthc, str(record.get("TENTTHC") or ""),
                str(first.get("MALINHVUC") or ""), str(first.get("TENLINHVUC") or ""))
    finally:
        if own:
            client.close()
    saved = dvcqg_mapping.save_catalog(actor, found) if found else 0
    return {"updated": saved, "unknown": unknown, "calls": client.stats["http_calls"]}
