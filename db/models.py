"""Peewee models. Times are naive UTC in the database; `app` converts at its boundary."""
from __future__ import annotations

import peewee as pw

database = pw.DatabaseProxy()


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = pw.IntegerField(primary_key=True)
    name = pw.CharField(max_length=100)
    applied_at = pw.DateTimeField()


class Setting(BaseModel):
    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField()


class Field(BaseModel):
    name = pw.CharField(max_length=200, unique=True)
    position = pw.IntegerField(default=0)


class Procedure(BaseModel):
    code = pw.CharField(max_length=40, unique=True)
    national = pw.BooleanField(default=True)
    name = pw.TextField()
    name_key = pw.TextField()
    field = pw.ForeignKeyField(Field, backref="procedures", on_delete="RESTRICT")
    level = pw.CharField(max_length=20)
    processing_days = pw.IntegerField(null=True)
    fee_text = pw.TextField(default="Không")
    fee_vnd = pw.BigIntegerField(null=True)
    documents = pw.TextField(default="[]")       # JSON list of strings
    legal_basis = pw.TextField(default="[]")     # JSON list of strings
    active = pw.BooleanField(default=True)
    source = pw.TextField(default="")
    position = pw.IntegerField(default=0)


class Applicant(BaseModel):
    name = pw.TextField()
    name_key = pw.CharField(max_length=300, index=True)
    id_number = pw.CharField(max_length=12, index=True, default="")
    phone = pw.CharField(max_length=11, index=True, default="")     # 11: landlines (0008)
    email = pw.CharField(max_length=200, default="")
    address = pw.TextField(default="")
    birth_date = pw.DateField(null=True)
    gender = pw.CharField(max_length=10, default="")
    # ---- 0009: organisations (suggested at the counter by their tax code) ----
    kind = pw.CharField(max_length=12, default="person")            # person | organisation
    tax_code = pw.CharField(max_length=14, index=True, default="")  # MST, branch "…-001"
    representative = pw.TextField(default="")
    representative_title = pw.TextField(default="")


class User(BaseModel):
    username = pw.CharField(max_length=60, unique=True)
    full_name = pw.TextField()
    role = pw.CharField(max_length=20)
    password_hash = pw.TextField()
    active = pw.BooleanField(default=True)
    created_at = pw.DateTimeField()
    failed_logins = pw.IntegerField(default=0)          # consecutive wrong passwords (0004)
    locked_until = pw.DateTimeField(null=True)          # UTC; sign-in refused until then
    must_change_password = pw.BooleanField(default=False)   # set by an admin's reset


class Dossier(BaseModel):
    code = pw.CharField(max_length=60, unique=True)
    procedure = pw.ForeignKeyField(Procedure, backref="dossiers", on_delete="RESTRICT")
    # The people directory row (suggestions at the counter). What the dossier shows is its own
    # snapshot below, taken at registration: a later registration never rewrites it (0003).
    applicant = pw.ForeignKeyField(Applicant, backref="dossiers", on_delete="RESTRICT")
    applicant_name = pw.TextField(default="")
    applicant_name_key = pw.CharField(max_length=300, index=True, default="")
    applicant_id_number = pw.CharField(max_length=12, index=True, default="")
    applicant_phone = pw.CharField(max_length=11, index=True, default="")
    applicant_email = pw.CharField(max_length=200, default="")
    applicant_address = pw.TextField(default="")
    applicant_birth_date = pw.DateField(null=True)
    applicant_gender = pw.CharField(max_length=10, default="")
    # ---- 0009: organisations and delegates (snapshot, like the applicant above) ----
    applicant_kind = pw.CharField(max_length=12, default="person")      # person | organisation
    applicant_tax_code = pw.CharField(max_length=14, index=True, default="")
    applicant_representative = pw.TextField(default="")
    applicant_representative_title = pw.TextField(default="")
    delegate_name = pw.TextField(default="")           # người nộp thay (được ủy quyền)
    delegate_name_key = pw.CharField(max_length=300, default="")
    delegate_id_number = pw.CharField(max_length=12, default="")
    delegate_phone = pw.CharField(max_length=11, default="")
    version = pw.IntegerField(default=1)          # bumped by every write (optimistic check)
    request_id = pw.CharField(max_length=64, null=True, unique=True)   # client submission id
    channel = pw.SmallIntegerField(default=1)
    received_at = pw.DateTimeField(index=True)
    due_at = pw.DateTimeField()
    processing_days = pw.IntegerField(default=0)
    status = pw.SmallIntegerField(default=1)
    tracking_token = pw.CharField(max_length=64, unique=True)
    clerk = pw.CharField(max_length=60, index=True)
    register_year = pw.SmallIntegerField()
    register_no = pw.IntegerField()
    note = pw.TextField(default="")
    apology_used = pw.BooleanField(default=False)
    paused_at = pw.DateTimeField(null=True)       # supplement requested: clock paused
    updated_at = pw.DateTimeField()
    # ---- reports (0005): kept by app/reports/index.py in the status change's transaction ----
    finished_at = pw.DateTimeField(null=True)     # first 9 (or 10 if 9 skipped) / 3 / 7 / 8
    finish_status = pw.SmallIntegerField(null=True)
    timeliness = pw.SmallIntegerField(null=True)  # resolved: 1 trước hạn · 2 đúng hạn · 3 quá hạn
    reminded_at = pw.DateTimeField(null=True)     # "result ready, please collect" reminder sent
    # ---- end reports ----

    class Meta:
        indexes = (
            (("status", "due_at"), False),
            (("status", "updated_at"), False),        # 0002: results not collected
            (("register_year", "register_no"), True),
            # ---- reports (0005) ----
            (("finished_at", "received_at", "procedure"), False),
            (("finish_status", "finished_at", "timeliness", "procedure"), False),
            (("received_at", "channel", "procedure"), False),
            (("received_at", "channel", "clerk"), False),             # 0011: 06a by clerk
            (("status", "due_at", "clerk", "procedure"), False),      # queue counts, covering
            (("status", "clerk", "due_at", "procedure"), False),      # … filtered by clerk
            (("status", "updated_at", "clerk", "procedure"), False),
        )


class DossierDocument(BaseModel):
    dossier = pw.ForeignKeyField(Dossier, backref="documents", on_delete="CASCADE")
    name = pw.TextField()
    originals = pw.SmallIntegerField(default=0)
    copies = pw.SmallIntegerField(default=0)
    position = pw.SmallIntegerField(default=0)


class StatusHistory(BaseModel):
    dossier = pw.ForeignKeyField(Dossier, backref="history", on_delete="CASCADE")
    at = pw.DateTimeField()
    from_status = pw.SmallIntegerField(null=True)
    to_status = pw.SmallIntegerField()
    user = pw.CharField(max_length=60)
    note = pw.TextField(default="")
    due_at = pw.DateTimeField(null=True)


class OutboxEvent(BaseModel):
    event_id = pw.CharField(max_length=36, unique=True)
    dossier_code = pw.CharField(max_length=60, index=True)
    seq = pw.IntegerField()                       # per-dossier order, from 1
    type = pw.CharField(max_length=40)
    payload = pw.TextField()                      # JSON body as sent
    state = pw.CharField(max_length=12, default="pending")
    attempts = pw.IntegerField(default=0)
    next_attempt_at = pw.DateTimeField(null=True)
    lease_owner = pw.CharField(max_length=80, null=True)
    lease_until = pw.DateTimeField(null=True)
    last_error = pw.TextField(default="")
    created_at = pw.DateTimeField()
    delivered_at = pw.DateTimeField(null=True)

    class Meta:
        indexes = (
            (("state", "id"), False),
            (("dossier_code", "seq"), True),
        )


class Counter(BaseModel):
    """Daily dossier-code counters (scope = office code, key = YYMMDD) and yearly register numbers."""
    scope = pw.CharField(max_length=60)
    key = pw.CharField(max_length=10)
    last = pw.IntegerField(default=0)

    class Meta:
        primary_key = pw.CompositeKey("scope", "key")


class Audit(BaseModel):
    """Append-only, hash-chained trail of every write (0003). hash = SHA-256(prev_hash +
    canonical content); seq comes from the "audit" counter taken in the same transaction."""
    seq = pw.BigIntegerField(unique=True)
    at = pw.DateTimeField()
    username = pw.CharField(max_length=60)
    pc = pw.CharField(max_length=100, default="")
    action = pw.CharField(max_length=60)
    object = pw.TextField(default="")
    details = pw.TextField(default="{}")
    prev_hash = pw.CharField(max_length=64)
    hash = pw.CharField(max_length=64)

    class Meta:
        indexes = ((("at",), False), (("username", "at"), False))


class CalendarOverride(BaseModel):
    day = pw.DateField(primary_key=True)
    kind = pw.CharField(max_length=8)             # "off" | "work"
    note = pw.TextField(default="")


# ---- 0008: search ----------------------------------------------------------------------------
class SearchToken(BaseModel):
    """Search index (0008), written in the same transaction as the dossier (db/search_index.py):
    one row per term — "n:" + each word-suffix of the unaccented name ("van an", "an"), and the
    reversed code / phone / CCCD ("c:7000-102162-…"), so tails become indexed prefix ranges."""
    dossier = pw.ForeignKeyField(Dossier, backref="search_tokens", on_delete="CASCADE")
    term = pw.CharField(max_length=320)

    class Meta:
        indexes = ((("term", "dossier"), False),)


# ---- reports (0005): satisfaction ratings and follow-up calls ----------------------------------
class Rating(BaseModel):
    """One imported survey answer. `row_key` (hash of the normalised source row) makes a
    re-import of the same file add nothing. level: 5 rất hài lòng … 1 rất không hài lòng."""
    row_key = pw.CharField(max_length=64, unique=True)
    dossier_code = pw.CharField(max_length=60, index=True)
    dossier = pw.ForeignKeyField(Dossier, null=True, backref="ratings", on_delete="SET NULL")
    at = pw.DateTimeField(index=True)
    level = pw.SmallIntegerField()
    scores = pw.TextField(default="{}")           # per-criterion scores, JSON
    comment = pw.TextField(default="")
    phone = pw.CharField(max_length=11, default="")
    channel = pw.CharField(max_length=10, default="")   # kiosk | qr | portal
    source = pw.TextField(default="")
    imported_at = pw.DateTimeField()
    followup = pw.CharField(max_length=8, null=True, index=True)   # open | done | None


class FollowUpCall(BaseModel):
    """"Đã gọi lại": a supervisor's call about an unhappy rating (its history)."""
    rating = pw.ForeignKeyField(Rating, backref="calls", on_delete="CASCADE")
    at = pw.DateTimeField()
    user = pw.CharField(max_length=60)
    outcome = pw.CharField(max_length=40)
    note = pw.TextField(default="")


REPORT_MODELS = [Rating, FollowUpCall]
# ---- end reports ----


# ---- DVCQG (national portal) sync: procedure mapping (0006) ------------------------------
class DvcqgMapping(BaseModel):
    """Local procedure code (L.…, or a national code kept locally) -> national MaTTHC, with the
    portal's own names filled by `dvcqg sync-catalog` (LayThuTuc)."""
    local_code = pw.CharField(max_length=40, primary_key=True)
    ma_tthc = pw.CharField(max_length=40)
    ten_tthc = pw.TextField(default="")
    ma_linh_vuc = pw.CharField(max_length=40, default="")
    ten_linh_vuc = pw.TextField(default="")
    updated_at = pw.DateTimeField()
    updated_by = pw.CharField(max_length=60, default="")


class DvcqgState(BaseModel):
    """Per dossier: the event whose portal calls were last started.  An event that finds its
    own id here may have reached the portal before (a crash, a lost answer): it looks the
    dossier up first instead of sending blind."""
    dossier_code = pw.CharField(max_length=60, primary_key=True)
    event_id = pw.CharField(max_length=36)
    started_at = pw.DateTimeField()


# ---- 0010: hand-over to departments ------------------------------------------------------------
class Department(BaseModel):
    """A department (phòng ban) dossiers are handed to (0010). A table, not a setting: two
    supervisors editing at once touch different rows, `name_key` (unaccented) is unique and a
    rename checks `version`. One that has hand-overs is deactivated, never deleted."""
    name = pw.TextField()
    name_key = pw.CharField(max_length=300, unique=True)
    active = pw.BooleanField(default=True)
    version = pw.IntegerField(default=1)
    updated_at = pw.DateTimeField()


class Handover(BaseModel):
    """A dossier handed from the counter to a department and, later, received back with the
    result (0010). `history` / `back_history`: the status-history rows written with each step.
    result: 1 trước hạn · 2 đúng hạn · 3 quá hạn (day of return against the due date)."""
    dossier = pw.ForeignKeyField(Dossier, backref="handovers", on_delete="CASCADE")
    from_unit = pw.TextField()
    department = pw.ForeignKeyField(Department, backref="handovers", on_delete="RESTRICT")
    officer = pw.TextField(default="")              # cán bộ nhận ở phòng ban
    partners = pw.TextField(default="")             # cơ quan phối hợp giải quyết
    note = pw.TextField(default="")
    handed_by = pw.CharField(max_length=60)
    handed_at = pw.DateTimeField()
    history = pw.ForeignKeyField(StatusHistory, null=True, on_delete="SET NULL")
    received_back_at = pw.DateTimeField(null=True)
    received_back_by = pw.CharField(max_length=60, null=True)
    result = pw.SmallIntegerField(null=True)
    result_note = pw.TextField(default="")          # the department's note on its result
    back_note = pw.TextField(default="")            # the counter's note on receiving it back
    back_history = pw.ForeignKeyField(StatusHistory, null=True, on_delete="SET NULL",
                                      backref="returned_handovers")

    class Meta:
        indexes = ((("dossier", "handed_at"), False),)


# at most one hand-over of a dossier is open (not yet received back): a guard under the lock
Handover.add_index(Handover.index(Handover.dossier, unique=True, name="handover_one_open",
                                  where=Handover.received_back_at.is_null()))
HANDOVER_MODELS = [Department, Handover]


ALL_MODELS = [SchemaVersion, Setting, Field, Procedure, Applicant, User, Dossier,
              DossierDocument, StatusHistory, OutboxEvent, Counter, CalendarOverride, Audit,
              SearchToken, *REPORT_MODELS, DvcqgMapping, DvcqgState, *HANDOVER_MODELS]
