"""Fuzzing the boundaries a user can reach: the registration service, catalog import and the
CLI.  Property: a call either succeeds or raises UserError (exit code 2 on the CLI) — never
another exception — and a refused call writes nothing.

Budget: 60 derandomized examples per test (CI); MOTCUA_FUZZ_EXAMPLES=N for a longer, random run.
Run with --hypothesis-show-statistics to see the number of examples."""
from __future__ import annotations

import contextlib
import io
import json
import os
import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import main
from app import catalog, dossiers, registration, store
from app.domain import VN_TZ, DocumentReceived, UserError
from db.models import Field, Procedure
from tests.app.helpers import CLERK, table_counts

_common = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                     HealthCheck.too_slow,
                                                     HealthCheck.data_too_large])
settings.register_profile("motcua-ci", max_examples=60, derandomize=True, database=None, **_common)
settings.register_profile("motcua-long", max_examples=int(os.environ.get("MOTCUA_FUZZ_EXAMPLES")
                                                          or 60), **_common)
PROFILE = "motcua-long" if os.environ.get("MOTCUA_FUZZ_EXAMPLES") else "motcua-ci"
fuzz = settings.get_profile(PROFILE)
RUN = {"examples": 0}          # examples actually executed in this process (see the report)

# ---- strategies ------------------------------------------------------------------------------
TRICKY = ["\x00", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u00ad",
          "\u0301", "\u0323\u0302", "e\u0302\u0301", "\u0300\u0300\u0300", "ﬃ", "ß", "İ",
          "\u0645\u062d\u0645\u062f", "\u05e9\u05dc\u05d5\u05dd", "🧑‍🌾", "👍🏽", "\U0001F1FB\U0001F1F3",
          "'; DROP TABLE dossier; --", "\" OR 1=1 --", "%s%s%n", "{0}{name}", "\\x00", "\r\n", "\t",
          "Nguyễn Văn An", "Đặng Thị Ngọc Hân", "  ", "\x1b[31m", "\u3164", "\u2800", "١٢٣", "０１２"]
tricky = st.sampled_from(TRICKY)
piece = st.one_of(tricky, st.text(max_size=12))
long_text = st.builds(lambda c, n: c * n, st.sampled_from(["a", "ệ", "\u200b", "x\u0301", "ﬃ", "🙂"]),
                      st.sampled_from([149, 150, 151, 300, 501, 10_000]))
texts = st.one_of(st.lists(piece, max_size=6).map("".join), long_text)
digit_chars = st.one_of(st.sampled_from(list("0123456789 +.-()")),
                        st.characters(categories=["Nd"]), st.sampled_from(["²", "³", "½", "Ⅻ"]))
digits = st.one_of(st.lists(digit_chars, max_size=15).map("".join),
                   st.sampled_from(["024090001234", "0912345678", "+84912345678", "84912345678",
                                    "０２４０９０００１２３４", "٠٩١٢٣٤٥٦٧٨", ""]))
EDGES = [datetime(2024, 2, 28, 23, 59), datetime(2024, 2, 29, 0, 0), datetime(2024, 2, 29, 23, 59),
         datetime(2025, 2, 28, 23, 59), datetime(2025, 12, 31, 23, 59, 59), datetime(2026, 1, 1),
         datetime(2000, 1, 1), datetime(1999, 12, 31, 23, 59), datetime(2000, 1, 1, 6, 59),
         datetime(2100, 12, 31, 23, 59), datetime(2101, 1, 1)]
zones = st.sampled_from([None, VN_TZ, UTC, timezone(timedelta(hours=14)),
                         timezone(timedelta(hours=-12))])
moments = st.one_of(
    st.builds(lambda d, z: d.replace(tzinfo=z), st.sampled_from(EDGES), zones),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 12, 31), timezones=zones),
    st.none())
docs = st.lists(st.builds(DocumentReceived, texts, st.integers(-1, 100), st.integers(-1, 100)),
                max_size=3)


def mostly(good, bad, k: int = 3):
    """`good` k times out of k+1: most examples get past the first check and reach the next."""
    return st.integers(0, k).flatmap(lambda i: bad if i == k else good)   # one_of() dedupes


name_text = st.one_of(   # hypothesis starts from the first branch / first item: a valid name
    st.sampled_from(["Nguyễn Văn An", "Nguye\u0302\u0303n Va\u0306n A\u0300n", "A\u200bn",
                     "\u0627\u062d\u0645\u062f", "An 🙂", "ﬃ" * 150, "a" * 150, "Lê\x00 Hoa"]),
    st.lists(st.one_of(st.text(st.characters(categories=["L", "M", "Zs", "Cf", "So", "Pd"]),
                               min_size=1, max_size=12),
                       st.sampled_from([t for t in TRICKY if not any(c.isdigit() for c in t)])),
             min_size=1, max_size=5).map(" ".join))
past = st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2026, 11, 30),
                    timezones=zones)
PROC_CODES = ["1.001193", "1.000656", "L.000000", "", "1.00119", " 1.001193 ", "1.001193\x00"]


def _check_clean(text: str) -> None:
    """What the database got is NFC, with no NUL and no invisible control/format character."""
    assert text == unicodedata.normalize("NFC", text)
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text), repr(text)


# ---- registration service --------------------------------------------------------------------
@fuzz
@given(name=mostly(name_text, texts, 2), id_number=mostly(st.just(""), digits),
       phone=mostly(st.just("0912345678"), digits), email=mostly(st.just(""), texts),
       address=texts, note=texts, received_at=mostly(st.one_of(st.none(), past), moments),
       documents=mostly(st.just([]), docs),
       processing_days=mostly(st.none(), st.integers(-3, 400)),
       procedure=mostly(st.just("1.001193"), st.one_of(st.sampled_from(PROC_CODES), texts)),
       birth_date=mostly(st.none(), st.dates(min_value=date(1800, 1, 1)), 2),
       gender=mostly(st.just(""), st.sampled_from(["", "Nam", "Nữ", "nam", "Nữ\u200b", "X"])))
def test_fuzz_register(any_office, name, id_number, phone, email, address, note, received_at,
                       documents, processing_days, procedure, birth_date, gender):
    RUN["examples"] += 1
    store.open_database(any_office)
    before = table_counts()
    try:
        d = registration.register(
            CLERK, procedure_code=procedure, name=name, id_number=id_number, phone=phone,
            email=email, address=address, note=note, received_at=received_at,
            documents=documents, processing_days=processing_days, birth_date=birth_date,
            gender=gender)
    except UserError as exc:
        event(f"refused ({exc.field})")
        assert exc.message
        assert table_counts() == before
        return
    event("registered")
    again = dossiers.get(d.code)
    assert again.applicant.name == d.applicant.name and again.applicant.name
    for text in (again.applicant.name, again.applicant.address, again.applicant.email,
                 *(x.name for x in again.documents)):
        _check_clean(text)
    assert again.applicant.id_number in ("",) or again.applicant.id_number.isascii()
    assert date(2000, 1, 1) <= again.received_local.date() <= date(2100, 12, 31)


# ---- catalog import --------------------------------------------------------------------------
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-10 ** 25, 10 ** 25),
                        st.floats(allow_nan=True, allow_infinity=True), texts)
json_any = st.recursive(json_scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)
KEYS = ["code", "name", "field", "level", "processing_days", "fee", "fee_vnd", "documents",
        "legal_basis", "active", "source"]
GOOD = {"code": "1.999100", "name": "Thủ tục thử nghiệm", "field": "Hộ tịch", "level": "xã",
        "processing_days": 3, "fee": "Không", "fee_vnd": 0, "documents": ["Tờ khai"],
        "legal_basis": [], "active": True, "source": ""}
mutated_row = st.builds(lambda drop, key, value: {**{k: v for k, v in GOOD.items() if k not in drop},
                                                  **({key: value} if key else {})},
                        st.sets(st.sampled_from(KEYS)), st.one_of(st.none(), st.sampled_from(KEYS)),
                        json_any)
existing_row = st.builds(lambda key, value: {"code": "1.001193", key: value},
                         st.sampled_from(KEYS[1:]), json_any)
documents = st.one_of(
    st.lists(st.one_of(mutated_row, existing_row, json_any), max_size=4),
    st.builds(lambda procs, fields: {"fields": fields, "procedures": procs},
              st.lists(st.one_of(mutated_row, existing_row), max_size=3),
              st.one_of(st.just(["Hộ tịch"]), json_any)),
    json_any)
CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1258", "cp1252",
          "latin-1", "shift_jis", "utf-7"]


def _catalog_state():
    return (Procedure.select().count(), Field.select().count(),
            json.dumps([catalog.to_value(p).__repr__() for p in Procedure.select()
                        .order_by(Procedure.code)]))


def _import_property(path):
    before = _catalog_state()
    try:
        result = catalog.import_file(path)
    except UserError as exc:
        event("refused")
        assert exc.message
        assert _catalog_state() == before          # nothing written
        return
    event("imported")
    assert set(result) == {"fields", "created", "updated"}
    for p in catalog.list_procedures():             # what was stored reads back as values
        assert p.processing_days is None or 0 <= p.processing_days <= 365
        _check_clean(p.name)


@fuzz
@given(doc=documents, codec=st.sampled_from(CODECS), csv=st.booleans())
def test_fuzz_catalog_import_json(any_office, tmp_path, doc, codec, csv):
    RUN["examples"] += 1
    store.open_database(any_office)
    path = tmp_path / ("c.csv" if csv and isinstance(doc, list) else "c.json")
    if path.suffix == ".csv":
        rows = [r for r in doc if isinstance(r, dict)]
        cols = sorted({k for r in rows for k in r if isinstance(k, str)} or {"name"})
        text = ",".join(cols) + "\n" + "".join(
            ",".join(json.dumps(r.get(c), ensure_ascii=False) if not isinstance(r.get(c), str)
                     else '"' + r[c].replace('"', '""') + '"' for c in cols) + "\n" for r in rows)
    else:
        text = json.dumps(doc, ensure_ascii=False, allow_nan=True)
    path.write_bytes(text.encode(codec, errors="replace"))
    _import_property(path)


@fuzz
@given(data=st.one_of(st.binary(max_size=300),
                      st.builds(lambda bom, b: bom + b,
                                st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
                                                 b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]),
                                st.binary(max_size=200))),
       suffix=st.sampled_from([".json", ".csv", ".JSON", ""]))
def test_fuzz_catalog_import_bytes(office_db, tmp_path, data, suffix):
    RUN["examples"] += 1
    store.open_database(office_db)
    path = tmp_path / f"c{suffix}"
    path.write_bytes(data)
    _import_property(path)


# ---- command line (in process) ---------------------------------------------------------------
surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
arg = st.one_of(texts, digits, st.builds(lambda a, s: a + s, texts, surrogate),
                st.sampled_from(["2026-11-25T10:05", "2026-02-29", "2024-02-29T08:00+07:00",
                                 "1999-12-31", "2101-01-01", "0001-01-01T00:00+14:00",
                                 "9999-12-31T23:59:59-12:00", "-1", "366", "99999999999999999999",
                                 "1.5", "１", "", "--json"]))
moment_arg = st.one_of(st.builds(lambda m: m.isoformat(), st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2110, 1, 1), timezones=zones)), arg)
commands = st.one_of(
    st.builds(lambda *a: ["register", "--procedure", a[0], "--name", a[1], "--id", a[2],
                          "--phone", a[3], "--address", a[4], "--received-at", a[5], "--doc", a[6],
                          *(["--days", a[7]] if a[7] is not None else [])],
              mostly(st.just("1.001193"), arg), mostly(name_text, arg, 2),
              mostly(st.just(""), digits), mostly(st.just("0912345678"), digits), arg,
              mostly(past.map(datetime.isoformat), moment_arg, 2),
              mostly(st.just("Tờ khai|1|0"), arg, 2), mostly(st.none(), arg, 1)),
    st.builds(lambda f, d: ["due", "--from", f, "--days", d], mostly(past.map(datetime.isoformat),
                                                                     moment_arg, 1),
              mostly(st.integers(0, 365).map(str), st.one_of(st.integers(-5, 400).map(str), arg), 1)),
    st.builds(lambda d, k: ["calendar", d, k], st.one_of(st.dates().map(date.isoformat), arg),
              st.sampled_from(["off", "work", "clear", "x"])),
    st.builds(lambda t: ["search", t], arg),
    st.builds(lambda c, s, a: ["status", c, s, "--at", a], arg, arg, moment_arg),
    st.builds(lambda c, n, r: ["apology", c, "--new-due", n, "--reason", r], arg, moment_arg, arg),
    st.builds(lambda c: ["show", c], arg),
    st.lists(arg, min_size=1, max_size=4))


@fuzz
@given(argv=commands)
def test_fuzz_cli(any_office, argv):
    RUN["examples"] += 1
    store.open_database(any_office)
    before = table_counts()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main.main(["--db", any_office, *argv])
        except SystemExit as exc:          # argparse: usage error, exit 2 (or --help, 0)
            code = exc.code
    assert code in (0, 2), (code, err.getvalue())
    event(f"{argv[0] if code == 0 else 'refused'}")
    if code:
        assert err.getvalue().strip(), "a refusal always says why"
        store.open_database(any_office)
        assert table_counts() == before


@fuzz
@given(text=st.one_of(arg, st.sampled_from(PROC_CODES)))
def test_fuzz_search(any_office, text):
    RUN["examples"] += 1
    store.open_database(any_office)
    for call in (catalog.find, dossiers.search, catalog.get, dossiers.get):
        try:
            call(text)
        except UserError:
            pass


@pytest.fixture(scope="module", autouse=True)
def _report_examples():
    yield
    print(f"\n[fuzz] profile {PROFILE}: {RUN['examples']} examples run in test_fuzz.py")
