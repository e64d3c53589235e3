"""The warning a second copy of the program on this PC shows before opening (app.instance)."""
from __future__ import annotations

from tkinter import messagebox

from app.i18n import _
from app.instance import InstanceLock


def single_instance(db_url: str | None, ask=None) -> InstanceLock | None:
    """The lock (keep it for the session), or None when the user chose not to open a second
    copy. ``ask(title, message) -> bool`` (default: a Yes/No message box)."""
    lock = InstanceLock()
    try:
        holder = lock.acquire(db_url or "")
    except OSError:
        return lock                          # no data folder: nothing to guard, open anyway
    if holder is None:
        return lock
    text = _("Một Cửa Desk đang chạy trên máy này (tiến trình {pid}, mở lúc {started}).\n\n"
             "Mở thêm một cửa sổ nữa trên cùng cơ sở dữ liệu dễ gây nhầm lẫn: hồ sơ đăng ký ở "
             "cửa sổ này không hiện ở cửa sổ kia cho đến khi làm mới, và hai cửa sổ cùng in "
             "một máy in.\n\nHãy dùng cửa sổ đang mở (tìm trên thanh tác vụ). Vẫn mở thêm?").format(
        pid=holder.pid or "?", started=holder.started.replace("T", " ")[:16] or "?")
    ask = ask or (lambda title, message: messagebox.askyesno(title, message, icon="warning",
                                                             default="no"))
    return lock if ask(_("Chương trình đang chạy"), text) else None
