"""Copy every row of one office database into another (SQLite → PostgreSQL), and a
per-table checksum both engines agree on.

Tables and columns come from the models themselves (``db.models.ALL_MODELS``), so a new
table or column is copied without touching this file.  Values are read through each
field's ``python_value`` and written through its ``db_value``; the checksum normalises
them (datetimes as ISO text, booleans as 0/1, decimals as text) so SQLite and PostgreSQL
produce the same digest for the same rows."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal

import peewee as pw

Progress = Callable[[int, int], None]
INT_FIELDS = (pw.AutoField, pw.BigAutoField, pw.IntegerField, pw.BigIntegerField,
              pw.SmallIntegerField, pw.ForeignKeyField)


class CopyMismatch(Exception):
    """Counts or checksums differ after the copy (the target transaction was rolled back)."""

    def __init__(self, report: list[dict]):
        super().__init__("copy verification failed")
        self.report = report


def ordered(models: Iterable[type[pw.Model]]) -> list[type[pw.Model]]:
    """Parents before children (foreign keys)."""
    return pw.sort_models(list(models))


def _pk_fields(model) -> list[pw.Field]:
    pk = model._meta.primary_key
    if isinstance(pk, pw.CompositeKey):
        return [model._meta.fields[n] for n in pk.field_names]
    return [pk] if pk else list(model._meta.sorted_fields)


def canon(v):
    if v is None or isinstance(v, (int, str)) and not isinstance(v, bool):
        return v
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, datetime):
        if v.tzinfo is not None:
            v = v.astimezone(UTC).replace(tzinfo=None)
        return v.isoformat(sep=" ")
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return str(v)


def _rows(db: pw.Database, model, fields=None):
    fields = fields or list(model._meta.sorted_fields)
    q = model.select(*fields).order_by(*_pk_fields(model)).tuples().bind(db)
    return q.iterator()


def count(db: pw.Database, model) -> int:
    return model.select().bind(db).count()


CONVERTED = (pw.DateTimeField, pw.DateField, pw.TimeField, pw.BooleanField, pw.DecimalField,
             pw.FloatField, pw.BlobField)


def _canon_of(field: pw.Field):
    """Raw driver value → canonical value; through python_value only where engines differ."""
    if isinstance(field, CONVERTED):
        return lambda v, py=field.python_value: canon(py(v) if v is not None else None)
    return canon


def digest(db: pw.Database, model) -> tuple[int, str]:
    """(rows, SHA-256 over the canonical rows in primary-key order).  Integer keys are
    ordered by the database; text/date keys (small tables) are sorted here, because
    SQLite's and PostgreSQL's collations order text differently."""
    fields = list(model._meta.sorted_fields)
    pks = _pk_fields(model)
    conv = [_canon_of(f) for f in fields]
    sql, params = model.select(*fields).order_by(*pks).bind(db).sql()
    cursor = db.execute_sql(sql, params)
    rows = ([c(v) for c, v in zip(conv, row, strict=True)] for row in cursor)
    if not all(isinstance(f, INT_FIELDS) for f in pks):
        idx = [fields.index(f) for f in pks]
        rows = sorted(rows, key=lambda r: [str(r[i]) for i in idx])
    h, n = hashlib.sha256(), 0
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in rows:
        h.update(dumps(row).encode("utf-8") + b"\n")
        n += 1
    return n, h.hexdigest()


def is_empty(db: pw.Database, models, ignore=()) -> bool:
    for m in models:
        if m in ignore or not db.table_exists(m._meta.table_name):
            continue
        if m.select().bind(db).exists():
            return False
    return True


def _clear(db: pw.Database, models) -> None:
    if isinstance(db, pw.PostgresqlDatabase):
        names = ", ".join(f'"{m._meta.table_name}"' for m in models)
        db.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    else:
        for m in reversed(models):
            m.delete().bind(db).execute()


def reset_sequences(db: pw.Database, models) -> None:
    """PostgreSQL: each serial column's sequence continues after the copied maximum."""
    if not isinstance(db, pw.PostgresqlDatabase):
        return
    for m in models:
        pk = m._meta.primary_key
        if isinstance(pk, (pw.AutoField, pw.BigAutoField)):
            t, c = m._meta.table_name, pk.column_name
            db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{t}\"', '{c}'), "
                           f"COALESCE(MAX(\"{c}\"), 1), MAX(\"{c}\") IS NOT NULL) FROM \"{t}\"")


def _inserter(dst: pw.Database, model, fields):
    """A function inserting a list of row tuples: psycopg2's execute_values on PostgreSQL
    (peewee's SQL generation is half the copy time otherwise), insert_many elsewhere."""
    if isinstance(dst, pw.PostgresqlDatabase):
        from psycopg2.extras import execute_values
        cols = ", ".join(f'"{f.column_name}"' for f in fields)
        sql = f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES %s'

        def insert(batch):
            with dst.cursor() as cur:
                execute_values(cur, sql, batch, page_size=len(batch))
        return insert
    return lambda batch: model.insert_many(batch, fields).bind(dst).as_rowcount().execute()


def copy_all(src: pw.Database, dst: pw.Database, models, progress: Progress | None = None,
             chunk_values: int = 20000) -> list[dict]:
    """Copy every row of `models` from `src` into `dst` (schema already there) in ONE
    transaction on `dst`; verify counts and checksums before committing.  Returns the
    per-table report [{table, rows, source_sha256, target_sha256, ok}]; raises CopyMismatch
    (nothing kept on `dst`) when a table differs."""
    models = ordered(models)
    with src.atomic():                           # one consistent snapshot of the source
        total = sum(count(src, m) for m in models)
        done = 0
        if progress:
            progress(0, total)
        with dst.atomic():
            _clear(dst, models)
            for m in models:
                fields = list(m._meta.sorted_fields)
                size = max(1, chunk_values // max(1, len(fields)))
                insert = _inserter(dst, m, fields)
                batch = []
                for row in _rows(src, m, fields):
                    batch.append(tuple(f.db_value(v) for f, v in zip(fields, row, strict=True)))
                    if len(batch) >= size:
                        insert(batch)
                        done += len(batch)
                        batch = []
                        if progress:
                            progress(done, total)
                if batch:
                    insert(batch)
                    done += len(batch)
                    if progress:
                        progress(done, total)
            reset_sequences(dst, models)
            report = []
            for m in models:
                (n1, h1), (n2, h2) = digest(src, m), digest(dst, m)
                report.append({"table": m._meta.table_name, "rows": n1, "target_rows": n2,
                               "source_sha256": h1, "target_sha256": h2,
                               "ok": n1 == n2 and h1 == h2})
            if not all(r["ok"] for r in report):
                raise CopyMismatch(report)
    return report
