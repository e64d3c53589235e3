from datetime import date

from app import rules


def test_rules_follow_effective_date():
    old = rules.one_stop(date(2024, 5, 1))
    new = rules.one_stop(date(2026, 11, 25))
    assert "61/2018" in old.basis and "118/2025" in new.basis
    assert new.form_titles["05"] == "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    assert rules.levels(date(2025, 6, 30)) == ["xã", "huyện", "tỉnh"]
    assert rules.levels(date(2025, 7, 1)) == ["xã", "tỉnh"]
    assert rules.current_level("huyện", date(2026, 1, 1)) == "xã"
    assert rules.current_level("huyện", date(2024, 1, 1)) == "huyện"
