"""Personal data kept out of sight: masked CCCD/phone in lists, nothing personal in the log.

Who sees what (DESIGN: a clerk needs the full numbers only for the dossier in front of them):
- lists (find, queue): supervisors and administrators see full CCCD/phone numbers, clerks see
  them masked (`0241******34`, `091****678`);
- the dossier detail a user opens shows them in full to every role;
- printed receipts keep their own masking (app.domain.mask_tail);
- the log file never holds them: `RedactingFormatter` masks 12-digit and phone-like numbers,
  tracking tokens in URLs and bearer/API tokens in whatever is written, tracebacks included."""
from __future__ import annotations

import logging
import re

from app.domain import Role, User


def mask_id(number: str) -> str:
    """CCCD / personal id: first 4 and last 2 digits, e.g. 024190001234 → 0241******34
    (the first four are the province and the century/sex digit)."""
    n = (number or "").strip()
    if len(n) <= 6:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 6) + n[-2:]


def mask_phone(number: str) -> str:
    """Phone: first 3 and last 3 digits, e.g. 0912345678 → 091****678."""
    n = (number or "").strip()
    if len(n) <= 6:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 6) + n[-3:]


def sees_full_in_lists(user: User | None) -> bool:
    return user is not None and Role(user.role) in (Role.SUPERVISOR, Role.ADMIN)


def list_id(user: User | None, number: str) -> str:
    return number if sees_full_in_lists(user) else mask_id(number)


def list_phone(user: User | None, number: str) -> str:
    return number if sees_full_in_lists(user) else mask_phone(number)


# -- the log ---------------------------------------------------------------------------------
_PATTERNS = [
    # tokens in URLs (tracking ?t=…, token=…, access_token=…, api_key=…)
    (re.compile(r"(?i)([?&](?:t|token|access_token|api_?key|secret(?:key)?)=)[^&\s'\"]+"), r"\1***"),
    # bearer / header / JSON-style secrets
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1***"),
    (re.compile(r"(?i)([\"']?(?:password|passwd|mat_?khau|token|access_token|api_?key|secret"
                r"(?:key)?|tracking_token)[\"']?\s*[:=]\s*[\"']?)[^\"',\s}]+"), r"\1***"),
    # 12-digit CCCD / 9-digit CMND, phone numbers (0xxxxxxxxx, +84/84xxxxxxxxx)
    (re.compile(r"(?<!\d)(\d{4})\d{6}(\d{2})(?!\d)"), r"\1******\2"),
    (re.compile(r"(?<![\d.])(\+?84|0)(\d{2})\d{4}(\d{3})(?!\d)"), r"\1\2****\3"),
    (re.compile(r"(?<![\d.])\d{9}(?![\d.])"), "*********"),
]


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks personal numbers and secrets in the whole record."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


LOG_HANDLER = "motcua.file"        # the name of the app's file handler on the "motcua" logger


def file_handler(path, max_bytes: int = 2_000_000, backups: int = 3) -> logging.Handler:
    import logging.handlers
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                                   encoding="utf-8")
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    return handler


def setup_logging(folder=None):
    """The app's log file (rotating, redacted): `folder` or the per-user log folder.
    Returns its path.  Called once by the desktop app; tests pass a temp folder."""
    from pathlib import Path

    import platformdirs
    folder = Path(folder or platformdirs.user_log_dir("MotCuaDesk", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "motcua.log"
    root = logging.getLogger("motcua")
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if h.get_name() == LOG_HANDLER]:
        root.removeHandler(old)
        old.close()
    handler = file_handler(path)
    handler.set_name(LOG_HANDLER)
    root.addHandler(handler)
    return path
