"""This PC's printer: any signed-in user may set exactly the printer.* keys (kept in this PC's
file, audited in the office database); nothing else, and a refusal writes nothing."""
from __future__ import annotations

import json

import pytest

from app import audit, desk, settings, store
from app.domain import PermissionDenied, UserError
from db.models import Audit
from tests.app.helpers import ADMIN, CLERK, run_cli


@pytest.fixture
def office(any_office):
    store.open_database(any_office)
    return any_office


def _file(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_a_clerk_sets_this_pcs_printer_and_it_is_audited(office, local_config_file):
    values, _office = desk.save_printer_settings(CLERK, {"printer.connection": "network",
                                                         "printer.target": "192.168.1.50:9100",
                                                         "printer.width": "384"})
    assert values["printer.width"] == "384" and values["printer.target"] == "192.168.1.50:9100"
    assert _file(local_config_file)["printer.target"] == "192.168.1.50:9100"
    assert settings.raw_values_stored().get("printer.target") is None     # not the office's
    last = audit.entries(ADMIN, limit=1)[0]
    assert (last.action, last.username) == ("settings.set", CLERK.username)
    assert last.details["printer.width"] == ["576", "384"]
    assert audit.verify(ADMIN).ok


@pytest.mark.parametrize("values", [{"printer.width": "384", "office.name": "UBND xã Khác"},
                                    {"ui.theme": "bootstrap-dark"}, {"central.url": "https://x.vn"}])
def test_only_printer_keys_and_nothing_written_otherwise(office, local_config_file, values):
    before_audit, before_name = Audit.select().count(), settings.get("office.name")
    with pytest.raises(UserError, match="printer") as err:
        desk.save_printer_settings(CLERK, values)
    assert "quản trị viên" in err.value.message
    assert not local_config_file.exists()
    assert Audit.select().count() == before_audit and settings.get("office.name") == before_name


def test_save_settings_still_needs_an_admin_for_office_keys_mixed_in(office, local_config_file):
    with pytest.raises(PermissionDenied):
        desk.save_settings(CLERK, {"printer.width": "384", "office.name": "UBND xã Khác"})
    assert not local_config_file.exists()


def test_a_bad_printer_value_is_a_message_and_nothing_is_written(office, local_config_file):
    before = Audit.select().count()
    with pytest.raises(UserError):
        desk.save_printer_settings(CLERK, {"printer.width": "999"})
    assert not local_config_file.exists() and Audit.select().count() == before


def test_a_clerk_sets_the_printer_from_the_cli(office_db, monkeypatch, local_config_file):
    from tests.app.helpers import PASSWORD
    monkeypatch.setenv("MOTCUA_USER", CLERK.username)
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)
    r = run_cli(office_db, "config", "set", "printer.target", "/dev/usb/lp0")
    assert r.returncode == 0, r.stderr
    assert _file(local_config_file)["printer.target"] == "/dev/usb/lp0"
    r = run_cli(office_db, "config", "set", "office.name", "UBND xã Khác")
    assert r.returncode == 2 and "không có quyền" in r.stderr and "Traceback" not in r.stderr


def test_the_window_language_is_this_pcs_own(office, local_config_file):
    """A clerk switching the window to English switches this PC only, not every counter."""
    from db.models import Setting
    desk.save_settings(CLERK, {"ui.language": "en"})
    assert settings.get("ui.language") == "en"
    assert not Setting.select().where(Setting.key == "ui.language").exists()
    assert '"ui.language": "en"' in local_config_file.read_text(encoding="utf-8")
