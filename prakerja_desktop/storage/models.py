"""SQLAlchemy models: every row that may travel between devices has a UUID key, timestamps and a device."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from prakerja_desktop.clock import utcnow

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of all models."""

    metadata = MetaData(naming_convention=NAMING)
    # Every model here maps one plain Table (SQLAlchemy types it as any FromClause); Core inserts need it.
    __table__: ClassVar[Table]
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncedMixin:
    """Columns every row that may be merged between devices carries."""

    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    device_id: Mapped[UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Setting(Base):
    """Office-wide settings as JSON values (office name, receipt layout, ...)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Device(Base):
    """A machine that writes to this database; owns a receipt-number counter."""

    __tablename__ = "devices"
    id: Mapped[UUID] = mapped_column(Uuid, primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  # printed in receipt numbers
    name: Mapped[str] = mapped_column(String(200), default="")
    next_receipt: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StaffAccount(SyncedMixin, Base):
    """A staff member who logs in; only an argon2 hash of the secret is kept."""

    __tablename__ = "staff_accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # "admin" or "staff"
    secret_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DraftRow(SyncedMixin, Base):
    """Answers in progress, saved on every Next so a power cut loses at most one screen."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # typed to resume a draft
    step: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open/submitted
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), nullable=True)
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)  # hybrid logical clock of the last write


class RecordRow(SyncedMixin, Base):
    """A submitted registration-prep record with its receipt number.

    The integer primary key is local to this database (the full-text index needs a stable integer
    row id); `uuid` is the record's identity everywhere else (bundles, receipts, the API).
    """

    __tablename__ = "records"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    draft_uuid: Mapped[UUID | None] = mapped_column(Uuid, nullable=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), nullable=True)
    entered_by_name: Mapped[str] = mapped_column(String(200), default="")  # "" = kiosk self-service
    rule_set_id: Mapped[str] = mapped_column(String(32), default="")
    eligibility_outcome: Mapped[str] = mapped_column(String(16), default="", index=True)
    eligibility_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Personal data (UU PDP): kept only with consent, masked on printouts.
    nik: Mapped[str] = mapped_column(String(16), unique=True)
    kk_number: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), index=True)  # lower case, no accents
    birth_place: Mapped[str | None] = mapped_column(String(100), nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    phone_e164: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    has_email: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    regency_code: Mapped[str | None] = mapped_column(String(4), nullable=True)
    district_code: Mapped[str | None] = mapped_column(String(6), nullable=True, index=True)
    village: Mapped[str | None] = mapped_column(String(100), nullable=True)
    street: Mapped[str | None] = mapped_column(String(200), nullable=True)
    rt: Mapped[str | None] = mapped_column(String(3), nullable=True)
    rw: Mapped[str | None] = mapped_column(String(3), nullable=True)
    education: Mapped[str | None] = mapped_column(String(40), nullable=True)
    employment: Mapped[str | None] = mapped_column(String(40), nullable=True)
    training_interests: Mapped[list[Any]] = mapped_column(JSON, default=list)
    eligibility_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    readiness: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    consent: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    registered_online_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # told by the person
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)  # hybrid logical clock of the last write
    # Derived from consent and eligibility_reasons by every writer (storage/facts.py): the dashboard
    # counts these instead of parsing JSON per row. Local to each database: they do not travel in bundles.
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    reason_codes: Mapped[str] = mapped_column(Text, default="")


class RecordChange(SyncedMixin, Base):
    """One field changed by staff: who, when, why, and the values (personal data: erased with the record)."""

    __tablename__ = "record_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(String(300))
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_accounts.id"), nullable=True)
    changed_by_name: Mapped[str] = mapped_column(String(200), default="")
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)  # orders edits of one field (LWW)


class WaveOutcome(SyncedMixin, Base):
    """What happened in one programme wave (gelombang): how the office learns its acceptance rate."""

    __tablename__ = "wave_outcomes"
    __table_args__ = (UniqueConstraint("record_id", "wave"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    wave: Mapped[int] = mapped_column(Integer, index=True)
    joined: Mapped[bool] = mapped_column(Boolean, default=True)
    accepted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # None = result not known yet
    training_finished: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    incentive_received: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    updated_by_name: Mapped[str] = mapped_column(String(200), default="")
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)  # hybrid logical clock of the last write


class AuditEvent(Base):
    """An append-only log entry; each carries the hash of the one before (a hash chain).

    `details` never holds personal data: only ids, counts and field names.
    """

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    device_id: Mapped[UUID] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))  # staff uuid, "kiosk" or "system"
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))



# --- outreach bundles (migration 0003) -------------------------------------------------------------


class PairedDevice(Base):
    """A device whose public keys this database accepts: an outreach laptop (at the office) or the office."""

    __tablename__ = "paired_devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    role: Mapped[str] = mapped_column(String(16))  # "laptop" or "office"
    code: Mapped[str] = mapped_column(String(8), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    sign_public: Mapped[str] = mapped_column(String(64))  # Ed25519, base64
    box_public: Mapped[str] = mapped_column(String(64))  # X25519, base64
    receipt_public: Mapped[str] = mapped_column(String(64), default="")  # a laptop's receipt QR key (Ed25519)
    accepted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BundleExport(Base):
    """A bundle this device wrote: what it covered, and whether the office acknowledged it."""

    __tablename__ = "bundle_exports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    hlc_from: Mapped[str] = mapped_column(String(64))  # exclusive
    hlc_to: Mapped[str] = mapped_column(String(64))  # inclusive
    audit_to: Mapped[int] = mapped_column(Integer, default=0)  # last audit event id included
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class BundleImport(Base):
    """A bundle the office applied: replays and old bundles are refused by (device, sequence)."""

    __tablename__ = "bundle_imports"
    __table_args__ = (UniqueConstraint("device_id", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_id: Mapped[UUID] = mapped_column(Uuid, unique=True)
    device_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    hlc_to: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64), default="")


class ImportedAuditEvent(Base):
    """An audit event written on another device, kept verbatim (its own chain stays checkable).

    The office's own chain is never spliced: it gets one "bundle.imported" event per bundle instead.
    """

    __tablename__ = "imported_audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)
    device_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    source_id: Mapped[int] = mapped_column(Integer)  # the event's id on its device (chain order)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    bundle_id: Mapped[UUID] = mapped_column(Uuid)


class ReviewItem(Base):
    """Two records with the same NIK from different devices: staff decide, nothing is overwritten.

    `incoming` holds the record that could not go in (its values, wave outcomes and history) until
    staff decide; it is personal data and is emptied once decided.
    """

    __tablename__ = "review_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    nik: Mapped[str] = mapped_column(String(16), index=True)
    existing_uuid: Mapped[UUID] = mapped_column(Uuid, index=True)
    incoming_uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)
    incoming_device_id: Mapped[UUID] = mapped_column(Uuid)
    incoming: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open / decided
    decision: Mapped[str] = mapped_column(String(16), default="")  # existing / incoming / merged / both
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReceiptKey(Base):
    """A paired device's receipt QR key as the office certifies it (the office's own key is implied)."""

    __tablename__ = "receipt_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(8), unique=True)  # 5 base32 characters of SHA-256(public)
    public: Mapped[str] = mapped_column(String(64))  # Ed25519, base64
    device_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    device_code: Mapped[str] = mapped_column(String(8), default="")
    device_name: Mapped[str] = mapped_column(String(200), default="")
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)  # office-local day, inclusive
    withdrawn_from: Mapped[date | None] = mapped_column(Date, nullable=True)  # receipts from this day refused
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReceiptAlias(Base):
    """A receipt number whose record was merged, parked for review or replaced: it finds the surviving one."""

    __tablename__ = "receipt_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    receipt_number: Mapped[str] = mapped_column(String(32), unique=True)
    record_uuid: Mapped[UUID] = mapped_column(Uuid, index=True)
    reason: Mapped[str] = mapped_column(String(16), default="merged")  # "review", "merged", "replaced"
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PairingPrefix(Base):
    """A receipt-number prefix the office handed to a laptop at pairing, or a laptop's own code it keeps."""

    __tablename__ = "pairing_prefixes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    prefix: Mapped[str] = mapped_column(String(8), unique=True)  # never given twice: no number can collide
    device_id: Mapped[UUID] = mapped_column(Uuid, index=True)
    kind: Mapped[str] = mapped_column(String(16), default="assigned")  # "assigned", or "own" (its code before)
    for_code: Mapped[str] = mapped_column(String(8), default="")  # the laptop's code when it asked
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SyncTombstone(Base):
    """A record erased (by staff) or purged (retention): it travels both ways and the record never comes back.

    It holds no personal data: the record's UUID, when, why, the clock of the erasure, where it was erased
    and which device made the record (so the office sends each laptop the tombstones of its own records).
    """

    __tablename__ = "sync_tombstones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)  # the erased record's UUID
    reason: Mapped[str] = mapped_column(String(16))  # "erased" / "retention"
    erased_at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[UUID] = mapped_column(Uuid)  # where it was erased
    origin_device_id: Mapped[UUID | None] = mapped_column(Uuid, nullable=True, index=True)  # who made the record
    hlc: Mapped[str] = mapped_column(String(64), default="", index=True)


class ReceivedDecision(Base):
    """On a laptop: the office's review decision on one of this laptop's records (from a return bundle)."""

    __tablename__ = "sync_received_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True)  # the review case
    record_uuid: Mapped[UUID] = mapped_column(Uuid, index=True)  # this laptop's record
    kept_uuid: Mapped[UUID] = mapped_column(Uuid)  # the record the office kept
    decision: Mapped[str] = mapped_column(String(16))  # existing / incoming / merged / both
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class _DashboardCounts:
    """The columns of kept dashboard counts (reports/counts.py says what each kind keys and counts)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))
    k1: Mapped[str] = mapped_column(Text, default="")
    k2: Mapped[str] = mapped_column(Text, default="")
    k3: Mapped[str] = mapped_column(Text, default="")
    k4: Mapped[str] = mapped_column(Text, default="")
    k5: Mapped[str] = mapped_column(Text, default="")
    n1: Mapped[int] = mapped_column(Integer, default=0)
    n2: Mapped[int] = mapped_column(Integer, default=0)
    n3: Mapped[int] = mapped_column(Integer, default=0)
    n4: Mapped[int] = mapped_column(Integer, default=0)
    n5: Mapped[int] = mapped_column(Integer, default=0)
    n6: Mapped[int] = mapped_column(Integer, default=0)


class DashboardCount(_DashboardCounts, Base):
    """The dashboard's counts of one UTC day: counts only, no personal data; recounted from the records
    whenever the day is noted in DashboardDirty."""

    __tablename__ = "dashboard_counts"
    day: Mapped[str] = mapped_column(String(10), index=True)  # "YYYY-MM-DD" (UTC)


class DashboardMonthCount(_DashboardCounts, Base):
    """The days' counts of one UTC month added up (a year is read from twelve of these)."""

    __tablename__ = "dashboard_month_counts"
    month: Mapped[str] = mapped_column(String(7), index=True)  # "YYYY-MM" (UTC)


class DashboardDirty(Base):
    """A UTC day whose records or wave outcomes changed since its counts were made (written by triggers)."""

    __tablename__ = "dashboard_dirty"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[str] = mapped_column(String(10), index=True)
