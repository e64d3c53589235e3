"""Settings that cannot break the counter: shapes checked when set and again when read."""
import pytest

from app import codes, settings
from app.domain import UserError
from app.privacy import mask_id, mask_phone, redact
from db.models import Setting

GOOD_TEMPLATE = "https://dichvucong.khanhhoa.gov.vn/tra-cuu?ma={code}&t={token}"


@pytest.mark.parametrize("code", ["000.17.22.H56", "000.00.17.H56", "000.00.00.H56", "001.17.22.H56",
                                  "000.00.00.G22", "H56", "H22.45", "H22.45.01", "H22.45.01.001",
                                  "G22", "A01", " 000.17.22.H56 "])
def test_office_code_accepted(code):
    assert settings.check_office_code(code) == code.strip()


def test_office_code_upper_cased():
    assert settings.check_office_code("000.17.22.h56") == "000.17.22.H56"


@pytest.mark.parametrize("code", ["abc", "", "H5", "H560", "17.22.H56", "000.17.22.56", "000.17.00.H56",
                                  "001.00.22.H56", "001.17.00.H56", "000-17-22-H56", "H56.", ".H56",
                                  "H56..01", "000.17.22.H56.1", "000.17 .22.H56", "HH5", "H22.4",
                                  "H22.45.1", "H22.45.01.01", "ĐH56", "000.17.22.H56-1"])
def test_office_code_refused(code):
    with pytest.raises(UserError) as e:
        settings.check_office_code(code)
    assert "Mã cơ quan không hợp lệ" in e.value.message


@pytest.mark.parametrize("template", [
    GOOD_TEMPLATE, "https://tc.gov.vn/{code}/{token}", "https://tc.gov.vn/hs?t={token}&ma={code}",
    "https://tc.gov.vn:8443/hs?ma={code}&t={token}"])
def test_tracking_template_accepted(template):
    assert settings.check_tracking_template(template) == template


@pytest.mark.parametrize("template", [
    "https://tc.gov.vn/{__class__}?ma={code}&t={token}", "https://tc.gov.vn/{0}?ma={code}&t={token}",
    "https://tc.gov.vn/?ma={code!r}&t={token}", "https://tc.gov.vn/?ma={code:>5}&t={token}",
    "https://tc.gov.vn/?ma={code.__class__}&t={token}", "https://tc.gov.vn/?ma={code[0]}&t={token}",
    "https://tc.gov.vn/?ma={code}&t={token}{", "https://tc.gov.vn/?ma={code}&t={token}}",
    "https://tc.gov.vn/{{x}}?ma={code}&t={token}", "https://tc.gov.vn/?ma={}&t={token}",
    "https://tc.gov.vn/?ma={code}", "https://tc.gov.vn/?t={token}",
    "https://tc.gov.vn/?ma={code}&t={token}&again={code}", "http://tc.gov.vn/?ma={code}&t={token}",
    "http://127.0.0.1/?ma={code}&t={token}", "ftp://tc.gov.vn/?ma={code}&t={token}",
    "https:///?ma={code}&t={token}", "https://u:p@tc.gov.vn/?ma={code}&t={token}",
    "tc.gov.vn/?ma={code}&t={token}", "https://tc.gov.vn:99999/?ma={code}&t={token}",
    "https://tc.gov.vn/ x?ma={code}&t={token}"])
def test_tracking_template_refused(template):
    with pytest.raises(UserError):
        settings.check_tracking_template(template, demo=True)


def test_placeholder_template_only_for_a_demo_office():
    placeholder = settings.KEYS["tracking.url_template"].default
    assert settings.check_tracking_template(placeholder, demo=True) == placeholder
    with pytest.raises(UserError) as e:
        settings.check_tracking_template(placeholder, demo=False)
    assert "giấy hẹn trả" in e.value.message
    for host in ("example.com", "tc.example.org", "tracuu.test"):
        with pytest.raises(UserError):
            settings.check_tracking_template(f"https://{host}/?ma={{code}}&t={{token}}")
    settings.check_tracking_template("https://tracuu.example.vn/hs?ma={code}&t={token}")


@pytest.mark.parametrize("url", ["https://tt.gov.vn", "https://tt.gov.vn/api/", "http://127.0.0.1:8080",
                                 "http://localhost/x", "http://[::1]:9000/", ""])
def test_service_url_accepted(url):
    assert settings.check_url(url) == url.rstrip("/")


@pytest.mark.parametrize("url", ["http://tt.gov.vn", "http://10.0.0.5", "ftp://tt.gov.vn", "tt.gov.vn",
                                 "https://user:pw@tt.gov.vn", "https://user@tt.gov.vn", "https://",
                                 "https:///path", "http://127.0.0.1.evil.vn", "https://tt.gov.vn:0x1",
                                 "javascript:alert(1)", "http://localhost@evil.vn"])
def test_service_url_refused(url):
    with pytest.raises(UserError):
        settings.check_url(url, "central.url")


def test_tracking_url_substitutes_only_code_and_token():
    assert codes.tracking_url(GOOD_TEMPLATE, "000.17.22.H56-261125-0001", "abc_-1") == \
        "https://dichvucong.khanhhoa.gov.vn/tra-cuu?ma=000.17.22.H56-261125-0001&t=abc_-1"
    for bad in ("https://x.vn/{__class__}", "https://x.vn/{code.__init__}", "https://x.vn/{0}{token}",
                "https://x.vn/{code", "https://x.vn/{code!r}"):
        with pytest.raises(UserError):
            codes.tracking_url(bad, "000.17.22.H56-261125-0001", "t")


def test_set_validates_and_demo_rules(office_db):
    # init on a fresh database, without an own tracking address, marks a test office
    assert settings.get("office.demo") == "true"
    with pytest.raises(UserError):
        settings.set("office.demo", "false")           # still the placeholder address
    settings.set_many({"tracking.url_template": GOOD_TEMPLATE, "office.demo": "false"})
    assert settings.get("tracking.url_template") == GOOD_TEMPLATE
    with pytest.raises(UserError):
        settings.set("tracking.url_template", settings.KEYS["tracking.url_template"].default)
    with pytest.raises(UserError):
        settings.set("central.url", "http://central.tinh.gov.vn")
    assert settings.set("central.url", "https://central.tinh.gov.vn/") == "https://central.tinh.gov.vn"
    with pytest.raises(UserError):
        settings.set("office.survey_url", "http://127.0.0.1/ks")     # citizens open it: https only
    with pytest.raises(UserError):
        settings.set("procedure.url_template", "https://dvc.gov.vn/?ma={code}&x={__class__}")


@pytest.mark.parametrize("key,garbage", [
    ("tracking.url_template", "https://x.vn/{__class__}"), ("office.code", "abc"),
    ("central.url", "http://evil.vn"), ("calendar.open", "25:99"), ("office.demo", "maybe"),
    ("procedure.url_template", "https://x.vn/{0}")])
def test_bad_stored_value_is_a_user_error_naming_the_key(office_db, key, garbage):
    Setting.insert(key=key, value=garbage).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: garbage}).execute()
    with pytest.raises(UserError) as e:
        settings.office() if key != "central.url" else settings.get(key)
    assert f"Thiết lập '{key}' trong cơ sở dữ liệu không hợp lệ" in e.value.message
    assert f"python main.py config set {key}" in e.value.message
    assert settings.raw_values()[key] == garbage         # still listed, to be fixed


def test_placeholder_stored_for_a_real_office_is_refused_when_read(office_db):
    Setting.update(value="false").where(Setting.key == "office.demo").execute()
    with pytest.raises(UserError) as e:
        settings.get("tracking.url_template")
    assert "tracking.url_template" in e.value.message and "giấy hẹn trả" in e.value.message


def test_office_code_change_needs_confirmation_once_dossiers_exist(office_db):
    from app import registration
    from tests.app.helpers import CLERK
    settings.set("office.code", "000.00.17.H56")           # no dossier yet: no question
    registration.register(CLERK, procedure_code="1.001193", name="Nguyễn Văn An")
    with pytest.raises(settings.NeedsConfirmation) as e:
        settings.set("office.code", "000.17.22.H56")
    assert "0001" in e.value.message and "000.00.17.H56" in e.value.message
    assert settings.get("office.code") == "000.00.17.H56"
    settings.set("office.code", "000.00.17.H56")           # unchanged: no question
    assert settings.set("office.code", "000.17.22.H56", confirm=True) == "000.17.22.H56"


def test_masking():
    assert mask_id("024190001234") == "0241******34"
    assert mask_phone("0912345678") == "091****678"
    assert mask_id("") == "" and mask_phone("") == ""
    text = redact("CCCD 024190001234, ĐT 0912345678 / 84912345678, ?ma=X&t=Tok_en-123 password=abc")
    for secret in ("024190001234", "0912345678", "84912345678", "Tok_en-123", "abc"):
        assert secret not in text
    assert "000.17.22.H56-261125-0001" in redact("000.17.22.H56-261125-0001")
