"""Helpers shared by the CLI commands: output, argument parsing."""
from __future__ import annotations

import dataclasses
import enum
import json
import sys
from datetime import date, datetime

from app.domain import VN_TZ, UserError
from app.i18n import _
from app.validation import check_day, check_moment_range


def check_argv(argv) -> None:
    """On Linux, bytes that are not UTF-8 arrive in argv as lone surrogates (PEP 383):
    refuse them here, before they reach argparse, a message or the database."""
    for i, arg in enumerate(argv or (), start=1):
        if isinstance(arg, str) and any("\ud800" <= ch <= "\udfff" for ch in arg):
            raise UserError(_("Tham số dòng lệnh không phải UTF-8 hợp lệ (tham số thứ {i}). Hãy "
                              "dùng bảng mã UTF-8 cho cửa sổ lệnh hoặc tệp kịch bản.").format(i=i))


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


def parse_moment(text: str | None, field: str = "--at", required: bool = False) -> datetime | None:
    """ISO 8601; a naive value is read as Vietnam time.  Empty → None, or an error if required."""
    if not text or not text.strip():
        if required:
            raise UserError(_("{field}: cần nhập thời điểm, ví dụ 2026-11-25T10:05:00+07:00.")
                            .format(field=field), field)
        return None
    try:
        dt = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("{field}: thời điểm không hợp lệ '{text}'. Dùng ISO 8601, "
                          "ví dụ 2026-11-25T10:05:00+07:00.").format(field=field, text=text),
                        field) from None
    return check_moment_range(dt, field)


def parse_day(text: str, field: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(_("{field}: ngày không hợp lệ '{text}'. Dùng YYYY-MM-DD.")
                        .format(field=field, text=text), field) from None
    return check_day(day, field)


def add_json(p) -> None:
    p.add_argument("--json", action="store_true", help="một tài liệu JSON trên stdout")


def command(sub, name: str, func, help: str | None = None, needs_login: bool = True, **defaults):
    """One subcommand: its parser with --json, run by `func(args)`; main.py signs the user in
    first (``args.actor``) unless ``needs_login=False``."""
    p = sub.add_parser(name, help=help)
    add_json(p)
    p.set_defaults(func=func, needs_login=needs_login, **defaults)
    return p
