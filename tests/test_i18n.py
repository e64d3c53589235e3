"""UI catalogs: every message of the screens is translated to English with the same
placeholders, and the compiled .mo files match their .po sources."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app import i18n

ROOT = Path(__file__).resolve().parents[1]
PO = i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "motcua.po"


def test_every_screen_message_has_an_english_translation():
    ids = i18n.extract(i18n.sources(ROOT))
    en = i18n.read_po(PO)
    missing = [m for m in ids if not en.get(m)]
    assert not missing, missing[:10]
    for m in ids:
        assert sorted(re.findall(r"\{\w+\}", m)) == sorted(re.findall(r"\{\w+\}", en[m])), m


def test_compiled_catalogs_are_current(tmp_path):
    for lang in i18n.LANGUAGES:
        po = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "motcua.po"
        out = tmp_path / f"{lang}.mo"
        i18n.compile_po(po, out)
        assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), \
            f"run: python -m app.i18n compile ({lang})"


def test_read_po_joins_continued_strings_and_names_a_stray_line(tmp_path):
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Tìm "\n"hồ sơ"\n'
                  'msgstr "Find "\n"dossier"\n', encoding="utf-8")
    assert i18n.read_po(po)["Tìm hồ sơ"] == "Find dossier"
    po.write_text('"a string before any msgid"\nmsgid "x"\nmsgstr "y"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"x\.po:1: a string line outside"):
        i18n.read_po(po)


def test_switching_language():
    try:
        assert i18n.setup("en") == "en"
        assert i18n._("Tìm hồ sơ") == "Find dossier"
        assert i18n._("Hẹn trả: {due}").format(due="x") == "Due: x"
        assert i18n.setup("xx") == "vi"
        assert i18n._("Tìm hồ sơ") == "Tìm hồ sơ"
    finally:
        i18n.setup("vi")


# ---- service layer: messages and labels follow the interface language --------------------
from app import outbox, validation  # noqa: E402
from app.domain import Channel, Role, Status, UserError  # noqa: E402
from app.sync.state import SyncStatus  # noqa: E402
from printing import connections, forms, samples  # noqa: E402

PHONE_VI = ("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09, hoặc số cố "
            "định 11 chữ số bắt đầu bằng 02 (hoặc dạng +84…).")


@pytest.fixture
def english():
    i18n.setup("en")
    yield
    i18n.setup("vi")


def _error(fn, *args) -> UserError:
    with pytest.raises(UserError) as err:
        fn(*args)
    return err.value


def test_service_messages_and_labels_stay_vietnamese_by_default():
    assert i18n.language() == "vi"
    assert _error(validation.check_phone, "123").message == PHONE_VI
    assert Status.PROCESSING.label == "Đang xử lý"
    assert Channel.ONLINE.label == "Trực tuyến" and Role.ADMIN.label == "Quản trị"
    assert _error(validation.check_name, "x" * 151).message == "Họ tên quá dài (tối đa 150 ký tự)."


def test_service_messages_and_labels_in_english(english):
    assert _error(validation.check_phone, "123").message.startswith("The phone number must have 10 digits")
    assert _error(validation.check_name, "x" * 151).message == \
        "The full name is too long (at most 150 characters)."
    assert Status.PROCESSING.label == "Processing"
    assert Status.PROCESSING.vi_label == "Đang xử lý"
    assert Channel.ONLINE.label != "Trực tuyến" and Role.ADMIN.label != "Quản trị"
    st = SyncStatus(online=False, pending=3, delivered=0, failed=1, last_error="",
                    last_success_at=None, token_invalid=False)
    assert st.label == "Offline · 3 waiting · 1 failed"
    assert _error(connections.parse_target, "", "network").message.startswith("No printer is set")


def test_central_payload_and_official_forms_stay_vietnamese(english):
    d = samples.dossier(history=False)
    payload = outbox.build_payload("e1", outbox.event_type_for(d.status, False), d.received_at,
                                   "000.17.22.H56", d, "")
    assert payload["dossier"]["status_name"] == "Đang xử lý"
    text = repr(forms.form_04(d, samples.office()))
    assert "Đang xử lý" in text and "Processing" not in text


def test_sync_status_label_in_vietnamese():
    st = SyncStatus(online=False, pending=3, delivered=0, failed=1, last_error="",
                    last_success_at=None, token_invalid=False)
    assert st.label == "Ngoại tuyến · 3 chờ gửi · 1 lỗi"
