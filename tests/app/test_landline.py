"""Landline phones (02x, 11 digits) are valid; other 11-digit numbers are not (issue 11 §3)."""
import pytest

from app.domain import UserError
from app.validation import check_phone


@pytest.mark.parametrize("value, want", [("024 3825 2222", "02438252222"),
                                         ("+84 28 3829 1234", "02838291234"),
                                         ("842838291234", "02838291234"), ("0912345678", "0912345678")])
def test_landline_and_mobile(value, want):
    assert check_phone(value) == want


@pytest.mark.parametrize("value", ["02438252", "09123456789", "0243825222", "01234567890"])
def test_wrong_lengths_and_prefixes(value):
    with pytest.raises(UserError):
        check_phone(value)
