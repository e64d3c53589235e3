"""Find the way people ask (issue 11 §1): name words anywhere in order, tails, procedure words,
ranking, filters, and a reason for every empty list — on SQLite and PostgreSQL."""
from datetime import date, datetime

import pytest

from app import registration, search, store
from app.domain import VN_TZ, Status
from app.search import Filters
from db import migrate, search_index
from db.connection import current
from db.models import SearchToken
from tests.app.helpers import CLERK, SUPERVISOR


def _reg(name, id_number="", phone="", proc="1.001193", day=25, actor=CLERK):
    return registration.register(actor, procedure_code=proc, name=name, id_number=id_number,
                                 phone=phone, received_at=datetime(2026, 11, day, 10, 5, tzinfo=VN_TZ))


@pytest.fixture
def people(any_office):
    store.open_database(any_office)
    a = _reg("Nguyễn Văn An", "024090001234", "0912345678")
    b = _reg("Trần Thị Bình", "001190003759", "0987650987", day=26)
    c = _reg("Đỗ Văn Anh", "", "+84 24 3765 4321", proc="1.000894", day=27, actor=SUPERVISOR)
    return a, b, c


def codes(text, **kw):
    return [d.code for d in search.find(CLERK, text, **kw).rows]


def test_name_words_anywhere_in_order_with_or_without_diacritics(people):
    a, b, c = people
    assert codes("An") == [c.code, a.code]               # "an" and "anh": word prefixes, newest first
    assert codes("van an") == [c.code, a.code]
    assert codes("Văn An") == [c.code, a.code]
    assert codes("nguyen van an") == [a.code]
    assert codes("do van") == [c.code] == codes("Đỗ")    # đ → d
    assert codes("an van") == []                         # in order
    assert codes("thi binh") == [b.code]


def test_tails_of_code_phone_and_cccd(people):
    a, b, c = people
    assert codes(a.code[-4:]) == [c.code, b.code, a.code]  # "0001" of each day, newest first
    assert codes(a.code.split("-", 1)[1]) == [a.code]      # "261125-0001"
    assert codes("3759") == [b.code]                       # CCCD tail
    assert codes("0987") == [b.code]                       # phone tail
    assert codes("5678") == [a.code]
    assert codes("37654321") == [c.code]                   # landline tail
    assert codes("024090001234") == [a.code]               # whole CCCD


def test_ranking_exact_first(people):
    a, b, c = people
    # "0987650987" is b's whole phone; its tail "0987" also ends b's phone — exact ranks first
    d = _reg("Lê Văn Cường", "", "0911110987", day=27)
    assert codes("0987") == [d.code, b.code]
    assert codes("0987650987") == [b.code]
    assert codes(a.code) == [a.code]                       # whole code


def test_procedure_words(people):
    a, b, c = people
    found = codes("khai sinh")
    assert set(found) >= {a.code, b.code} and c.code not in found


def test_filters(people):
    a, b, c = people
    assert codes("an", filters=Filters(clerk="lanhdao")) == [c.code]
    assert codes("an", filters=Filters(date_from=date(2026, 11, 25), date_to=date(2026, 11, 26))) == [a.code]
    assert codes("an", filters=Filters(statuses=(int(Status.PROCESSING),))) == []
    page = search.find(CLERK, "an", Filters(statuses=(4,)))
    assert "bỏ bộ lọc" in page.reason and "Đang xử lý" in page.reason


def test_empty_text_lists_today_and_says_why_empty(people, monkeypatch):
    a, b, c = people
    monkeypatch.setattr(search, "today", lambda: date(2026, 11, 27))
    assert codes("") == [c.code]
    monkeypatch.setattr(search, "today", lambda: date(2026, 11, 28))
    page = search.find(CLERK, "")
    assert page.rows == () and page.reason == "Hôm nay chưa tiếp nhận hồ sơ nào."
    assert "4 chữ số" in search.find(CLERK, "098").reason
    assert "khớp" in search.find(CLERK, "Xuân Quỳnh").reason


def test_paging_has_more(people):
    a, b, c = people
    first = search.find(CLERK, "an", limit=1)
    second = search.find(CLERK, "an", limit=1, offset=1)
    assert first.has_more and not second.has_more
    assert [d.code for d in first.rows + second.rows] == [c.code, a.code]


def test_migration_rebuilds_the_index_for_existing_dossiers(people):
    a, b, c = people
    SearchToken.delete().execute()
    assert codes("van an") == []
    mod = __import__("db.migrations.0008_search", fromlist=["apply"])
    mod.apply(current())
    mod.apply(current())                                   # idempotent
    assert codes("van an") == [c.code, a.code]
    assert SearchToken.select().count() == sum(
        len(search_index.terms(d.code, "x " * len(d.applicant.name.split()), d.applicant.phone,
                               d.applicant.id_number)) for d in people)
    assert migrate.head() >= 8


def test_needs_a_signed_in_user(people):
    from app.domain import PermissionDenied, Role, User
    with pytest.raises(PermissionDenied):
        search.find(User("khongco", "Giả", Role.CLERK), "an")


def test_wide_ranges_walk_newest_first_with_the_same_answer(people, monkeypatch):
    """A term range wider than SCAN_CAP switches to the newest-first probe: same ids, same
    order, same filters as reading the range whole."""
    a, b, c = people
    more = [_reg(f"Phạm Văn An {w}", day=20 + i % 8) for i, w in enumerate(
        ["Khang", "Nhiên", "Bình", "Tuấn", "Hà", "Minh"])]
    queries = [("An", {}), ("van an", {}), ("an", {"status": "2"}), ("0001", {}),
               ("van", {"date_from": "20/11/2026", "date_to": "21/11/2026"})]
    whole = [codes(t, filters=fl, limit=4) for t, fl in queries]
    monkeypatch.setattr(search, "SCAN_CAP", 2)
    probed = [codes(t, filters=fl, limit=4) for t, fl in queries]
    assert probed == whole
    assert whole[0][0] == more[-1].code and len(whole[0]) == 4
    assert whole[-1] == [more[1].code, more[0].code]         # the filter holds in both plans
    assert sorted(codes("van an")) == sorted([a.code, c.code] + [m.code for m in more])
