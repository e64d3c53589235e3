"""CLI: departments list|add|rename|deactivate and handover to|back|list, in a subprocess
signed in as a clerk or the admin; a clerk cannot edit the list; bad input is exit 2."""
import json
import subprocess

from tests.test_cli import PASSWORD, cli, office  # noqa: F401  (fixtures)


def test_departments_and_handover_commands(office, tmp_path):  # noqa: F811
    run = office
    assert "Chưa có phòng ban nào" in run("departments", "list").stdout
    denied = run("--user", "canbo1", "departments", "add", "Phòng Tư pháp", ok=False, password=PASSWORD)
    assert denied.returncode == 2 and "Traceback" not in denied.stderr
    tp = json.loads(run("departments", "add", "Phòng Tư pháp", "--json").stdout)
    dc = json.loads(run("departments", "add", "Phòng Địa chính", "--json").stdout)
    assert run("departments", "rename", str(dc["id"]), "Phòng Địa chính – Xây dựng").returncode == 0
    dup = run("departments", "add", "phong tu phap", ok=False)
    assert dup.returncode == 2 and "Đã có phòng ban 'Phòng Tư pháp'" in dup.stderr
    reg = json.loads(run("--user", "canbo1", "register", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                         "--json").stdout)
    code = reg["code"]
    to = json.loads(run("--user", "canbo1", "handover", "to", code, "--dept", "Phòng Tư pháp", "--officer",
                        "Trần Thị Bích", "--partners", "Công an xã", "--json").stdout)
    assert to["status"] == 4 and to["handover"]["department"] == "Phòng Tư pháp"
    assert to["handover"]["officer"] == "Trần Thị Bích" and to["handover"]["handed_by"] == "canbo1"
    again = run("--user", "canbo1", "handover", "to", code, "--dept", str(dc["id"]), ok=False)
    assert again.returncode == 2 and "nhận kết quả về trước" in again.stderr
    assert "Traceback" not in again.stderr
    back = run("--user", "canbo1", "handover", "back", code, "--result", "Đã trích lục")
    assert f"Đã nhận hồ sơ {code} từ Phòng Tư pháp: Trước hạn." in back.stdout
    listed = json.loads(run("handover", "list", code, "--json").stdout)
    assert [(r["department"], r["result"], r["result_note"]) for r in listed] == [
        ("Phòng Tư pháp", "Trước hạn", "Đã trích lục")]
    assert "deactivated" in run("departments", "deactivate", str(tp["id"]), "--json").stdout
    assert "đã xóa" in run("departments", "deactivate", str(dc["id"])).stdout
    assert "(ngừng dùng)" in run("departments", "list").stdout
    out = tmp_path / "ks.pdf"
    run("print", "form", "06", code, "--set", "2025", "--out", str(out))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "1. Giao: Bộ phận tiếp nhận và trả kết quả Nhận: Phòng Tư pháp" in text
    assert "2. Giao: Phòng Tư pháp Nhận: Bộ phận tiếp nhận và trả kết quả" in text
    assert "Cơ quan phối hợp giải quyết hồ sơ: Công an xã" in text and "Trần Thị Bích" in text
