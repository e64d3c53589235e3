"""GUI benchmarks (run under Xvfb; JSON on stdout):

  cold_start_s          process start → login screen ready (fresh Python, empty caches)
  cold_to_counter_s     process start → signed in, counter screen usable (procedure list shown)
  find_ms               1M-dossier office: Find screen, Enter → rows shown (per query kind)
  queue_ms              1M-dossier office: supervisor queue, refresh → cards and list shown
  rss_mb                resident memory after all of that (VmRSS) and its peak (VmHWM)

Targets: cold start ≤ 1.5 s, find ≤ 100 ms, queue ≤ 300 ms, RSS ≤ 150 MB.
The 1M office is seeded once with app.demo (cached at $MOTCUA_BENCH_DB, default
/tmp/motcua-bench-1m.sqlite3); BENCH_DOSSIERS overrides the size."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MOTCUA_NO_OPEN", "1")
N = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
BIG_DB = Path(os.environ.get("MOTCUA_BENCH_DB", f"/tmp/motcua-bench-{N // 1000}k.sqlite3"))
PASSWORD = "matkhau123"

CHILD = r"""
import sys, time
T0 = float(sys.argv[2])
sys.path.insert(0, sys.argv[3])
import ttkbootstrap as ttk
from views.main_window import DeskApp, set_dpi_awareness
set_dpi_awareness()
root = ttk.Window(title="bench", theme="bootstrap-light", size=(1366, 738))
app = DeskApp(root, sys.argv[1])
app.start()
out = {}
def wait(cond):
    while not cond():
        root.update()
        time.sleep(0.002)
wait(lambda: "login" in app.screens)
root.update()
out["login"] = time.time() - T0
s = app.screens["login"]
s.username.set("canbo"); s.password.set(sys.argv[4]); s.button.invoke()
wait(lambda: "counter" in app.screens and app.current_screen() is app.screens["counter"]
     and app.screens["counter"].proc_list.get_children())
root.update()
out["counter"] = time.time() - T0
print("RESULT", out["login"], out["counter"], flush=True)
app.close(); root.destroy()
"""


def rss() -> dict:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            k, v = line.split(":")
            fields[k] = round(int(v.split()[0]) / 1024, 1)
    return fields


def make_office(url: str) -> None:
    from app import auth, setup
    from app.domain import Role
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    if not auth.has_users():
        admin = auth.create_user(None, "admin", "Quản Trị", Role.ADMIN, PASSWORD)
        auth.create_user(admin, "canbo", "Nguyễn Thị Cán Bộ", Role.CLERK, PASSWORD)
        auth.create_user(admin, "lanhdao", "Trần Văn Lãnh Đạo", Role.SUPERVISOR, PASSWORD)


def cold_start(url: str, runs: int = 3) -> dict:
    login, counter = [], []
    for _ in range(runs):
        t0 = time.time()
        proc = subprocess.run([sys.executable, "-c", CHILD, url, str(t0), str(ROOT), PASSWORD],
                              capture_output=True, text=True, timeout=60)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT")), None)
        if line is None:
            raise RuntimeError(proc.stderr[-2000:])
        _tag, a, b = line.split()
        login.append(float(a))
        counter.append(float(b))
    return {"cold_start_s": round(min(login), 3), "cold_start_median_s": round(statistics.median(login), 3),
            "cold_to_counter_s": round(min(counter), 3),
            "cold_to_counter_median_s": round(statistics.median(counter), 3)}


def seed_big() -> str:
    url = "sqlite:///" + str(BIG_DB)
    from app import demo
    from app.dossiers import count_all
    make_office(url)
    have = count_all()
    if have < N:
        demo.seed(N - have, clerks=6)
    return url


def timed(root, start, done, repeat: int = 5) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        start()
        while not done():
            root.update()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def gui_big(url: str) -> dict:
    import ttkbootstrap as ttk

    from app import dossiers
    from views.main_window import DeskApp
    root = ttk.Window(title="bench", theme="bootstrap-light", size=(1366, 738))
    app = DeskApp(root, url)
    app.start()
    while "login" not in app.screens:
        root.update()

    def sign_in(user):
        s = app.screens["login"]
        s.username.set(user)
        s.password.set(PASSWORD)
        s.button.invoke()
        while app.user is None:
            root.update()
    sign_in("lanhdao")
    sample = dossiers.search("nguyen van", limit=1)[0]
    queries = {"name_unaccented": "tran thi", "name_accented": "Phạm Minh",
               "phone": sample.applicant.phone, "cccd": sample.applicant.id_number,
               "code": sample.code, "code_prefix": sample.code[:-2]}
    find = app.show("find")
    result = {"find_ms": {}}
    for kind, text in queries.items():
        def start(text=text):
            find.page = None
            find.var.set(text)
            find._on_search()
        times = timed(root, start, lambda: find.page is not None)
        result["find_ms"][kind] = round(statistics.median(times), 1)
        result["find_ms"][kind + "_rows"] = len(find.page.rows)
    qr = sample.tracking_url

    def start_qr():
        app.detail_windows.clear()
        find.var.set(qr)
        find._on_search()
    result["find_ms"]["receipt_qr_open"] = round(statistics.median(timed(
        root, start_qr, lambda: sample.code in app.detail_windows
        and app.detail_windows[sample.code].view is not None)), 1)
    for w in list(app.detail_windows.values()):
        w.destroy()
    queue = app.show("queue")
    while queue.summary is None or queue._inflight:     # the screen's own first refresh
        root.update()

    def start_queue():
        queue.summary = None
        queue.refresh()
    times = timed(root, start_queue, lambda: queue.summary is not None, repeat=7)
    result["queue_ms_runs"] = [round(t) for t in times]
    result["queue_ms"] = round(statistics.median(times), 1)
    result["queue_ms_max"] = round(max(times), 1)
    result["queue_counts"] = queue.summary.counts
    result["rss_mb"] = rss()
    app.close()
    root.destroy()
    return result


def main() -> int:
    if sys.argv[1:2] == ["--gui-big"]:          # child: a fresh process, so RSS is the app's own
        print("RESULT " + json.dumps(gui_big(sys.argv[2]), ensure_ascii=False))
        return 0
    report = {"dossiers": N}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MOTCUA_PRINT_DIR"] = tmp
        small = "sqlite:///" + str(Path(tmp) / "office.sqlite3")
        make_office(small)
        report.update(cold_start(small))
        t0 = time.time()
        url = seed_big()
        report["seed_or_open_s"] = round(time.time() - t0, 1)
        proc = subprocess.run([sys.executable, __file__, "--gui-big", url], capture_output=True,
                              text=True, timeout=600)
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            raise RuntimeError(proc.stderr[-3000:])
        report.update(json.loads(line[7:]))
    report["targets"] = {"cold_start_s": 1.5, "find_ms": 100, "queue_ms": 300, "rss_mb": 150}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
