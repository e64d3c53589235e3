"""The CLI signs in and acts as that user: refusals without a login, wrong passwords (counted),
init only on an empty database, user commands, the forced change after a reset, and the
attacks of the issue ("who did what")."""
import json

from tests.test_cli import PASSWORD, cli, office  # noqa: F401  (fixtures)


def _accounts(run) -> dict:
    return {u["username"]: u for u in json.loads(run("user", "list", "--json").stdout)}


def test_no_login_commands(cli):  # noqa: F811
    for args in (["--version"], ["--help"], ["due", "--from", "2026-02-13T16:00", "--days", "1"]):
        p = cli(*args, user=None, password=None)
        assert p.returncode == 0, (args, p.stderr)
    assert "Một Cửa Desk 0." in cli("--version", user=None, password=None).stdout
    cli("init", user=None, password=None)                       # empty database, no admin yet
    assert json.loads(cli("catalog", "list", "--json", user=None, password=None).stdout)


def test_commands_refused_without_login(office):  # noqa: F811
    for args in (["search", "an"], ["register", "--procedure", "1.001193", "--name", "An"],
                 ["outbox", "list"], ["user", "list"], ["token", "status"], ["sync", "status"],
                 ["print", "receipt", "X", "--out", "/dev/null"], ["report", "queue"]):
        p = office(*args, ok=False, user=None)
        assert p.returncode == 2 and "Cần đăng nhập" in p.stderr and "MOTCUA_USER" in p.stderr, args
        p = office(*args, ok=False, user="canbo1", password=None)   # stdin is no terminal
        assert p.returncode == 2 and "MOTCUA_PASSWORD" in p.stderr, args
    p = office("search", "an", ok=False, user="canbo1", password=None, stdin=PASSWORD + "\n")
    assert p.returncode == 2 and "không đọc từ đầu vào chuẩn" in p.stderr   # never from stdin


def test_wrong_password_and_unknown_user_exit_2_and_count(office):  # noqa: F811
    p = office("search", "an", ok=False, user="canbo1", password="sai-mat-khau")
    assert p.returncode == 2 and "Sai tên đăng nhập hoặc mật khẩu" in p.stderr
    p = office("search", "an", ok=False, user="khongco")
    assert p.returncode == 2 and "Sai tên đăng nhập hoặc mật khẩu" in p.stderr
    assert _accounts(office)["canbo1"]["failed_logins"] == 1
    for _ in range(4):
        p = office("search", "an", ok=False, user="canbo1", password="sai-mat-khau")
    assert "Tài khoản bị khóa đến" in p.stderr and "do nhập sai mật khẩu 5 lần" in p.stderr
    p = office("search", "an", ok=False, user="canbo1")               # the right one, too late
    assert p.returncode == 2 and "bị khóa đến" in p.stderr
    assert _accounts(office)["canbo1"]["locked_until"]
    office("user", "enable", "canbo1")                                 # the admin lifts it
    office("search", "an", user="canbo1")


def test_attacks_add_admin_without_login(office):  # noqa: F811
    p = office("user", "add", "eve", "--full-name", "Eve", "--role", "admin", ok=False,
               user=None, password=None, stdin="evepassword\n")
    assert p.returncode == 2 and "Cần đăng nhập" in p.stderr
    p = office("user", "add", "eve", "--full-name", "Eve", "--role", "admin", ok=False,
               user="canbo1", stdin="evepassword\n")
    assert p.returncode == 2 and "không có quyền" in p.stderr
    p = office("--user", "canbo1", "user", "passwd", "admin", ok=False, user=None, stdin="evepassword\n")
    assert p.returncode == 2 and "không có quyền" in p.stderr
    assert set(_accounts(office)) == {"admin", "canbo1"}


def test_history_user_is_the_signed_in_user_not_logname(office, monkeypatch):  # noqa: F811
    monkeypatch.setenv("LOGNAME", "mallory")
    monkeypatch.setenv("USER", "mallory")
    reg = json.loads(office("register", "--procedure", "1.001193", "--name", "Nguyễn Văn An",
                            "--json", user="canbo1").stdout)
    office("status", reg["code"], "4", user="admin")
    shown = json.loads(office("show", reg["code"], "--json").stdout)
    assert shown["clerk"] == "canbo1"
    assert [h["user"] for h in shown["history"]] == ["canbo1", "admin"]


def test_empty_database_accepts_only_the_first_admin(cli, tmp_path):  # noqa: F811
    cli("init", "--office-code", "000.17.22.H56", user=None, password=None)
    p = cli("register", "--procedure", "1.001193", "--name", "An", ok=False)
    assert p.returncode == 2 and "chưa có tài khoản" in p.stderr
    p = cli("user", "add", "eve", "--full-name", "Eve", "--role", "clerk", ok=False, user=None,
            stdin="evepassword\n")
    assert p.returncode == 2 and "quản trị" in p.stderr
    cli("user", "add", "boss", "--full-name", "Quản Trị", "--role", "admin", user=None,
        stdin="boss-password\n")
    p = cli("user", "add", "eve", "--full-name", "Eve", "--role", "admin", ok=False, user=None,
            stdin="evepassword\n")
    assert p.returncode == 2 and "Cần đăng nhập" in p.stderr
    assert list(_accounts(lambda *a: cli(*a, user="boss", password="boss-password"))) == ["boss"]


def test_init_only_on_an_empty_database(cli):  # noqa: F811
    p = cli("init", "--admin", "admin", ok=False, user=None, password="ngan")
    assert p.returncode == 2 and "ít nhất 8" in p.stderr
    cli("init", "--admin", "admin", user=None)
    p = cli("init", "--admin", "eve", ok=False, user=None, password="evepassword")
    assert p.returncode == 2 and "trống" in p.stderr
    p = cli("init", "--office-code", "000.00.00.X99", ok=False, user=None, password=None)
    assert p.returncode == 2
    assert json.loads(cli("config", "get", "office.code", "--json").stdout)["office.code"] != "000.00.00.X99"


def test_passwd_own_and_admin_reset_forces_a_change(office):  # noqa: F811
    office("user", "passwd", user="canbo1", stdin="mat-khau-2\n")
    assert office("search", "an", ok=False, user="canbo1").returncode == 2
    office("search", "an", user="canbo1", password="mat-khau-2")
    out = office("user", "passwd", "canbo1", stdin="tam-thoi-1\n").stdout
    assert "phải đổi mật khẩu" in out
    assert _accounts(office)["canbo1"]["must_change_password"] is True
    p = office("search", "an", ok=False, user="canbo1", password="tam-thoi-1")
    assert p.returncode == 2 and "user passwd" in p.stderr
    p = office("user", "passwd", "admin", ok=False, user="canbo1", password="tam-thoi-1",
               stdin="hack-hack-1\n")
    assert p.returncode == 2 and "chính mình" in p.stderr
    p = office("user", "passwd", ok=False, user="canbo1", password="tam-thoi-1", stdin="tam-thoi-1\n")
    assert p.returncode == 2 and "khác mật khẩu hiện tại" in p.stderr
    office("user", "passwd", user="canbo1", password="tam-thoi-1", stdin="cua-rieng-toi\n")
    office("search", "an", user="canbo1", password="cua-rieng-toi")
    assert _accounts(office)["canbo1"]["must_change_password"] is False


def test_disable_enable_role_and_last_admin(office):  # noqa: F811
    office("user", "disable", "canbo1")
    p = office("search", "an", ok=False, user="canbo1")
    assert p.returncode == 2 and "vô hiệu hóa" in p.stderr
    office("user", "enable", "canbo1")
    office("user", "role", "canbo1", "supervisor")
    assert _accounts(office)["canbo1"]["role"] == "supervisor"
    office("report", "queue", user="canbo1")                          # now a supervisor's
    for args, needle in ((["user", "disable", "admin"], "chính mình"),
                         (["user", "role", "admin", "clerk"], "chính mình")):
        p = office(*args, ok=False)
        assert p.returncode == 2 and needle in p.stderr
    p = office("user", "role", "canbo1", "admin", ok=False, user="canbo1")
    assert p.returncode == 2 and "không có quyền" in p.stderr
    p = office("demo", "seed", "--count", "1", ok=False, user="canbo1")
    assert p.returncode == 2 and "không có quyền" in p.stderr
    accounts = _accounts(office)
    assert accounts["admin"]["active"] and accounts["admin"]["role"] == "admin"
