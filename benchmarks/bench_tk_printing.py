"""Tk loop latency while a slow printer job runs (the probe that used to be a test:
tests/gui/test_counter.py now checks the condition, this measures the figure).

    xvfb-run -a .venv/bin/python benchmarks/bench_tk_printing.py [--seconds 2]

A 2-second print job on the PrintService worker; the main thread pumps Tk `update()` and
records the worst single update() and the worst gap between `after(10)` ticks.
Target: worst gap ≤ 100 ms. JSON lines {"name","value","unit","size","engine"}."""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
import tkinter as tk
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from printing import documents, samples  # noqa: E402
from printing.connections import ConnectionSettings  # noqa: E402
from printing.escpos_backend import EscposOptions, render_escpos  # noqa: E402
from printing.jobs import PrintService  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    args = ap.parse_args()
    root = tk.Tk()
    root.withdraw()
    ticks: list[float] = []

    def tick():
        ticks.append(time.monotonic())
        root.after(10, tick)
    root.after(10, tick)
    doc = documents.receipt(samples.receipt(1))
    with PrintService() as svc:
        fut = svc.submit("biên nhận", lambda: render_escpos(doc, EscposOptions(width=576)),
                         ConnectionSettings("file", "/dev/null"),
                         sender=lambda data, conn: time.sleep(args.seconds))
        worst_update = 0.0
        while not fut.done():
            t0 = time.monotonic()
            root.update()
            worst_update = max(worst_update, time.monotonic() - t0)
            time.sleep(0.005)
    root.destroy()
    gaps = [b - a for a, b in itertools.pairwise(ticks)] or [0.0]
    for name, value in (("tk_update_worst_while_printing", worst_update),
                        ("tk_tick_gap_worst_while_printing", max(gaps))):
        print(json.dumps({"name": name, "value": round(value * 1000, 1), "unit": "ms",
                          "size": 1, "engine": "-"}), flush=True)


if __name__ == "__main__":
    main()
