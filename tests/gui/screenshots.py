"""Screenshot tour of every screen (run under Xvfb): python tests/gui/screenshots.py [outdir]

Builds a fresh office through the first-run wizard, seeds demo dossiers, signs in as each
role and saves one PNG per screen with ImageMagick's ``import -window root``."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MOTCUA_NO_OPEN", "1")

from tests.gui.conftest import press, pump  # noqa: E402

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots")
CCCD = ("001099012345|123456789|Nguyễn Văn An|01011990|Nam|"
        "Thôn Kèn, xã Phương Sơn, huyện Lục Nam, Bắc Giang|15082021")


def shot(root, name: str, settle: float = 0.4) -> None:
    end = time.monotonic() + settle
    while time.monotonic() < end:
        root.update()
        time.sleep(0.02)
    OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(["import", "-window", "root", str(OUT / f"{name}.png")], check=True)
    print("saved", OUT / f"{name}.png")


def main() -> int:
    import ttkbootstrap as ttk

    from views.main_window import DeskApp, set_dpi_awareness
    tmp = Path(tempfile.mkdtemp())
    os.environ["MOTCUA_PRINT_DIR"] = str(tmp / "prints")
    url = "sqlite:///" + str(tmp / "office.sqlite3")
    set_dpi_awareness()
    root = ttk.Window(title="Một Cửa Desk", theme="bootstrap-light", size=(1366, 738))
    root.geometry("1366x738+0+0")
    app = DeskApp(root, url)
    app.start()
    pump(root, lambda: app.startup_state is not None)
    wiz = app.body.winfo_children()[0]
    wiz.vars["office.name"].set("UBND xã Phương Sơn")
    wiz.vars["office.code"].set("000.17.22.H56")
    wiz.vars["office.parent_name"].set("UBND tỉnh Bắc Giang")
    wiz.vars["office.address"].set("Thôn Kèn, xã Phương Sơn, tỉnh Bắc Giang")
    shot(root, "01-wizard-office")
    wiz._on_next()
    wiz.vars["tracking.url_template"].set("https://dichvucong.bacgiang.gov.vn/tra-cuu?ma={code}&t={token}")
    wiz._on_next()
    shot(root, "02-wizard-calendar")
    wiz._on_next()
    wiz.vars["printer.connection"].set("file")
    wiz.vars["printer.target"].set(str(tmp / "receipt.bin"))
    shot(root, "03-wizard-printer")
    wiz._on_next()
    wiz.vars["admin.full_name"].set("Nguyễn Quản Trị")
    wiz.vars["admin.password"].set("matkhau123")
    wiz.vars["admin.password2"].set("matkhau123")
    wiz._on_next()
    pump(root, lambda: "login" in app.screens, timeout=30)
    from app import auth, demo
    from app.domain import Role
    admin = auth.login("admin", "matkhau123")
    auth.create_user(admin, "canbo1", "Nguyễn Thị Cán Bộ", Role.CLERK, "matkhau123")
    auth.create_user(admin, "lanhdao", "Trần Văn Lãnh Đạo", Role.SUPERVISOR, "matkhau123")
    demo.seed(3000, clerks=4)
    login = app.screens["login"]
    login.username.set("canbo1")
    shot(root, "04-login")
    login.password.set("matkhau123")
    login.button.invoke()
    pump(root, lambda: app.user is not None)
    counter = app.screens["counter"]
    counter.search_var.set("dang ky ket hon")
    pump(root, lambda: any("kết hôn" in p.name for p in counter.found.values()), timeout=5)
    press(counter.search, "Return")
    pump(root, lambda: "Hẹn trả" in counter.due.cget("text"))
    counter.scan_box.insert(0, CCCD)
    press(counter.scan_box, "Return")
    counter.f_phone.set("0912345678")
    for _name, got, orig, _c in counter.doc_rows[:2]:
        got.set(True)
        orig.set(1)
    shot(root, "05-counter-filled")
    press(counter.f_phone.entry, "Return")
    pump(root, lambda: app.last_dossier is not None)
    pump(root, lambda: not app.printer.pending, timeout=20)
    shot(root, "06-counter-after-register")
    app.show("find")
    find = app.screens["find"]
    find.var.set("nguyen van")
    press(find.entry, "Return")
    pump(root, lambda: find.page is not None and find.page.text == "nguyen van")
    shot(root, "07-find")
    code = app.last_dossier.code
    win = app.open_dossier(code)
    pump(root, lambda: win.view is not None)
    win.geometry("1060x720+100+40")
    shot(root, "08-detail")
    win.destroy()
    app.show("catalog")
    shot(root, "09-catalog", 0.8)
    app.logout()
    login = app.screens["login"]
    login.username.set("lanhdao")
    login.password.set("matkhau123")
    login.button.invoke()
    pump(root, lambda: app.user is not None)
    queue = app.screens["queue"]
    pump(root, lambda: queue.summary is not None, timeout=20)
    shot(root, "10-queue")
    key = max(queue.summary.counts, key=lambda k: queue.summary.counts[k])
    queue.select(key)
    first = queue.table.tree.get_children()[0]
    win = app.open_dossier(first)
    pump(root, lambda: win.view is not None)
    win.geometry("1060x720+100+40")
    shot(root, "11-detail-supervisor")
    win._on_apology()
    pump(root, lambda: any(w.winfo_class() == "Toplevel" for w in win.winfo_children()))
    shot(root, "12-apology-dialog")
    for w in win.winfo_children():
        if w.winfo_class() == "Toplevel":
            w.destroy()
    win.destroy()
    app.logout()
    login = app.screens["login"]
    login.username.set("admin")
    login.password.set("matkhau123")
    login.button.invoke()
    pump(root, lambda: app.user is not None)
    settings = app.show("settings")
    for i, name in enumerate(["office", "calendar", "printer", "central", "ui", "backup", "users"]):
        settings.tabs.select(i)
        shot(root, f"13-settings-{i}-{name}", 0.5)
    app.set_ui("ui.language", "en")
    pump(root, lambda: app.settings.get("ui.language") == "en")
    shot(root, "14-counter-english", 0.8)
    app.close()
    root.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
