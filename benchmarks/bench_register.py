"""Sổ theo dõi hồ sơ of a year: 20,000 dossiers read (one query per page) and rendered to PDF.
Prints JSON figures; the contract is ≤ 10 s for both together."""
from __future__ import annotations

import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(count: int = 20000) -> dict:
    from app import demo, dossiers, settings, setup, store
    from printing import forms
    from printing.pdf_backend import render_pdf
    url = "sqlite:///" + tempfile.mkdtemp() + "/bench.sqlite3"
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    store.open_database(url)
    demo.seed(count, days=300)
    t0, c0 = time.perf_counter(), time.process_time()
    book = dossiers.register_book(date(2000, 1, 1), date(2100, 12, 31))
    t1 = time.perf_counter()
    pdf = render_pdf(forms.form_06(book, settings.office(), date(2000, 1, 1), date(2100, 12, 31)))
    t2, c2 = time.perf_counter(), time.process_time()
    return {"dossiers": len(book), "query_s": round(t1 - t0, 2), "render_s": round(t2 - t1, 2),
            "total_s": round(t2 - t0, 2), "cpu_s": round(c2 - c0, 2), "pdf_bytes": len(pdf),
            "pages": pdf.count(b"/Type /Page\n") or None}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)))
