"""Citizen notification adapters behind one interface (setting notify.adapter).

- "central" (default): the central service notifies the citizen itself; nothing more here.
- "zalo": Zalo ZNS template message to the applicant's phone (84… form),
  template_data from the dossier, tracking_id = event id.
- "sms": a generic HTTP SMS gateway (JSON body template; eSMS-style CodeResult).

Every event goes to the central service first; only "result ready" and "supplement
requested" (status_changed to 5) also notify the citizen through the adapter.
Adapter settings live in the setting table under `sync.zalo.*` / `sync.sms.*`
(see `ADAPTER_KEYS`); secrets in the keyring (credentials.KINDS).
"""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from typing import Protocol

import requests

from app.domain import VN_TZ, UserError, is_amendment
from app.sync import credentials, state
from app.sync.client import server_message, transport_outcome
from app.sync.config import USER_AGENT, CentralConfig, adapter_url
from app.sync.outcome import Kind, Outcome

SUPPLEMENT_STATUS = 5

ESMS_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ESMS_BODY = json.dumps({"ApiKey": "{api_key}", "SecretKey": "{secret}", "Phone": "{phone}",
                        "Content": "{content}", "Brandname": "{brandname}", "SmsType": "2",
                        "IsUnicode": "0", "RequestId": "{request_id}"})
ADAPTER_KEYS = {
    "sync.zalo.url": "https://business.openapi.zalo.me/message/template",
    "sync.zalo.template_result": "",
    "sync.zalo.template_supplement": "",
    "sync.zalo.template_returned": "",
    "sync.sms.url": ESMS_URL,
    "sync.sms.api_key": "",
    "sync.sms.brandname": "",
    "sync.sms.body": ESMS_BODY,
    "sync.sms.phone_format": "0",    # "0": 09xxxxxxxx, "84": 849xxxxxxxx
    "sync.sms.template_result": ("{office}: Ho so {code} da co ket qua. Moi ong/ba {name} den "
                                 "{pickup} nhan ket qua. Tra cuu: {tracking_url}"),
    "sync.sms.template_supplement": ("{office}: Ho so {code} can bo sung: {note}. "
                                     "Tra cuu: {tracking_url}"),
    "sync.sms.template_returned": ("{office}: Ong/ba {name} da nhan ket qua ho so {code}. "
                                   "Cam on ong/ba. Tra cuu: {tracking_url}"),
}
TEMPLATE_FOR_TYPE = {"dossier.result_ready": "result", "dossier.returned": "returned"}


def template_key(channel: str, payload: dict) -> str:
    """sync.zalo.template_result / _returned / _supplement for this event."""
    return f"sync.{channel}.template_{TEMPLATE_FOR_TYPE.get(payload.get('type', ''), 'supplement')}"

# ZNS error codes (developers.zalo.me / zalo.cloud "Cách xử lý mã lỗi").
ZNS_RETRY = {-100, -113, -115, -133, -32}     # unknown, tracking, out of quota, night time, rate
ZNS_AUTH = {-101, -102, -103, -104, -105, -124, -125}
# eSMS CodeResult: 100 accepted, 124 duplicate RequestId (already accepted).
ESMS_OK = {"100", "124"}
ESMS_RETRY = {"103", "140"}                    # balance, IP whitelist: fixable by the office
ESMS_AUTH = {"101", "102"}


class Notifier(Protocol):
    name: str

    def deliver(self, payload: dict) -> Outcome: ...

    def close(self) -> None: ...


def notifies_citizen(payload: dict) -> bool:
    if is_amendment(payload.get("note")):       # a correction of the data: the status did not move
        return False
    if payload.get("type") in ("dossier.result_ready", "dossier.returned"):
        return True
    return (payload.get("type") == "dossier.status_changed"
            and int((payload.get("dossier") or {}).get("status") or 0) == SUPPLEMENT_STATUS)


def phone_84(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84"):
        return digits
    if digits.startswith("0"):
        return "84" + digits[1:]
    return digits


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics, case kept (SMS without Unicode)."""
    s = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def _local_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).astimezone(VN_TZ).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def template_data(payload: dict) -> dict:
    d, a = payload.get("dossier") or {}, payload.get("applicant") or {}
    return {"ma_ho_so": d.get("code", ""), "ten_nguoi_nop": a.get("name", ""),
            "ten_thu_tuc": (d.get("procedure_name") or "")[:100],
            "trang_thai": d.get("status_name", ""), "ngay_hen_tra": _local_date(d.get("due_at")),
            "link_tra_cuu": d.get("tracking_url", ""), "ghi_chu": (payload.get("note") or "")[:100]}


class _HttpNotifier:
    name = "?"

    def __init__(self, cfg: CentralConfig, session: requests.Session | None = None):
        self.cfg = cfg
        self.session = session or requests.Session()
        self.session.trust_env = True
        self.session.verify = True
        self.session.headers["User-Agent"] = USER_AGENT

    def close(self) -> None:
        self.session.close()

    def _fail(self, kind: Kind, msg: str, status: int | None = None) -> Outcome:
        return Outcome(kind, f"{self.name}: {msg}"[:500], status, online=None, source=self.name)

    @staticmethod
    def _url(key: str) -> str | UserError:
        """The stored address, or the UserError saying why it is bad (_post_json turns it
        into a RETRY outcome: the event waits until the address is fixed)."""
        try:
            return adapter_url(key, ADAPTER_KEYS[key])
        except UserError as exc:
            return exc

    def _post(self, url: str, body: dict, headers: dict | None = None):
        try:
            return self.session.post(url, json=body, headers=headers, allow_redirects=False,
                                     timeout=(self.cfg.connect_timeout, self.cfg.timeout)), None
        except requests.exceptions.RequestException as exc:
            out = transport_outcome(exc)
            return None, self._fail(Kind.RETRY, out.message.replace("máy chủ trung tâm", self.name))

    def _post_json(self, url: str | UserError, body: dict, headers: dict | None = None):
        """POST and read a JSON object back: (data, http_status, None) or (None, status, Outcome)."""
        if isinstance(url, UserError):                # a bad stored address: retry once fixed
            return None, None, self._fail(Kind.RETRY, url.message)
        resp, err = self._post(url, body, headers)
        if err:
            return None, None, err
        with resp:
            bad = self._http_error(resp)
            if bad:
                return None, resp.status_code, bad
            try:
                data = resp.json()
            except ValueError:
                data = None
        if not isinstance(data, dict):
            return None, resp.status_code, self._fail(Kind.RETRY, "trả lời không phải JSON",
                                                      resp.status_code)
        return data, resp.status_code, None

    def _http_error(self, resp) -> Outcome | None:
        if 200 <= resp.status_code < 300:
            return None
        msg = server_message(resp)
        if resp.status_code in (429, 503) or resp.status_code >= 500:
            return self._fail(Kind.RETRY, msg, resp.status_code)
        if resp.status_code in (401, 403):
            return self._fail(Kind.RETRY, "sai thông tin xác thực — " + msg, resp.status_code)
        return self._fail(Kind.FAIL, msg, resp.status_code)


class ZaloZnsAdapter(_HttpNotifier):
    name = "Zalo"

    def deliver(self, payload: dict) -> Outcome:
        phone = phone_84((payload.get("applicant") or {}).get("phone", ""))
        if not phone:
            return Outcome(Kind.DELIVERED, "Không có số điện thoại: bỏ qua Zalo", source=self.name)
        key = template_key("zalo", payload)
        template_id = state.get_value(key, ADAPTER_KEYS[key])
        if not template_id and payload.get("type") == "dossier.returned":
            # the hand-over message is optional: an office without that template sends none
            return Outcome(Kind.DELIVERED, "Chưa đặt mẫu ZNS trả kết quả: bỏ qua Zalo",
                           source=self.name)
        if not template_id:
            return self._fail(Kind.FAIL, f"chưa đặt mã mẫu ZNS ({key}).")
        token = credentials.get_secret("zalo")
        if not token:
            return self._fail(Kind.RETRY, "chưa có access token Zalo OA (token set --for zalo).")
        body = {"phone": phone, "template_id": template_id,
                "template_data": template_data(payload), "tracking_id": payload["event_id"]}
        data, status, err = self._post_json(self._url("sync.zalo.url"), body,
                                            {"access_token": token})
        if err:
            return err
        try:
            code = int(data.get("error", -100))
        except (TypeError, ValueError):
            return self._fail(Kind.RETRY, "trả lời không có mã lỗi ZNS", status)
        if code == 0:
            return Outcome(Kind.DELIVERED, http_status=status, source=self.name)
        msg = f"mã lỗi ZNS {code}: {data.get('message', '')}"
        if code in ZNS_RETRY:
            return self._fail(Kind.RETRY, msg, status)
        if code in ZNS_AUTH:
            return self._fail(Kind.RETRY, "access token/ứng dụng không hợp lệ — " + msg,
                              status)
        return self._fail(Kind.FAIL, msg, status)


class SmsAdapter(_HttpNotifier):
    name = "SMS"

    def content(self, payload: dict) -> str:
        from app import settings
        key = template_key("sms", payload)
        d, a = payload.get("dossier") or {}, payload.get("applicant") or {}
        values = {"code": d.get("code", ""), "name": a.get("name", ""),
                  "procedure": d.get("procedure_name", ""), "tracking_url": d.get("tracking_url", ""),
                  "due": _local_date(d.get("due_at")), "note": payload.get("note") or "",
                  "office": settings.get("office.name"), "pickup": settings.get("office.pickup_place")}
        text = state.get_value(key, ADAPTER_KEYS[key])
        for k, v in values.items():
            text = text.replace("{" + k + "}", str(v))
        return ascii_text(text)

    def deliver(self, payload: dict) -> Outcome:
        phone = phone_84((payload.get("applicant") or {}).get("phone", ""))
        if not phone:
            return Outcome(Kind.DELIVERED, "Không có số điện thoại: bỏ qua SMS", source=self.name)
        if state.get_value("sync.sms.phone_format", "0") == "0":
            phone = "0" + phone[2:]
        secret = credentials.get_secret("sms")
        if not secret:
            return self._fail(Kind.RETRY, "chưa có SecretKey của cổng SMS (token set --for sms).")
        fill = {"{api_key}": state.get_value("sync.sms.api_key", ""), "{secret}": secret,
                "{phone}": phone, "{content}": self.content(payload),
                "{brandname}": state.get_value("sync.sms.brandname", ""),
                "{request_id}": payload["event_id"]}
        try:
            body = json.loads(state.get_value("sync.sms.body", ESMS_BODY))
        except ValueError:
            return self._fail(Kind.FAIL, "mẫu nội dung yêu cầu (sync.sms.body) không phải JSON.")
        body = {k: _fill(v, fill) for k, v in body.items()}
        data, status, err = self._post_json(self._url("sync.sms.url"), body)
        if err:
            return err
        code = str(data.get("CodeResult", ""))
        if code in ESMS_OK:
            return Outcome(Kind.DELIVERED, http_status=status, source=self.name)
        msg = f"CodeResult {code}: {data.get('ErrorMessage', '')}".strip()
        if code in ESMS_RETRY or code in ESMS_AUTH:
            return self._fail(Kind.RETRY, msg, status)
        return self._fail(Kind.FAIL, msg, status)


def _fill(value, fill: dict):
    if isinstance(value, str):
        for k, v in fill.items():
            value = value.replace(k, v)
    return value


def make_notifier(cfg: CentralConfig) -> Notifier | None:
    """The citizen adapter for notify.adapter; None for "central" (the service notifies)."""
    if cfg.adapter == "zalo":
        return ZaloZnsAdapter(cfg)
    if cfg.adapter == "sms":
        return SmsAdapter(cfg)
    return None
