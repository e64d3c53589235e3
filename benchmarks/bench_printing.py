"""Printing benchmark: figures as JSON on stdout.

    .venv/bin/python benchmarks/bench_printing.py [--n 200]

receipt → ESC/POS bytes p50/p95 (each iteration a different dossier code and tracking URL,
so no QR cache hit), raster and native-QR byte counts for an 80 mm receipt, and a
120-procedure QR poster as PDF.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from printing import documents, samples  # noqa: E402
from printing.escpos_backend import EscposOptions, render_escpos  # noqa: E402
from printing.pdf_backend import render_pdf  # noqa: E402


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()

    opts = EscposOptions(width=576, profile="TM-T20II")
    t0 = time.perf_counter()
    render_escpos(documents.receipt(samples.receipt(0)), opts)       # warm-up: fonts, escpos import
    warmup = time.perf_counter() - t0

    times = []
    for i in range(1, args.n + 1):
        rc = samples.receipt(i)
        t = time.perf_counter()
        render_escpos(documents.receipt(rc), opts)
        times.append((time.perf_counter() - t) * 1000)

    rc = samples.receipt(1)
    raster = render_escpos(documents.receipt(rc), opts)
    native = render_escpos(documents.receipt(rc), EscposOptions(width=576, profile="TM-T20II", qr="native"))
    raster58 = render_escpos(documents.receipt(rc), EscposOptions(width=384, profile="TM-T20II"))
    with_fee = render_escpos(documents.receipt(rc, fee_qr=True), opts)

    procs = samples.procedures(120)
    office = samples.office()
    poster_times = []
    for _ in range(3):
        t = time.perf_counter()
        pdf = render_pdf(documents.poster(procs, office, None, "A4"))
        poster_times.append(time.perf_counter() - t)
        procs = [samples.procedure(p.code, p.name + " ", field=p.field) for p in procs]  # new strings

    print(json.dumps({
        "receipt_escpos_ms": {"n": args.n, "p50": round(statistics.median(times), 2),
                              "p95": round(pct(times, 95), 2), "max": round(max(times), 2),
                              "first_call_incl_imports_ms": round(warmup * 1000, 1),
                              "target_p95": 25},
        "receipt_80mm_raster_bytes": len(raster),
        "receipt_80mm_native_qr_bytes": len(native),
        "receipt_58mm_raster_bytes": len(raster58),
        "receipt_80mm_with_fee_qr_bytes": len(with_fee),
        "poster_120_procedures_pdf_s": {"first": round(poster_times[0], 3),
                                        "best": round(min(poster_times), 3), "target": 2.0,
                                        "bytes": len(pdf)},
    }, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
