import json

import pytest

from app import settings, store
from app.domain import UserError
from db.models import Setting


def test_office_keys_validated_and_stored(office_db):
    store.open_database(office_db)
    settings.set_many({"office.name": "UBND phường  Hòa   Bình", "calendar.weekdays": "5,1,2,3,4"})
    assert settings.get("office.name") == "UBND phường Hòa Bình"
    assert settings.get("calendar.weekdays") == "1,2,3,4,5"
    before = {r.key: r.value for r in Setting.select()}
    with pytest.raises(UserError, match="HH:MM"):
        settings.set_many({"office.name": "Khác", "calendar.open": "25:00"})
    assert {r.key: r.value for r in Setting.select()} == before     # nothing written
    for bad in ("abc", "8", ""):
        with pytest.raises(UserError, match="1 = thứ Hai"):
            settings.set("calendar.weekdays", bad)
    with pytest.raises(UserError, match="config list"):
        settings.get("no.such.key")


def test_each_pc_keeps_its_own_printer(any_office, tmp_path, monkeypatch):
    """Two counters on one office database: shared office name, their own printers."""
    store.open_database(any_office)
    pc1, pc2 = tmp_path / "pc1.json", tmp_path / "pc2.json"
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(pc1))
    settings.set_many({"printer.connection": "network", "printer.target": "192.168.1.50:9100",
                       "office.name": "UBND xã Tân Lập"})
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(pc2))
    assert settings.get("printer.target") == ""                     # the office default
    settings.set("printer.width", "384")
    assert settings.get("office.name") == "UBND xã Tân Lập"
    assert settings.all_values()["printer.width"] == "384"
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(pc1))
    assert settings.all_values()["printer.target"] == "192.168.1.50:9100"
    assert settings.get("printer.width") == "576"
    assert json.loads(pc1.read_text(encoding="utf-8"))["printer.connection"] == "network"
    assert Setting.get_or_none(Setting.key == "printer.target") is None   # not in the DB


def test_unwritable_local_file_is_a_clear_error(office_db, tmp_path, monkeypatch):
    store.open_database(office_db)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("MOTCUA_LOCAL_CONFIG", str(blocker / "local.json"))
    with pytest.raises(UserError, match="Không ghi được tệp thiết lập của máy này"):
        settings.set("printer.width", "384")
