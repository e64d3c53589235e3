"""Outbox event -> the portal's objects (DongBoHoSoMC dossier, CapNhatTienDoHoSoMC progress).

`portal_dossier` / `portal_progress` are pure functions of the event payload and a small
`Context` read from the database at send time (`context_for`): the procedure mapping, the
office name and the dossier's history up to this event.  Dates are yyyyMMddHHmmss in
Asia/Ho_Chi_Minh; unknown optional fields are "".  Contract: dvcqg_api.yaml.

The payload carries the applicant's name, phone and e-mail to the portal by design: nothing
here logs it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.domain import VN_TZ, Status, is_amendment
from app.sync.dvcqg_mapping import Mapping

PORTAL_FORMAT = "%Y%m%d%H%M%S"
SUPPLEMENT = int(Status.SUPPLEMENT)
PROCESSING = int(Status.PROCESSING)
DONE = int(Status.DONE)
RETURNED = int(Status.RETURNED)


@dataclass(frozen=True, slots=True)
class Step:
    """One history entry as the portal needs it (aware datetimes)."""
    at: datetime
    from_status: int | None
    to_status: int
    user: str                     # display name of who did it
    note: str = ""
    due_at: datetime | None = None
    unit: str = ""                # the department of a hand-over step (app/handover.py)
    officer: str = ""             # its receiving officer, when recorded


@dataclass(frozen=True, slots=True)
class Context:
    mapping: Mapping
    office_name: str = ""
    field_name: str = ""
    history: tuple[Step, ...] = field(default_factory=tuple)   # up to and including this event
    applicant_kind: str = "person"     # the dossier's snapshot: person | organisation (0009)


def portal_time(value: datetime | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return ""
    if value.tzinfo is None:
        raise ValueError("naive datetime")
    return value.astimezone(VN_TZ).strftime(PORTAL_FORMAT)


def _parse(iso: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def this_step(payload: dict, ctx: Context) -> Step | None:
    """The history entry this event was written with: the last one of `ctx.history`."""
    return ctx.history[-1] if ctx.history else None


def progress_key(entry: dict) -> tuple[str, str]:
    return (str(entry.get("ThoiDiemXuLy") or ""), str(entry.get("TrangThai") or ""))


def expected_progress_count(payload: dict, ctx: Context) -> int:
    """How many progress entries with this event's (ThoiDiemXuLy, TrangThai) the portal holds
    once this event is through: the same key may repeat (4 -> 5 -> 4 within one second)."""
    key = progress_key(portal_progress(payload, ctx))
    return sum(1 for s in ctx.history[1:] if (portal_time(s.at), str(s.to_status)) == key) or 1


def supplements(ctx: Context) -> list[dict]:
    """DanhSachHoSoBoSung: each supplement request (status 5) and each apology that moved the
    due date, with NgayHenTraTruoc/NgayHenTraMoi when the date moved."""
    out: list[dict] = []
    due_before, open_req = None, None
    for s in ctx.history:
        apology = s.from_status == s.to_status and s.due_at is not None and not is_amendment(s.note)
        if s.to_status == SUPPLEMENT and s.from_status != SUPPLEMENT:
            open_req = {"HoSoBoSungId": str(len(out) + 1), "NguoiYeuCauBoSung": s.user,
                        "NoiDungBoSung": s.note, "NgayBoSung": portal_time(s.at),
                        "NguoiTiepNhanBoSung": "", "ThongTinTiepNhan": "",
                        "NgayTiepNhanBoSung": "", "TrangThaiBoSung": "0",
                        "DanhSachGiayToBoSung": [], "DanhSachLePhiBoSung": [],
                        "NgayHenTraTruoc": "", "NgayHenTraMoi": ""}
            out.append(open_req)
        elif s.from_status == SUPPLEMENT and s.to_status == PROCESSING and open_req is not None:
            open_req.update({"NguoiTiepNhanBoSung": s.user, "ThongTinTiepNhan": s.note,
                             "NgayTiepNhanBoSung": portal_time(s.at), "TrangThaiBoSung": "1"})
            if s.due_at is not None:
                open_req.update({"NgayHenTraTruoc": portal_time(due_before),
                                 "NgayHenTraMoi": portal_time(s.due_at)})
            open_req = None
        elif apology:
            out.append({"HoSoBoSungId": str(len(out) + 1), "NguoiYeuCauBoSung": s.user,
                        "NoiDungBoSung": s.note, "NgayBoSung": portal_time(s.at),
                        "NguoiTiepNhanBoSung": "", "ThongTinTiepNhan": "",
                        "NgayTiepNhanBoSung": "", "TrangThaiBoSung": "1",
                        "DanhSachGiayToBoSung": [], "DanhSachLePhiBoSung": [],
                        "NgayHenTraTruoc": portal_time(due_before),
                        "NgayHenTraMoi": portal_time(s.due_at)})
        if s.due_at is not None:
            due_before = s.due_at
    return out


def _first_at(ctx: Context, status: int) -> str:
    return next((portal_time(s.at) for s in ctx.history if s.to_status == status
                 and s.from_status != status), "")


def portal_dossier(payload: dict, ctx: Context) -> dict:
    d, a = payload.get("dossier") or {}, payload.get("applicant") or {}
    m = ctx.mapping
    channel = int(d.get("channel") or 1)
    return {
        "MaHoSo": d.get("code", ""),
        "MaTTHC": m.ma_tthc,
        "TenTTHC": m.ten_tthc or d.get("procedure_name", ""),
        "MaLinhVuc": m.ma_linh_vuc,
        "TenLinhVuc": m.ten_linh_vuc or ctx.field_name,
        "KenhThucHien": str(channel),
        "ChuHoSo": a.get("name", ""),
        # 1 công dân, 2 doanh nghiệp/tổ chức (as OpenCPS sends for applicantIdType "business");
        # MaDoiTuong is the portal's own id of a registered applicant: we have none, so "".
        "LoaiDoiTuong": "2" if ctx.applicant_kind == "organisation" else "1",
        "MaDoiTuong": "",
        "ThongTinKhac": "",
        "Email": a.get("email", "") or "",
        "Fax": "",
        "SoDienThoai": a.get("phone", "") or "",
        "TrichYeuHoSo": d.get("procedure_name", ""),
        "NgayTiepNhan": portal_time(d.get("received_at")),
        "NgayHenTra": portal_time(d.get("due_at")),
        "TrangThaiHoSo": str(int(d.get("status") or 1)),
        "NgayTra": _first_at(ctx, RETURNED),
        "ThongTinTra": "",
        "HinhThuc": "1" if channel == 3 else "0",
        "NgayKetThucXuLy": _first_at(ctx, DONE),
        "DonViXuLy": ctx.office_name,
        "GhiChu": payload.get("note", "") or "",
        "TaiLieuNop": [],
        "DanhSachLePhi": [],
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": supplements(ctx),
        "DanhSachGiayToKetQua": [],
    }


def portal_progress(payload: dict, ctx: Context) -> dict:
    d = payload.get("dossier") or {}
    s = this_step(payload, ctx)
    when = _parse(payload.get("occurred_at"))
    return {
        "MaHoSo": d.get("code", ""),
        "NguoiXuLy": (s.officer or s.user) if s else "",
        "ChucDanh": "",
        "ThoiDiemXuLy": portal_time(when or (s.at if s else None)),
        "PhongBanXuLy": s.unit if s else "",
        "NoiDungXuLy": (payload.get("note") or (s.note if s else "")
                        or (d.get("status_name") or "")),
        "TrangThai": str(int(d.get("status") or 1)),
        "NgayBatDau": portal_time(d.get("received_at")),
        "NgayKetThucTheoQuyDinh": portal_time(d.get("due_at")),
    }


def context_for(payload: dict, mapping: Mapping) -> Context:
    """Read what the payload lacks: office name, field name, history up to this event."""
    from app import settings
    from app.store import from_db
    from db.models import Dossier as DossierRow
    from db.models import Field as FieldRow
    from db.models import OutboxEvent as OutboxRow
    from db.models import Procedure as ProcRow
    from db.models import StatusHistory, User
    d = payload.get("dossier") or {}
    row = DossierRow.get_or_none(DossierRow.code == d.get("code"))
    field_name = ""
    proc = ProcRow.get_or_none(ProcRow.code == d.get("procedure_code"))
    if proc is not None:
        f = FieldRow.get_or_none(FieldRow.id == proc.field_id)
        field_name = f.name if f else ""
    steps: list[Step] = []
    if row is not None:
        # event n of a dossier was written with its n-th history entry (same transaction)
        seq = (OutboxRow.select(OutboxRow.seq).where(OutboxRow.event_id == payload.get("event_id"))
               .scalar())
        q = StatusHistory.select().where(StatusHistory.dossier == row).order_by(StatusHistory.id)
        names = {}
        units = _handover_units(row)
        for h in (q.limit(seq) if seq else q):
            if h.user not in names:
                u = User.get_or_none(User.username == h.user)
                names[h.user] = u.full_name if u else h.user
            unit, officer = units.get(h.id, ("", ""))
            steps.append(Step(from_db(h.at), h.from_status, h.to_status, names[h.user],
                              h.note or "", from_db(h.due_at), unit, officer))
    return Context(mapping=mapping, office_name=settings.get("office.name"),
                   field_name=field_name, history=tuple(steps),
                   applicant_kind=(row.applicant_kind if row is not None else "") or "person")


def _handover_units(row) -> dict[int, tuple[str, str]]:
    """history id -> (department, officer) for the steps a hand-over wrote: the hand-over step
    names the department and its receiving officer, the return step the department."""
    from db.models import Department, Handover
    out: dict[int, tuple[str, str]] = {}
    for h in Handover.select(Handover, Department).join(Department).where(Handover.dossier == row):
        if h.history_id:
            out[h.history_id] = (h.department.name, h.officer)
        if h.back_history_id:
            out[h.back_history_id] = (h.department.name, "")
    return out
