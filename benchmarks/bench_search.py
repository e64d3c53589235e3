"""Find (issue 11 §1): p95 per query kind on demo offices of 10k and 100k dossiers (SQLite):
  engine "sqlite-token"       app.search.find's lookup (role check, classify, the indexed
                              token/code/procedure ranges, ranking) — the page's 50 values not built
  engine "sqlite-token-page"  the whole app.search.find: the same plus a page of Dossier values
  engine "sqlite-like"        a naive LIKE '%…%' scan for the same question (ids only), same run

    python benchmarks/bench_search.py [SIZE …]      # default 10000 100000
    python benchmarks/bench_search.py --db URL …    # offices already seeded (`demo seed`), any
                                                    # engine: sqlite:///big.sqlite3, postgresql://…

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
    orgs = list(Dossier.select(Dossier.applicant_tax_code, Dossier.delegate_name_key)
                .where(Dossier.applicant_tax_code != "").order_by(Dossier.id).limit(200).tuples())
    out = []
    for _i in range(REPEAT):
        if orgs:                                      # organisations and delegates (0009)
            tax, delegate = rnd.choice(orgs)
            out += [("mst_whole", tax, "applicant_tax_code = ?", tax),
                    ("mst_tail", tax[-5:], "applicant_tax_code LIKE ?", "%" + tax[-5:])]
            if delegate:
                out.append(("delegate_name", delegate, "delegate_name_key LIKE ?", "%" + delegate + "%"))
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


def seeded(size: int) -> str:
    from app import auth, demo, setup, store
    from app.domain import Role
    url = "sqlite:///" + tempfile.mkdtemp() + "/bench.sqlite3"
    setup.init_office(url, office_code="000.17.22.H56", office_name="UBND xã Phương Sơn")
    store.open_database(url)
    auth.create_user(None, "admin", "Quản Trị", Role.ADMIN, "matkhau-bench-1")
    t0 = time.perf_counter()
    demo.seed(size, days=365)                      # what `python main.py demo seed` runs
    emit("seed", round(time.perf_counter() - t0, 2), "s", size, "sqlite")
    return url


def run(url: str) -> tuple[int, str, dict[str, dict[str, float]]]:
    from app import search, store
    from app.domain import Role, User
    from db.connection import current
    from db.models import Dossier
    from db.models import User as UserRow
    store.open_database(url)
    admin = UserRow.select().where(UserRow.role == Role.ADMIN.value, UserRow.active == True)  # noqa: E712
    name = admin.first().username
    actor = User(name, name, Role.ADMIN)
    size = Dossier.select().count()
    eng = "pg" if url.startswith("postgres") else "sqlite"
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
            sql = f"SELECT id FROM dossier WHERE {where} ORDER BY id DESC LIMIT 51"
            if eng == "pg":
                sql = sql.replace("?", "%s").replace("LIKE", "ILIKE")
            t = time.perf_counter()
            db.execute_sql(sql, (value,)).fetchall()
            samples[kind].setdefault("like", []).append(time.perf_counter() - t)
    out = {}
    for kind, by in samples.items():
        out[kind] = {}
        for engine, s in by.items():
            out[kind][engine] = v = p95(s)
            emit(f"p95_{kind}", v, "ms", size, label(eng, engine))
    db.close()
    return size, eng, out


def label(eng: str, plan: str) -> str:
    return f"{eng}-" + {"token": "token", "page": "token-page", "like": "like"}[plan]


def emit(name, value, unit, size, engine) -> None:
    print(json.dumps({"name": name, "value": value, "unit": unit, "size": size, "engine": engine}),
          flush=True)


def main(args: list[str]) -> None:
    urls = [a for a in args if not a.isdigit() and a != "--db"]
    sizes = [int(a) for a in args if a.isdigit()] or ([] if urls else [10000, 100000])
    by_engine: dict[str, dict[int, dict]] = {}
    for url in [seeded(n) for n in sizes] + urls:
        size, eng, out = run(url)
        by_engine.setdefault(eng, {})[size] = out
    for eng, results in by_engine.items():
        small, big = min(results), max(results)
        if small == big:
            continue
        for kind, by in results[big].items():
            for plan, v in by.items():
                if results[small].get(kind, {}).get(plan):
                    emit(f"ratio_{kind}", round(v / results[small][kind][plan], 2),
                         f"p95({big})/p95({small})", big, label(eng, plan))


if __name__ == "__main__":
    main(sys.argv[1:])
