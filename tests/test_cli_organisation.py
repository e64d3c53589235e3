"""`register --kind organisation` from the command line (subprocess, JSON, exit codes)."""
import json

from tests.test_cli import cli, office  # noqa: F401  (fixtures)


def test_cli_registers_an_organisation_with_a_delegate(office):  # noqa: F811
    reg = json.loads(office(
        "--user", "canbo1", "register", "--procedure", "1.001193", "--kind", "organisation",
        "--name", "Công ty Cổ phần Vận tải Lục Nam", "--tax-code", "0100047516-002",
        "--representative", "Nguyễn Văn An", "--representative-title", "Giám đốc",
        "--delegate-name", "Trần Văn Bình", "--delegate-id", "024090001234",
        "--received-at", "2026-11-25T10:05:00+07:00", "--json", user=None).stdout)
    shown = json.loads(office("show", reg["code"], "--json").stdout)
    a = shown["applicant"]
    assert (a["kind"], a["name"], a["tax_code"], a["representative"], a["id_number"]) == (
        "organisation", "Công ty Cổ phần Vận tải Lục Nam", "0100047516-002", "Nguyễn Văn An", "")
    assert shown["delegate"]["name"] == "Trần Văn Bình"
    text = office("show", reg["code"]).stdout
    assert "MST 0100047516-002; đại diện: Nguyễn Văn An — Giám đốc" in text
    assert "Người nộp thay: Trần Văn Bình" in text
    found = json.loads(office("search", "0100047516", "--json").stdout)
    assert [d["code"] for d in found] == [reg["code"]]


def test_cli_organisation_errors_exit_2(office):  # noqa: F811
    p = office("--user", "canbo1", "register", "--procedure", "1.001193", "--kind", "organisation",
               "--name", "Công ty Minh Phát", "--tax-code", "0100047517", "--representative", "An",
               ok=False, user=None)
    assert p.returncode == 2 and "Mã số thuế 0100047517 không đúng" in p.stderr
    assert "Traceback" not in p.stderr
    p = office("--user", "canbo1", "register", "--procedure", "1.001193", "--name", "Lê Thị Hoa",
               "--delegate-name", "Trần Văn Bình", "--delegate-id", "12", ok=False, user=None)
    assert p.returncode == 2 and "Người nộp thay: Số CCCD phải gồm đúng 12 chữ số." in p.stderr
    assert json.loads(office("outbox", "list", "--json").stdout) == []
