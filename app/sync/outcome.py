"""What one delivery attempt came to (shared by the central client and the adapters)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class Kind(str, enum.Enum):
    DELIVERED = "delivered"   # 2xx, or 409 "already received"
    RETRY = "retry"           # 5xx, timeout, refused/reset: exponential backoff with jitter
    WAIT = "wait"             # 429/503: wait Retry-After
    AUTH = "auth"             # 401/403: stop sending until the settings change
    FAIL = "fail"             # other 4xx: this event failed (a supervisor may retry it)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: Kind
    message: str = ""
    http_status: int | None = None
    retry_after: float | None = None    # seconds (WAIT)
    online: bool | None = None          # did we reach the service?
    source: str = "central"             # "central" | "zalo" | "sms"

    @property
    def ok(self) -> bool:
        return self.kind is Kind.DELIVERED


MAX_RETRY_AFTER = 3600.0      # a server may ask for a pause; we never wait more than an hour


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), capped at one hour.
    Garbage (non-ASCII digits, impossible dates) → None: the normal backoff applies."""
    if not value:
        return None
    value = str(value).strip()
    if value.isascii() and value.isdigit():
        return MAX_RETRY_AFTER if len(value) > 6 else min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return min(MAX_RETRY_AFTER, max(0.0, (when - now).total_seconds()))
