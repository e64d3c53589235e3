"""Helpers shared by the CLI commands: output, argument parsing."""
from __future__ import annotations

import dataclasses
import enum
import json
import sys
from datetime import date, datetime

from app.domain import VN_TZ, UserError


def to_jsonable(obj):
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, datetime):
        return obj.astimezone(VN_TZ).isoformat(timespec="seconds")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in obj]
    return obj


def emit(args, obj, text: str | None = None) -> None:
    """--json: one JSON document on stdout; otherwise readable text."""
    if getattr(args, "json", False):
        json.dump(to_jsonable(obj), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(text if text is not None else json.dumps(to_jsonable(obj), ensure_ascii=False, indent=1))


def parse_moment(text: str | None, field: str = "--at") -> datetime | None:
    """ISO 8601; a naive value is read as Vietnam time."""
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{field}: thời điểm không hợp lệ '{text}'. Dùng ISO 8601, "
                        "ví dụ 2026-11-25T10:05:00+07:00.", field) from None
    return dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)


def parse_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{field}: ngày không hợp lệ '{text}'. Dùng YYYY-MM-DD.", field) from None


def add_json(p) -> None:
    p.add_argument("--json", action="store_true", help="một tài liệu JSON trên stdout")


def command(sub, name: str, func, help: str | None = None, needs_login: bool = True, **defaults):
    """One subcommand: its parser with --json, run by `func(args)`; main.py signs the user in
    first (``args.actor``) unless ``needs_login=False``."""
    p = sub.add_parser(name, help=help)
    add_json(p)
    p.set_defaults(func=func, needs_login=needs_login, **defaults)
    return p
