"""Domain values shared by every layer: frozen dataclasses and enums.

Nothing here touches the database, Tk or a printer.  Services return these
values; views and printing backends render them.
"""
from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

# gettext hook, re-exported here because printing may import only app.domain from app
from app.i18n import N_, _  # noqa: F401

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


class UserError(Exception):
    """Shown to the user as is (message already translated with _()); nothing was written."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class PermissionDenied(UserError):
    """The signed-in user's role may not do this; nothing was written."""


class ConflictError(UserError):
    """Another counter changed the dossier first; nothing was written. Reopen and retry."""


class ConnectionLost(UserError):
    """The database connection dropped; the action was not done (or, for a registration
    with a request id, a retry finds it). The program reconnects on the next call."""


class Status(enum.IntEnum):
    """National dossier statuses (TT 01/2018 numbering)."""

    NEW = 1
    ACCEPTED = 2
    REFUSED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    FINANCIAL = 6
    WITHDRAWN = 7
    STOPPED = 8
    DONE = 9
    RETURNED = 10

    @property
    def label(self) -> str:
        """Name in the interface language (screens, status bar, messages)."""
        return _(STATUS_LABELS[self])

    @property
    def vi_label(self) -> str:
        """Vietnamese name whatever the interface language: official forms, the central payload."""
        return STATUS_LABELS[self]

    @property
    def final(self) -> bool:
        return self in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED)


STATUS_LABELS = {     # Vietnamese source texts; Status.label translates them
    Status.NEW: N_("Mới đăng ký"),
    Status.ACCEPTED: N_("Được tiếp nhận"),
    Status.REFUSED: N_("Không được tiếp nhận"),
    Status.PROCESSING: N_("Đang xử lý"),
    Status.SUPPLEMENT: N_("Yêu cầu bổ sung"),
    Status.FINANCIAL: N_("Yêu cầu nghĩa vụ tài chính"),
    Status.WITHDRAWN: N_("Công dân rút hồ sơ"),
    Status.STOPPED: N_("Dừng xử lý"),
    Status.DONE: N_("Đã xử lý xong"),
    Status.RETURNED: N_("Đã trả kết quả"),
}


class Channel(enum.IntEnum):
    COUNTER = 1
    ONLINE = 2
    POST = 3

    @property
    def label(self) -> str:
        return _(CHANNEL_LABELS[int(self)])

    @property
    def vi_label(self) -> str:
        return CHANNEL_LABELS[int(self)]

    @classmethod
    def parse(cls, text: str | int | Channel) -> Channel:
        if isinstance(text, Channel):
            return text
        key = str(text).strip().lower()
        names = {"counter": 1, "1": 1, "online": 2, "2": 2, "post": 3, "3": 3,
                 "truc tiep": 1, "truc tuyen": 2, "buu chinh": 3}
        if key not in names:
            raise UserError(_("Kênh tiếp nhận không hợp lệ: dùng counter, online hoặc post."), "channel")
        return cls(names[key])


CHANNEL_LABELS = {1: N_("Trực tiếp"), 2: N_("Trực tuyến"), 3: N_("Bưu chính")}


class Role(str, enum.Enum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
    SYNC = "sync"          # the sync worker's own actor: delivery bookkeeping only, no login
    BACKUP = "backup"      # the automatic daily backup at start-up, no login

    @property
    def label(self) -> str:
        return _(ROLE_LABELS[self.value])


ROLE_LABELS = {"clerk": N_("Cán bộ tiếp nhận"), "supervisor": N_("Lãnh đạo / giám sát"),
               "admin": N_("Quản trị"), "sync": N_("Tiến trình đồng bộ"),
               "backup": N_("Sao lưu tự động")}
HUMAN_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
MACHINE_ROLES = frozenset({Role.SYNC, Role.BACKUP})


class EventType(str, enum.Enum):
    RECEIVED = "dossier.received"
    STATUS_CHANGED = "dossier.status_changed"
    RESULT_READY = "dossier.result_ready"
    RETURNED = "dossier.returned"


class OutboxState(str, enum.Enum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str                      # national code d.dddddd, or local L.dddddd
    name: str
    field: str
    level: str                     # "xã" | "huyện" | "tỉnh"
    processing_days: int | None
    fee_text: str = "Không"
    fee_vnd: int | None = None
    documents: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    active: bool = True
    national: bool = True
    source: str = ""


PERSON, ORGANISATION = "person", "organisation"      # Applicant.kind (0009)


@dataclass(frozen=True, slots=True)
class Applicant:
    """Who the dossier is for: a person (CCCD) or an organisation (tax code, representative)."""
    name: str                     # a person's full name, or the organisation's name
    id_number: str = ""           # CCCD, 12 digits (a person only)
    phone: str = ""               # 10 digits, 0xxxxxxxxx
    email: str = ""
    address: str = ""             # a person's residence, an organisation's head office
    birth_date: date | None = None
    gender: str = ""
    kind: str = PERSON            # PERSON | ORGANISATION
    tax_code: str = ""            # MST "0101234567" or a branch's "0101234567-001" (public data)
    representative: str = ""      # người đại diện theo pháp luật (organisation)
    representative_title: str = ""    # chức vụ, e.g. "Giám đốc"

    @property
    def is_organisation(self) -> bool:
        return self.kind == ORGANISATION

    @property
    def salutation(self) -> str:
        """How an official paper addresses the applicant before its name: "Ông/Bà" for a
        person; nothing for an organisation, which is addressed by its own name."""
        return "" if self.is_organisation else "Ông/Bà"

    @property
    def addressed(self) -> str:
        """'Ông/Bà Nguyễn Văn An' or 'Công ty TNHH Minh Phát' (never 'Ông/Bà Công ty …')."""
        return f"{self.salutation} {self.name}".strip()

    @property
    def representative_line(self) -> str:
        """'Nguyễn Văn An — Giám đốc' (empty for a person)."""
        return " — ".join(s for s in (self.representative, self.representative_title) if s)


@dataclass(frozen=True, slots=True)
class Delegate:
    """Người được ủy quyền: the person at the counter when it is not the applicant (0009)."""
    name: str
    id_number: str = ""           # CCCD, 12 digits
    phone: str = ""


@dataclass(frozen=True, slots=True)
class DocumentReceived:
    name: str
    originals: int = 0
    copies: int = 0

    @property
    def form_label(self) -> str:
        parts = []
        if self.originals:
            parts.append("Bản chính")
        if self.copies:
            parts.append("Bản sao")
        return ", ".join(parts) or "—"

    @property
    def count(self) -> int:
        return self.originals + self.copies


# A correction after registration (app/corrections.py) is a history row with the same status
# before and after, like an apology; its note starts with this marker, which tells them apart
# (history has no "kind" column). Never translated: it is stored and sent to the portal.
AMEND_NOTE_PREFIX = "Sửa thông tin sau tiếp nhận"


def is_amendment(note: str | None) -> bool:
    return (note or "").startswith(AMEND_NOTE_PREFIX)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime                  # aware, UTC
    from_status: Status | None
    to_status: Status
    user: str
    note: str = ""
    due_at: datetime | None = None

    @property
    def is_amendment(self) -> bool:
        return is_amendment(self.note)

    @property
    def is_apology(self) -> bool:
        """Same status before and after with a new date, and not a correction: an apology
        (a hand-over keeps the status without a date)."""
        return self.from_status == self.to_status and self.due_at is not None and not self.is_amendment


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    name: str
    address: str = ""
    phone: str = ""
    parent_name: str = ""          # e.g. "UBND TỈNH …" line above the office name on forms
    pickup_place: str = ""
    tracking_url_template: str = "https://example.org/tra-cuu?ma={code}&t={token}"
    procedure_url_template: str = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={code}"
    survey_url: str = ""
    bank_bin: str = ""             # NAPAS BIN of the office's bank, for VietQR fee QR
    bank_account: str = ""
    bank_account_name: str = ""
    form_titles: tuple = ()        # (("01", "GIẤY TIẾP NHẬN …"), …): wording in force (app/rules)
    legal_basis: str = ""          # the one-stop decree in force, e.g. "Nghị định 118/2025/NĐ-CP"
    papers: object = field(default=None, compare=False, repr=False)  # app.rules.PaperSet in force

    def form_title(self, number: str, default: str) -> str:
        return dict(self.form_titles).get(number, default)


@dataclass(frozen=True, slots=True)
class Dossier:
    code: str
    procedure: Procedure
    applicant: Applicant
    channel: Channel
    received_at: datetime          # aware, UTC
    due_at: datetime               # aware, UTC
    status: Status
    tracking_url: str
    clerk: str
    register_no: int = 0           # entry number in the year's register (Mẫu 06)
    documents: tuple[DocumentReceived, ...] = ()
    note: str = ""
    history: tuple[HistoryEntry, ...] = ()
    apology_used: bool = False
    updated_at: datetime | None = None
    clerk_name: str = ""           # full name of the receiving clerk, when known
    version: int = 1               # row version: pass it back to detect a concurrent change
    processing_days: int | None = None   # working days this dossier was given (None: unknown)
    delegate: Delegate | None = None     # người nộp thay, when not the applicant (0009)

    @property
    def clerk_display(self) -> str:
        return self.clerk_name or self.clerk

    @property
    def received_local(self) -> datetime:
        return self.received_at.astimezone(VN_TZ)

    @property
    def due_local(self) -> datetime:
        return self.due_at.astimezone(VN_TZ)


@dataclass(frozen=True, slots=True)
class Receipt:
    """Everything a receipt (thermal or Mẫu 01) needs; built after commit."""

    office: Office
    dossier: Dossier
    fee_vnd: int | None = None

    @property
    def dossier_code(self) -> str:
        return self.dossier.code

    @property
    def tracking_url(self) -> str:
        return self.dossier.tracking_url

    @property
    def received_at(self) -> datetime:
        return self.dossier.received_at

    @property
    def due_at(self) -> datetime:
        return self.dossier.due_at


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    id: int
    event_id: str
    type: EventType
    dossier_code: str
    seq: int
    payload: dict = field(hash=False, compare=False, default_factory=dict)
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    last_error: str = ""
    created_at: datetime | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class User:
    username: str
    full_name: str
    role: Role
    active: bool = True
    must_change_password: bool = False    # an admin reset it: change it before anything else

    def can(self, *roles: Role) -> bool:
        """People: clerk < supervisor < admin — a higher role may do what a lower one may.
        A machine actor (sync, backup) may do only the job named for its own role."""
        if self.role in roles:
            return True
        if self.role not in HUMAN_ROLES:
            return False
        rank = HUMAN_ROLES.index(self.role)
        return any(r in HUMAN_ROLES and HUMAN_ROLES.index(r) <= rank for r in roles)


def _visible(text: str) -> str:
    """Drop invisible characters (NUL and other controls Cc, format characters Cf such as
    zero-width space/joiners U+200B–U+200D, U+2060, BOM U+FEFF, bidi marks); whitespace stays
    (collapsed by nfc).  A lone surrogate (undecodable input) is a user error."""
    if text.isprintable():          # fast path: no Cc/Cf/Cs at all
        return text
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cs":
            raise UserError(_("Văn bản chứa ký tự không hợp lệ (không phải Unicode đúng chuẩn)."))
        if cat in ("Cc", "Cf") and not ch.isspace():
            continue
        out.append(ch)
    return "".join(out)


def nfc(text: str | None) -> str:
    """Normalise user text: invisible characters and NUL removed, NFC, trimmed, inner
    whitespace collapsed."""
    if text is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", _visible(str(text))).split())


def unaccent(text: str | None) -> str:
    """Search key: no diacritics, case-folded, đ → d, spaces collapsed."""
    s = nfc(text).replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return " ".join(s.casefold().split())


def mask_tail(text: str, keep: int = 3) -> str:
    """Mask all but the last `keep` characters: a receipt travels in pockets."""
    if not text:
        return ""
    return "*" * max(0, len(text) - keep) + text[-keep:]


@dataclass(frozen=True, slots=True)
class PaperForm:
    """One form of a set: its number in the circular ("01"), what it is for (`kind`: receipt,
    supplement, refusal, apology, stop, control, register), title, the symbol of its
    "Số: …/…" line (None: the form carries no number) and its paper size."""
    number: str
    kind: str
    title: str
    symbol: str | None
    page: str

    @property
    def marker(self) -> str:
        return f"Mẫu số {self.number}"
