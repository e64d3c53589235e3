"""`make bench`: run every benchmarks/bench_*.py at a small size, collect its figures as JSON
lines {"name", "value", "unit", "size", "engine"}, write benchmarks/results/latest.json and
the Markdown page benchmarks/results/latest.md (figure, value, target).

    .venv/bin/python benchmarks/run.py [--size 2000] [--only core,sync] [--out benchmarks/results]
    .venv/bin/python benchmarks/run.py --size 1000000        # the full run (hours, GBs of disk)

Scripts that already print figure lines are taken as they are; the older ones print one JSON
document, which is flattened here (name = script.key.subkey, unit from the key's suffix).
GUI scripts run under `xvfb-run -a` when there is no $DISPLAY."""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Targets (from the issues; see benchmarks/README.md): figure name → (comparison, value)
TARGETS = {
    "core.search_p95_ms_big.": ("≤", 100.0),
    "core.search_ratio_big_over_small.": ("≤", 3.0),
    "core.register_p95_ms_": ("≤", 200.0),
    "gui.cold_to_counter_s": ("≤", 1.5),
    "gui.cold_start_s": ("≤", 1.5),
    "gui.find_ms.": ("≤", 100.0),
    "gui.queue_ms": ("≤", 300.0),
    "gui.rss_mb.VmRSS": ("≤", 150.0),
    "register.total_s": ("≤", 10.0),
    "sync.results.batch.seconds": ("≤", 10.0),
    "sync.results.single.seconds": ("≤", 10.0),
    "sync.results.batch.tk_max_gap_ms": ("≤", 50.0),
    "sync.results.single.tk_max_gap_ms": ("≤", 50.0),
    "tk_printing.tk_tick_gap_worst_while_printing": ("≤", 100.0),
    "tk_printing.tk_update_worst_while_printing": ("≤", 100.0),
    "printing.receipt_escpos_ms.p95": ("≤", 25.0),
    "printing.poster_120_procedures_pdf_s.best": ("≤", 2.0),
    "durability.register_p95": ("≤", 200.0),
}


def args_for(stem: str, size: int, tmp: Path) -> tuple[list[str], dict]:
    """Command-line arguments and environment of one script at `size` dossiers/events."""
    small = max(200, size // 10)
    return {
        "bench_core": (["--big", str(size), "--small", str(small)], {}),
        "bench_durability": (["--seed", str(small), "--n", str(min(300, max(50, size // 20))),
                              "--dir", str(tmp)], {}),
        "bench_gui": ([], {"BENCH_DOSSIERS": str(size),
                           "MOTCUA_BENCH_DB": str(tmp / f"bench-gui-{size}.sqlite3")}),
        "bench_login": ([], {}),
        "bench_printing": (["--n", str(min(200, max(20, size // 50)))], {}),
        "bench_register": ([str(min(20000, size))], {}),
        "bench_sync": (["--events", str(min(10000, max(400, size)))], {}),
        "bench_tk_printing": ([], {}),
    }.get(stem, ([], {}))


UNITS = (("per_second", "/s"), ("per_s", "/s"), ("_ms", "ms"), ("ms", "ms"), ("seconds", "s"),
         ("_s", "s"), ("_mb", "MB"), ("bytes", "bytes"), ("ratio", "×"))
COUNTS = ("_rows", "rows", "n", "count", "dossiers", "events", "requests", "processes", "each",
          "pages", "duplicates", "lost", "ticks", "bytes", "over_50ms")


def _unit_of_segment(seg: str) -> str | None:
    seg = seg.lower()
    if seg.endswith("bytes"):
        return "bytes"
    if seg == "n" or seg.endswith(COUNTS[:-2]) or seg.endswith("over_50ms"):
        return ""
    for suffix, unit in UNITS:
        if seg.endswith(suffix) or (suffix.startswith("_") and suffix + "_" in seg):
            return unit                               # register_p95_ms_small → ms
    return None


def unit_of(key: str) -> str:
    """From the last segment of the name, else from its parent (find_ms.phone → ms)."""
    parts = key.split(".")
    for seg in reversed(parts[-2:]):
        u = _unit_of_segment(seg)
        if u is not None:
            return u
    return ""


DB_SCRIPTS = ("core", "durability", "gui", "login", "register", "sync", "reports")


def engine_of(key: str) -> str:
    """postgresql when the name says so; sqlite for the database scripts; '-' otherwise."""
    k = key.lower()
    if "postgres" in k or "_pg" in k or "pg_" in k:
        return "postgresql"
    return "sqlite" if k.split(".")[0] in DB_SCRIPTS else "-"


def flatten(prefix: str, obj, size: int, out: list[dict]) -> None:
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k.startswith("target") or k in ("mode", "meets_target"):
                continue
            flatten(f"{prefix}.{k}", v, size, out)
    elif isinstance(obj, list) and obj and all(isinstance(x, dict) for x in obj):
        for i, x in enumerate(obj):                 # e.g. bench_sync: one dict per mode
            label = x.get("mode") or x.get("kind") or x.get("name") or str(i)
            flatten(f"{prefix}.{label}", x, size, out)
    elif isinstance(obj, bool) or obj is None:
        return
    elif isinstance(obj, (int, float)):
        out.append({"name": prefix, "value": obj, "unit": unit_of(prefix), "size": size,
                    "engine": engine_of(prefix)})
    # lists (per-run samples) and strings are context, not figures


def parse_output(stem: str, text: str, size: int) -> list[dict]:
    short = stem.removeprefix("bench_")
    figs: list[dict] = []
    lines = [ln for ln in text.splitlines() if ln.strip()]
    as_lines = []
    for ln in lines:
        try:
            obj = json.loads(ln)
        except ValueError:
            as_lines = None
            break
        if isinstance(obj, dict) and {"name", "value"} <= set(obj):
            as_lines.append(obj)
        else:
            as_lines = None
            break
    if as_lines:
        for f in as_lines:
            f = dict(f)
            f["name"] = f"{short}.{f['name']}"
            f.setdefault("unit", unit_of(f["name"]))
            f.setdefault("size", size)
            f.setdefault("engine", engine_of(f["name"]))
            figs.append(f)
        return figs
    start = text.find("{")
    doc = json.loads(text[start:]) if start >= 0 else {}
    flatten(short, doc, size, figs)
    return figs


def target_of(name: str) -> str:
    if name.endswith(("_rows", ".n")):                # counts beside a timing, not a timing
        return ""
    for prefix, (cmp, v) in TARGETS.items():
        if name == prefix or (prefix.endswith((".", "_")) and name.startswith(prefix)):
            return f"{cmp} {v:g}"
    return ""


def markdown(result: dict) -> str:
    head = (f"# Benchmark results\n\n{result['when']} · size {result['size']} · "
            f"{result['machine']}\n\n"
            "Each figure is one JSON line of `latest.json`; what it means and why the target: "
            "`benchmarks/README.md`. Small sizes are a smoke run, not the contract "
            "(the contract sizes: `--size 1000000`).\n\n")
    rows = ["| figure | value | unit | engine | size | target |", "|---|---:|---|---|---:|---|"]
    for f in result["figures"]:
        v = f["value"]
        rows.append(f"| `{f['name']}` | {v:g} | {f['unit']} | {f['engine']} | {f['size']} | "
                    f"{target_of(f['name'])} |")
    tail = ""
    if result["errors"]:
        tail = "\n\n## Scripts that failed\n\n" + "\n".join(
            f"- `{k}`: {v}" for k, v in result["errors"].items())
    return head + "\n".join(rows) + tail + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=2000, help="dossiers (or events) per script")
    ap.add_argument("--only", default="", help="comma-separated script names (core,sync,…)")
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--rebuild", action="store_true",
                    help="re-render latest.md (and units) from latest.json without running")
    args = ap.parse_args()
    if args.rebuild:
        path = Path(args.out) / "latest.json"
        result = json.loads(path.read_text(encoding="utf-8"))
        for f in result["figures"]:
            f["unit"] = f.get("unit") or unit_of(f["name"])
        path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (Path(args.out) / "latest.md").write_text(markdown(result), encoding="utf-8")
        return 0
    only = {s.strip().removeprefix("bench_") for s in args.only.split(",") if s.strip()}
    scripts = sorted(p for p in HERE.glob("bench_*.py")
                     if not only or p.stem.removeprefix("bench_") in only)
    xvfb = shutil.which("xvfb-run") if not os.environ.get("DISPLAY") else None
    figures, errors, seconds = [], {}, {}
    with tempfile.TemporaryDirectory(prefix="motcua-bench-run-") as tmpd:
        tmp = Path(tmpd)
        for script in scripts:
            extra, env_extra = args_for(script.stem, args.size, tmp)
            cmd = [sys.executable, str(script), *extra]
            if xvfb:
                cmd = [xvfb, "-a", *cmd]
            env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
            print(f"== {script.name} {' '.join(extra)}", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            try:
                p = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                                   timeout=args.timeout)
            except subprocess.TimeoutExpired:
                errors[script.stem] = f"timed out after {args.timeout:g} s"
                continue
            seconds[script.stem] = round(time.monotonic() - t0, 1)
            if p.returncode != 0:
                last = (p.stderr.strip().splitlines() or [""])[-1]
                errors[script.stem] = f"exit {p.returncode}: {last[:300]}"
                continue
            try:
                got = parse_output(script.stem, p.stdout, args.size)
            except ValueError as exc:
                errors[script.stem] = f"output not JSON: {exc}"
                continue
            for f in got:
                print(json.dumps(f, ensure_ascii=False), flush=True)
            figures += got
    result = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "size": args.size,
              "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPU · "
                         f"Python {platform.python_version()}",
              "script_seconds": seconds, "errors": errors, "figures": figures}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                     encoding="utf-8")
    (out / "latest.md").write_text(markdown(result), encoding="utf-8")
    print(f"wrote {out / 'latest.json'} and {out / 'latest.md'} "
          f"({len(figures)} figures, {len(errors)} failed)", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
