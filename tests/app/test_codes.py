import base64
from datetime import UTC, datetime

from app import codes
from app.domain import VN_TZ


def test_format_uses_local_day():
    # 20:00 UTC on 30/5 is already 31/5 in Vietnam
    at = datetime(2021, 5, 30, 20, 0, tzinfo=UTC)
    assert codes.format_code("000.17.22.H56", at, 1) == "000.17.22.H56-210531-0001"


def test_token_has_at_least_96_bits_and_is_url_safe():
    toks = {codes.new_token() for _ in range(1000)}
    assert len(toks) == 1000
    for t in list(toks)[:20]:
        raw = base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))
        assert len(raw) * 8 >= 96
        assert all(c.isalnum() or c in "-_" for c in t)


def test_tracking_url_round_trip():
    url = codes.tracking_url("https://example.org/tra-cuu?ma={code}&t={token}",
                             "000.17.22.H56-261125-0007", "abcDEF_-123")
    assert url == "https://example.org/tra-cuu?ma=000.17.22.H56-261125-0007&t=abcDEF_-123"
    assert codes.parse_tracking_url(url) == ("000.17.22.H56-261125-0007", "abcDEF_-123")
    assert codes.parse_tracking_url("https://x.vn/hs/000.17.22.H56-261125-0007") == \
        ("000.17.22.H56-261125-0007", "")
    assert codes.parse_tracking_url("hello") is None


def test_code_pattern():
    assert codes.looks_like_code("000.17.22.H56-261125-0007")
    assert not codes.looks_like_code("Nguyễn Văn An")
    _ = VN_TZ
