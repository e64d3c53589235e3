"""Find (issue 11 §1): p95 per query kind on demo offices of 10k and 100k dossiers (SQLite):
  engine "sqlite-token"       app.search.find's lookup (role check, classify, the indexed
                              token/code/procedure ranges, ranking) — the page's 50 values not built
  engine "sqlite-token-page"  the whole app.search.find: the same plus a page of Dossier values
  engine "sqlite-like"        a naive LIKE '%…%' scan for the same question (ids only), same run

    python benchmarks/bench_search.py [SIZE …]      # default 10000 100000

One JSON line per figure: {"name", "value", "unit", "size", "engine"}; ratio lines compare the
largest size with the smallest ("p95(big)/p95(small)")."""
from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

REPEAT = 40


def p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 3) if len(samples) > 1 else samples[0]


def cases(rnd: random.Random):
    """(kind, query text, naive SQL WHERE with one ? parameter, its value) drawn from real rows."""
    from db.models import Dossier
    rows = list(Dossier.select(Dossier.code, Dossier.applicant_name_key, Dossier.applicant_phone,
                               Dossier.applicant_id_number).order_by(Dossier.id)
                .offset(rnd.randrange(max(1, Dossier.select().count() - 200))).limit(200).tuples())
    out = []
    for _i in range(REPEAT):
        code, key, phone, idn = rnd.choice(rows)
        words = key.split()
        out += [
            ("code_exact", code, "code = ?", code),
            ("code_tail", code[-4:], "code LIKE ?", "%" + code[-4:]),
            ("code_tail_day", code[-11:], "code LIKE ?", "%" + code[-11:]),
            ("name_words", " ".join(words[1:]), "applicant_name_key LIKE ?", "%" + " ".join(words[1:]) + "%"),
            ("name_given", words[-1], "applicant_name_key LIKE ?", "%" + words[-1] + "%"),
            ("phone_tail", phone[-4:], "applicant_phone LIKE ?", "%" + phone[-4:]),
            ("cccd_tail", idn[-6:], "applicant_id_number LIKE ?", "%" + idn[-6:]),
            ("procedure", "khai sinh", "procedure_id IN (SELECT id FROM procedure WHERE name_key LIKE ?)",
             "%khai sinh%"),
            ("today", "", None, None),
        ]
    return out


def run(size: int) -> dict[str, dict[str, float]]:
    from app import auth, demo, search, setup, store
    from app.domain import Role
    from db.connection import current
    url = "sqlite:///" + tempfile.mkdtemp() + "/bench.sqlite3"
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    store.open_database(url)
    actor = auth.create_user(None, "admin", "Quản Trị", Role.ADMIN, "matkhau-bench-1")
    t0 = time.perf_counter()
    demo.seed(size, days=365)                      # what `python main.py demo seed` runs
    seed_s = time.perf_counter() - t0
    emit("seed", round(seed_s, 2), "s", size, "sqlite")
    db = current()
    samples: dict[str, dict[str, list[float]]] = {}
    real_rows = search._rows
    for kind, text, where, value in cases(random.Random(size)):
        t = time.perf_counter()
        found = search.find(actor, text, limit=50)
        samples.setdefault(kind, {}).setdefault("page", []).append(time.perf_counter() - t)
        assert found.rows or kind == "today", (kind, text)
        search._rows = lambda ids: {}
        try:
            t = time.perf_counter()
            search.find(actor, text, limit=50)
            samples[kind].setdefault("token", []).append(time.perf_counter() - t)
        finally:
            search._rows = real_rows
        if where:
            t = time.perf_counter()
            db.execute_sql(f"SELECT id FROM dossier WHERE {where} ORDER BY id DESC LIMIT 51",
                           (value,)).fetchall()
            samples[kind].setdefault("like", []).append(time.perf_counter() - t)
    out = {}
    for kind, by in samples.items():
        out[kind] = {}
        for engine, s in by.items():
            out[kind][engine] = v = p95(s)
            emit(f"p95_{kind}", v, "ms", size, {"token": "sqlite-token", "page": "sqlite-token-page",
                                                "like": "sqlite-like"}[engine])
    db.close()
    return out


def emit(name, value, unit, size, engine) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "size": size, "engine": engine}),
          flush=True)


def main(sizes: list[int]) -> None:
    results = {n: run(n) for n in sizes}
    small, big = min(sizes), max(sizes)
    if small != big:
        for kind, by in results[big].items():
            for engine, v in by.items():
                if results[small][kind].get(engine):
                    emit(f"ratio_{kind}", round(v / results[small][kind][engine], 2),
                         f"p95({big})/p95({small})", big,
                         {"token": "sqlite-token", "page": "sqlite-token-page",
                          "like": "sqlite-like"}[engine])


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10000, 100000])
