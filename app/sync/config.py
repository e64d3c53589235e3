"""Where and how to reach the central service: settings + environment overrides.

Office settings (app.settings): central.url, central.ca_bundle, central.timeout,
notify.adapter.  Environment: MOTCUA_CENTRAL_URL overrides central.url.
Tuning (tests, benchmarks, unusual networks) — environment or SyncWorker arguments:
MOTCUA_SYNC_BATCH (events per request; 1 = single-event mode only), MOTCUA_SYNC_BACKOFF_BASE,
MOTCUA_SYNC_BACKOFF_CAP (seconds, cap 300), MOTCUA_SYNC_LEASE (seconds), MOTCUA_SYNC_POLL
(seconds between looks at an idle outbox), MOTCUA_SYNC_TIMEOUT (read timeout, seconds,
overrides central.timeout; may be fractional).
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, replace
from typing import Any

from app import settings
from app.domain import UserError
from app.i18n import _
from app.sync import credentials

APP_VERSION = "1.0"
USER_AGENT = f"MotCuaDesk/{APP_VERSION} (+python-requests)"
MAX_BACKOFF = 300.0


@dataclass(frozen=True, slots=True)
class Tuning:
    batch_size: int = 100
    backoff_base: float = 2.0
    backoff_cap: float = MAX_BACKOFF
    lease_seconds: float = 120.0
    poll_interval: float = 1.0
    timeout: float | None = None      # None: the office setting central.timeout

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: uniform in [d/2, d], d = base·2^(n-1) ≤ cap."""
        d = min(self.backoff_cap, self.backoff_base * (2 ** max(0, min(attempt, 30) - 1)))
        return random.uniform(d / 2, d)


def _env_float(name: str) -> float | None:
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def tuning(**overrides: float | None) -> Tuning:
    t = Tuning()
    env = {"batch_size": _env_float("MOTCUA_SYNC_BATCH"),
           "backoff_base": _env_float("MOTCUA_SYNC_BACKOFF_BASE"),
           "backoff_cap": _env_float("MOTCUA_SYNC_BACKOFF_CAP"),
           "lease_seconds": _env_float("MOTCUA_SYNC_LEASE"),
           "poll_interval": _env_float("MOTCUA_SYNC_POLL"),
           "timeout": _env_float("MOTCUA_SYNC_TIMEOUT")}
    values: dict[str, Any] = {k: v for k, v in env.items() if v is not None}   # batch_size: int
    values.update({k: v for k, v in overrides.items() if v is not None})
    if "batch_size" in values:
        values["batch_size"] = max(1, int(values["batch_size"]))
    if "backoff_cap" in values:
        values["backoff_cap"] = min(MAX_BACKOFF, float(values["backoff_cap"]))
    return replace(t, **values)


@dataclass(frozen=True, slots=True)
class CentralConfig:
    url: str                 # base URL without trailing slash; "" = not configured
    token: str | None
    ca_bundle: str           # "" = the system/certifi store
    timeout: float           # read timeout, seconds
    adapter: str             # "central" | "zalo" | "sms" | "dvcqg"
    account: str = ""        # dvcqg: the portal user name (part of the fingerprint)

    @property
    def configured(self) -> bool:
        return bool(self.url)

    @property
    def fingerprint(self) -> str:
        return credentials.fingerprint(self.url, self.token,
                                       *((self.account,) if self.account else ()))

    @property
    def connect_timeout(self) -> float:
        return min(self.timeout, 5.0)


def central_url() -> str:
    """central.url (checked when set and again here), or MOTCUA_CENTRAL_URL checked the same
    way: https://, or http:// only to 127.0.0.1/localhost/[::1]; no user:password@."""
    env = os.environ.get("MOTCUA_CENTRAL_URL", "").strip()
    if env:
        try:
            return settings.check_url(env, "MOTCUA_CENTRAL_URL")
        except UserError as exc:
            raise UserError(_("Biến môi trường MOTCUA_CENTRAL_URL không hợp lệ: {why}")
                            .format(why=exc.message), "MOTCUA_CENTRAL_URL") from None
    return settings.get("central.url")


# Adapter keys holding an address (app.sync.adapters.ADAPTER_KEYS): checked like central.url.
URL_KEYS = ("sync.zalo.url", "sync.sms.url")


def check_adapter_value(key: str, value: str) -> str:
    """A `sync.*` value before it is stored (`sync config KEY VALUE`)."""
    if key in URL_KEYS:
        return settings.check_url(value, key, allow_empty=False)
    return value


def adapter_url(key: str, default: str) -> str:
    """A stored adapter address, checked again when read."""
    from app.sync import state
    raw = state.get_value(key, default)
    try:
        return settings.check_url(raw, key, allow_empty=False)
    except UserError as exc:
        raise UserError(_("Thiết lập '{key}' trong cơ sở dữ liệu không hợp lệ: {why} "
                          "Sửa bằng: python main.py sync config {key} …")
                        .format(key=key, why=exc.message), key) from None


def load(tune: Tuning | None = None) -> CentralConfig:
    """With notify.adapter = dvcqg the national portal's gateway takes the central service's
    place: url = dvcqg.url, token = the dvcqg password (keyring / $MOTCUA_DVCQG_PASSWORD)."""
    values = settings.all_values()
    timeout = tune.timeout if tune and tune.timeout else float(values["central.timeout"] or 10)
    adapter = values["notify.adapter"] or "central"
    if adapter == "dvcqg":
        return CentralConfig(url=values["dvcqg.url"], token=credentials.get_secret("dvcqg"),
                             ca_bundle=values["central.ca_bundle"], timeout=timeout,
                             adapter=adapter, account=values["dvcqg.username"])
    return CentralConfig(url=central_url(), token=credentials.get_secret("central"),
                         ca_bundle=values["central.ca_bundle"], timeout=timeout,
                         adapter=adapter)
