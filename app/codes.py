"""Dossier codes ({office}-{YYMMDD}-{NNNN}) and tracking tokens/URLs."""
from __future__ import annotations

import re
import secrets
import string
from datetime import datetime
from urllib.parse import quote

import peewee as pw

from app.domain import VN_TZ, UserError
from app.i18n import _
from db.connection import current
from db.models import Counter

TOKEN_BYTES = 16          # 128 random bits (contract: >= 96)
CODE_RE = re.compile(r"^(?P<office>[0-9A-Za-z.]+)-(?P<day>\d{6})-(?P<seq>\d{4,})$")


def format_code(office_code: str, received: datetime, seq: int) -> str:
    day = received.astimezone(VN_TZ).strftime("%y%m%d")
    return f"{office_code}-{day}-{seq:04d}"


def looks_like_code(text: str) -> bool:
    return bool(CODE_RE.match(text.strip()))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def tracking_url(template: str, code: str, token: str) -> str:
    """The template with {code} (URL-quoted) and {token} filled in.  Only those two bare
    fields are substituted: never str.format, which would evaluate `{__class__}`, `{0}`,
    `{code!r}` … from a template someone typed (app.settings refuses those; this is the
    second lock)."""
    values = {"code": quote(code, safe=".-"), "token": quote(token, safe="-_")}
    out = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        parsed = None
    for literal, field, spec, conversion in parsed or ():
        if field is not None and (field not in values or spec or conversion):
            parsed = None
            break
        out.append(literal + (values[field] if field is not None else ""))
    if parsed is None:
        raise UserError(_("Mẫu địa chỉ tra cứu không hợp lệ: chỉ được chứa {code} và {token}. "
                          "Sửa bằng: python main.py config set tracking.url_template …"),
                        "tracking.url_template")
    return "".join(out)


def parse_tracking_url(text: str) -> tuple[str, str] | None:
    """(code, token) from a scanned tracking URL, whatever the template's host."""
    from urllib.parse import parse_qs, urlparse
    text = text.strip()
    if not text.startswith(("http://", "https://")):
        return None
    q = parse_qs(urlparse(text).query)
    code = (q.get("ma") or q.get("code") or [""])[0]
    token = (q.get("t") or q.get("token") or [""])[0]
    if code and looks_like_code(code):
        return code, token
    # template with the code in the path: pick the segment that looks like a code
    for part in reversed(urlparse(text).path.split("/")):
        if looks_like_code(part):
            return part, token
    return None


def next_value(scope: str, key: str) -> int:
    """Take the next number of a counter inside the caller's write transaction.

    One statement, atomic on both engines: INSERT … ON CONFLICT DO UPDATE … RETURNING.
    On SQLite the caller holds BEGIN IMMEDIATE, so no other writer runs in between."""
    db = current()
    table = Counter._meta.table_name
    sql = (f'INSERT INTO "{table}" ("scope", "key", "last") VALUES (%s, %s, 1) '
           f'ON CONFLICT ("scope", "key") DO UPDATE SET "last" = "{table}"."last" + 1 '
           f'RETURNING "last"')
    if isinstance(db, pw.SqliteDatabase):
        sql = sql.replace("%s", "?")
    return int(db.execute_sql(sql, (scope, key)).fetchone()[0])


def next_dossier_code(office_code: str, received: datetime) -> str:
    day = received.astimezone(VN_TZ).strftime("%y%m%d")
    return format_code(office_code, received, next_value(office_code, day))


def next_register_no(year: int) -> int:
    return next_value("register", str(year))
