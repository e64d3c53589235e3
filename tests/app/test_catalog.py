import json

import pytest

from app import catalog, store
from app.domain import UserError
from db.models import Field, Procedure


def _doc(procs, fields=("Hộ tịch",)):
    return {"version": "t", "fields": list(fields), "procedures": procs}


def _p(**kw):
    base = {"code": "1.000001", "name": "Thủ tục thử", "field": "Hộ tịch", "level": "xã",
            "processing_days": 3, "fee": "Không", "fee_vnd": 0, "documents": ["Tờ khai"],
            "legal_basis": []}
    base.update(kw)
    return base


def test_bundled_catalog_imported(office_db):
    store.open_database(office_db)
    procs = catalog.list_procedures()
    assert len(procs) == 144 and len(catalog.fields()) == 30
    ks = catalog.get("1.001193")
    assert ks.name == "Thủ tục đăng ký khai sinh" and ks.field == "Hộ tịch" and ks.processing_days == 1
    local = [p for p in procs if not p.national]
    assert len(local) == 29 and all(p.code.startswith("L.") for p in local)
    assert {p.field for p in catalog.list_procedures("Chứng thực")} == {"Chứng thực"}
    assert catalog.find("dang ky khai sinh")[0].code == "1.001193"


def test_bundled_catalog_only_into_an_empty_database(sqlite_url):
    """app.setup.init_office (and the wizard): the bundled catalog fills an empty database
    once; an office whose procedures are all switched off keeps its own catalog."""
    from app import setup
    first = setup.init_office(sqlite_url)
    assert first["catalog"] is not None and first["procedures"] == 144
    Procedure.update(active=False).execute()
    Procedure.update(name="Tên riêng của văn phòng").where(Procedure.code == "1.001193").execute()
    again = setup.init_office(sqlite_url)
    assert again["catalog"] is None and catalog.import_bundled_if_empty() is None
    assert Procedure.get(Procedure.code == "1.001193").name == "Tên riêng của văn phòng"
    assert not Procedure.select().where(Procedure.active == True).exists()  # noqa: E712


@pytest.mark.parametrize("procs,fields,msg", [
    ([_p(), _p(field="Không có")], ("Hộ tịch",), "Dòng 2: lĩnh vực 'Không có'"),
    ([_p(), _p(name="Khác")], ("Hộ tịch",), "Dòng 2: mã thủ tục '1.000001' trùng với dòng 1"),
    ([_p(processing_days=-2)], ("Hộ tịch",), "Dòng 1: thời hạn giải quyết âm"),
    ([_p(code="ABC")], ("Hộ tịch",), "không đúng dạng"),
])
def test_invalid_catalog_names_row_and_writes_nothing(office_db, tmp_path, procs, fields, msg):
    store.open_database(office_db)
    before = (Procedure.select().count(), Field.select().count())
    f = tmp_path / "c.json"
    f.write_text(json.dumps(_doc(procs, fields), ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError) as e:
        catalog.import_file(f)
    assert msg in e.value.message and "Không có gì được ghi" in e.value.message
    assert (Procedure.select().count(), Field.select().count()) == before


def test_export_import_round_trip_json_and_csv(office_db, tmp_path):
    store.open_database(office_db)
    before = catalog.list_procedures()
    for name in ("out.json", "out.csv"):
        path = tmp_path / name
        assert catalog.export_file(path) == 144
        result = catalog.import_file(path)
        assert result["created"] == 0 and result["updated"] == 144
        assert catalog.list_procedures() == before


def test_csv_bad_row(office_db, tmp_path):
    store.open_database(office_db)
    path = tmp_path / "x.csv"
    path.write_text("code,name,field,level,processing_days\n1.999999,Thủ tục mới,Hộ tịch,xã,2\n"
                    "1.999998,Thủ tục lỗi,Hộ tịch,xã,-1\n", encoding="utf-8")
    with pytest.raises(UserError, match="Dòng 3"):
        catalog.import_file(path)
    with pytest.raises(UserError):
        catalog.get("1.999999")


def test_save_edits_procedure(office_db):
    import dataclasses
    store.open_database(office_db)
    p = catalog.get("1.001193")
    catalog.save(dataclasses.replace(p, processing_days=2, fee_text="Miễn"))
    assert catalog.get("1.001193").processing_days == 2
    with pytest.raises(UserError, match="âm"):
        catalog.save(dataclasses.replace(p, processing_days=-1))


def test_browse_filters_by_text_and_field_in_the_query(office_db):
    store.open_database(office_db)
    every = catalog.find("dang ky", limit=500)
    assert len({p.field for p in every}) > 1             # the words are in several fields
    last_field = every[-1].field                         # not the first field in the catalog
    assert every[0].field != last_field
    one = catalog.browse("dang ky", last_field, limit=2)
    assert one and {p.field for p in one} == {last_field}
    # no text: the whole field, closed procedures included (the catalog screen shows them)
    proc = catalog.browse("", "Hộ tịch")[0]
    from dataclasses import replace
    catalog.save(replace(proc, active=False))
    assert proc.code in {p.code for p in catalog.browse("", "Hộ tịch")}
    assert proc.code not in {p.code for p in catalog.browse(proc.code, "Hộ tịch")}
