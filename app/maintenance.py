"""Database health: the integrity check run at start and by `db check`, and the messages
for a damaged file or a database made by a newer program."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain import UserError
from app.i18n import _
from db import connection, files


@dataclass(frozen=True, slots=True)
class CheckResult:
    target: str                   # file path, or the PostgreSQL URL
    ok: bool
    problems: tuple[str, ...]     # quick_check lines (at most 20)
    engine: str                   # "sqlite" | "postgresql"


def too_new_error(found: int, known: int) -> UserError:
    return UserError(_("Cơ sở dữ liệu ở phiên bản {found}, chương trình này chỉ đọc đến "
                       "{known} — hãy cập nhật chương trình.").format(found=found, known=known))


def damaged_error(path: str | Path, detail: str = "") -> UserError:
    return UserError(_("Tệp cơ sở dữ liệu {path} bị hỏng hoặc không phải cơ sở dữ liệu ({detail}). "
                       "Hãy khôi phục từ một bản sao lưu: python main.py restore FILE")
                     .format(path=path, detail=detail or "quick_check"))


def open_error(path: str | Path, detail: str) -> UserError:
    """The file is intact but could not be opened (locked too long, no permission…)."""
    return UserError(_("Không mở được cơ sở dữ liệu {path}: {detail}. Đóng các chương trình khác "
                       "đang dùng tệp, kiểm tra quyền ghi, rồi thử lại.").format(path=path, detail=detail))


def check(url: str | None = None) -> CheckResult:
    """SQLite: ``PRAGMA quick_check`` on the file (read-only, without opening it for the
    services).  PostgreSQL keeps its own pages checksummed: reported as ok."""
    resolved = connection.resolve_url(url)
    path = connection.sqlite_path(resolved)
    if path is None:
        return CheckResult(resolved, True, (), "postgresql")
    if not path.exists():
        raise UserError(_("Không có tệp cơ sở dữ liệu {path}.").format(path=path))
    try:
        problems = files.quick_check(path) if path.stat().st_size else []
    except files.NotADatabase as exc:
        problems = [str(exc)]
    return CheckResult(str(path), not problems, tuple(problems[:20]), "sqlite")


def ensure_intact(url: str | None = None) -> None:
    """Raise the damaged-file UserError unless the SQLite file passes quick_check
    (a file that does not exist yet is fine: it will be created)."""
    resolved = connection.resolve_url(url)
    path = connection.sqlite_path(resolved)
    if path is None or not path.exists():
        return
    result = check(resolved)
    if not result.ok:
        raise damaged_error(path, "; ".join(result.problems[:3]))
