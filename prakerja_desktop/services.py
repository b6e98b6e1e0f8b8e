"""Use cases: the only door from the GUI (and the command line) into the core.

Every method runs its database work in one transaction and turns environment trouble into
EnvironmentProblem. Methods may block: the GUI calls them from its worker thread.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from prakerja_desktop import __version__, device as device_store, i18n, paths
from prakerja_desktop.domain import eligibility, flow, rules
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.codes import clean_code, format_receipt_number, parse_receipt_number, random_code
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.step_warnings import Facts
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security.passwords import hash_secret, needs_rehash, verify_secret
from prakerja_desktop.storage import audit, drafts, records, settings_store
from prakerja_desktop.storage.database import Database, current_revision, open_database, safe_url
from prakerja_desktop.storage.models import Device, RecordRow, StaffAccount, utcnow
from prakerja_desktop.storage.records import step_facts
from prakerja_desktop.sync import hlc

if TYPE_CHECKING:
    from prakerja_desktop.storage.backup import BackupInfo

logger = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 5
MIN_SECRET_LENGTH = 6  # passwords and PINs
LOCKOUT = timedelta(minutes=5)
ROLES = ("admin", "staff")
KIOSK_ACTOR = "kiosk"


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member."""

    id: int
    uuid: uuid.UUID
    username: str
    display_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    """The answer to a login attempt; `message` says why it failed, in plain words."""

    staff: StaffSession | None
    message: str = ""
    locked_until: datetime | None = None


@dataclass(frozen=True)
class SubmitResult:
    """What the applicant gets after submitting: a receipt number and the pre-check result."""

    record_uuid: uuid.UUID
    receipt_number: str
    eligibility: eligibility.EligibilityResult
    warnings: tuple[Finding, ...] = ()  # what the steps warned about: Done shows them again


class SubmitRefused(UserInputError):
    """The draft cannot become a record yet; `problems` lists why, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class DuplicateRecord(UserInputError):
    """A record with this NIK exists already: open it instead of making a second one."""

    def __init__(self, record_uuid: uuid.UUID, receipt_number: str) -> None:
        super().__init__(_("NIK ini sudah tercatat dengan nomor tanda terima {receipt}.").format(
            receipt=receipt_number))
        self.record_uuid = record_uuid
        self.receipt_number = receipt_number


@dataclass
class Services:
    """The use cases over one open database on one device."""

    db: Database
    device: device_store.DeviceIdentity
    data_dir: Path
    rule_set: rules.RuleSet = field(default_factory=rules.load_rule_set)

    @classmethod
    def open(cls, data_dir: str | Path | None = None, db_url: str | None = None) -> Services:
        """Open the data folder and database (migrating it), and register this device."""
        folder = paths.data_dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        url = paths.db_url(folder, db_url)
        identity = device_store.load_or_create(folder)
        try:
            db = open_database(url)
        except EnvironmentProblem as problem:
            if problem.kind is not ProblemKind.CORRUPT:
                raise
            from prakerja_desktop.backups import corrupt_problem  # names the backup to restore

            raise corrupt_problem(folder, url, problem) from problem
        services = cls(db=db, device=identity, data_dir=folder)
        services._register_device()
        logger.info("opened %s as device %s", safe_url(url), identity.code)
        return services

    def close(self) -> None:
        """Release the database."""
        self.db.dispose()

    def _register_device(self) -> None:
        """Make sure this device has a row; pick a new code if another device has ours."""
        with self.db.write() as session:
            if session.get(Device, self.device.id) is not None:
                return
            code = self.device.code
            while session.execute(select(Device.id).where(Device.code == code)).first() is not None:
                code = random_code(device_store.DEVICE_CODE_LENGTH)
            session.add(Device(id=self.device.id, code=code, next_receipt=1))
            audit.append(session, device_id=self.device.id, actor="system", action="device.registered",
                         subject=str(self.device.id), details={"code": code})
        if code != self.device.code:
            self.device = device_store.DeviceIdentity(self.device.id, code)
            device_store.save(self.data_dir, self.device)

    # --- drafts -------------------------------------------------------------------------------

    def new_draft(self) -> Draft:
        """An empty draft at the first step (not saved until the first Next)."""
        return Draft()

    def save_draft(self, draft: Draft, staff: StaffSession | None = None) -> Draft:
        """Save the draft in one transaction; the first save gives it a resume code."""
        with self.db.write() as session:
            return drafts.save(session, draft, device_id=self.device.id,
                               entered_by_id=staff.id if staff else None)

    def resume_draft(self, code: str) -> Draft | None:
        """The open draft with this code (typed by the applicant), or None."""
        with self.db.read() as session:
            row = drafts.by_code(session, clean_code(code)[:12])
            return drafts.to_draft(row) if row else None

    def latest_draft(self, since: datetime | None = None) -> Draft | None:
        """This device's most recent open draft (to offer after a crash)."""
        with self.db.read() as session:
            row = drafts.latest_open(session, self.device.id, since)
            return drafts.to_draft(row) if row else None

    def discard_draft(self, draft_id: uuid.UUID) -> bool:
        """Delete a draft (consent withdrawn, or a kiosk session wiped); True if there was one."""
        with self.db.write() as session:
            row = drafts.by_uuid(session, draft_id)
            if row is None or row.status != "open":
                return False
            session.delete(row)
            audit.append(session, device_id=self.device.id, actor="system", action="draft.discarded",
                         subject=str(draft_id))
            return True

    # --- submit -------------------------------------------------------------------------------

    def precheck(self, draft: Draft, today: date | None = None) -> eligibility.EligibilityResult:
        """The eligibility pre-check for the answers so far (counts this KK's records here)."""
        applicant = draft.applicant
        kk_count = None
        if applicant.kk_number:
            with self.db.read() as session:
                kk_count = records.count_kk(session, applicant.kk_number, exclude_nik=applicant.nik)
        return eligibility.evaluate(self.rule_set, applicant, today=today or date.today(),
                                    kk_recorded_count=kk_count)

    def step_facts(self, applicant: Applicant, today: date | None = None) -> Facts:
        """What the steps' warnings need beyond the answers: others here with the same KK or phone."""
        with self.db.read() as session:
            return step_facts(session, applicant, today or date.today())

    def warnings(self, draft: Draft, today: date | None = None) -> dict[str, list[Finding]]:
        """The warnings each step raises on the draft's answers (Review shows them in their section)."""
        return flow.warnings_by_step(draft.applicant, self.rule_set, self.step_facts(draft.applicant, today))

    def submit(self, draft: Draft, staff: StaffSession | None = None,
               today: date | None = None) -> SubmitResult:
        """Turn the draft into a record with a receipt number, in one transaction."""
        applicant = draft.applicant
        problems = self._submit_problems(draft, today)
        if problems:
            raise SubmitRefused(problems)
        result = self.precheck(draft, today)
        warned = flow.all_warnings(applicant, self.rule_set, self.step_facts(applicant, today))
        with self.db.write() as session:
            existing = records.by_nik(session, applicant.nik or "")
            if existing is not None:
                raise DuplicateRecord(existing.uuid, existing.receipt_number)
            # The counter row is locked for the rest of the transaction (FOR UPDATE on PostgreSQL,
            # BEGIN IMMEDIATE on SQLite), so two kiosks can never take the same number, and a crash
            # before commit rolls back both the record and the counter together.
            device_row = session.execute(
                select(Device).where(Device.id == self.device.id).with_for_update()
            ).scalar_one()
            receipt = format_receipt_number(device_row.code, device_row.next_receipt)
            device_row.next_receipt += 1
            values = records.row_values(
                applicant, receipt_number=receipt, device_id=self.device.id,
                rule_set_id=self.rule_set.id, outcome=result.outcome.value,
                reasons=reasons_payload(result), entered_by_id=staff.id if staff else None,
                entered_by_name=staff.display_name if staff else "", draft_uuid=draft.id,
            )
            values["hlc"] = hlc.tick(session, self.device.id)  # orders this write for outreach bundles
            row = RecordRow(**values)
            session.add(row)
            draft_row = drafts.by_uuid(session, draft.id)
            if draft_row is not None:
                drafts.mark_submitted(session, draft_row)
                draft_row.hlc = values["hlc"]
            audit.append(session, device_id=self.device.id,
                         actor=str(staff.uuid) if staff else KIOSK_ACTOR, action="record.submitted",
                         subject=str(values["uuid"]), details={"outcome": result.outcome.value})
        return SubmitResult(values["uuid"], receipt, result, tuple(warned))

    def _submit_problems(self, draft: Draft, today: date | None) -> list[str]:
        """Why the draft cannot be submitted yet (empty when it can)."""
        applicant = draft.applicant
        problems: list[str] = []
        if not applicant.consent.store_record:
            problems.append(_("Tanpa persetujuan, data pribadi tidak disimpan."))
        nik = parse_nik(applicant.nik or "", stated_birth_date=applicant.birth_date, today=today)
        problems.extend(f.message for f in nik.errors)
        if not (applicant.full_name or "").strip():
            problems.append(_("Nama lengkap belum diisi."))
        return problems

    # --- records ------------------------------------------------------------------------------

    def search_names(self, query: str, limit: int = 50) -> list[records.RecordSummary]:
        """Records whose name matches every word typed (prefix, case and accents ignored)."""
        with self.db.read() as session:
            return records.search_names(session, query, limit)

    def find_receipt(self, text: str) -> RecordRow | None:
        """The record with a typed or scanned receipt number (check digit verified)."""
        parsed = parse_receipt_number(text)
        if parsed is None:
            return None
        with self.db.read() as session:
            return records.by_receipt(session, format_receipt_number(*parsed))

    def record(self, record_uuid: uuid.UUID) -> RecordRow | None:
        """One record by its UUID."""
        with self.db.read() as session:
            return records.by_uuid(session, record_uuid)

    def recorded_nik(self, nik: str) -> tuple[uuid.UUID, str] | None:
        """(record uuid, receipt number) when this NIK is already recorded here, else None."""
        with self.db.read() as session:
            row = records.by_nik(session, nik)
            return (row.uuid, row.receipt_number) if row is not None else None

    def kk_count(self, kk_number: str, exclude_nik: str | None = None) -> int:
        """How many records here share this family card number."""
        with self.db.read() as session:
            return records.count_kk(session, kk_number, exclude_nik)

    def phone_count(self, phone_e164: str, exclude_nik: str | None = None) -> int:
        """How many records here gave this mobile number."""
        with self.db.read() as session:
            return records.count_phone(session, phone_e164, exclude_nik)

    def record_count(self) -> int:
        """How many records this database holds."""
        with self.db.read() as session:
            return records.count(session)

    def import_records(self, rows: list[dict[str, Any]]) -> int:
        """Insert ready-made record rows in one transaction (bundle merges, batch imports)."""
        with self.db.write() as session:
            stamp = hlc.tick(session, self.device.id)
            rows = [row if row.get("hlc") else {**row, "hlc": stamp} for row in rows]
            inserted = records.insert_many(session, rows)
            audit.append(session, device_id=self.device.id, actor="system", action="records.imported",
                         details={"count": inserted})
        return inserted

    def reserve_receipt_numbers(self, count: int) -> list[str]:
        """Take `count` receipt numbers from this device's counter in one transaction."""
        with self.db.write() as session:
            device_row = session.execute(
                select(Device).where(Device.id == self.device.id).with_for_update()
            ).scalar_one()
            first = device_row.next_receipt
            device_row.next_receipt += count
            return [format_receipt_number(device_row.code, first + i) for i in range(count)]

    def add_demo_data(self, count: int, *, seed: int = 1, regency: str | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None, batch: int = 10_000) -> int:
        """Fill the database with `count` obviously fake people (see demo.py); returns how many."""
        from prakerja_desktop import demo

        numbers = self.reserve_receipt_numbers(count)
        rows = demo.demo_rows(count, numbers, self.device.id, seed=seed, regency=regency)
        done = 0
        while done < count:
            if cancelled is not None and cancelled():
                break
            chunk = [row for _i, row in zip(range(batch), rows, strict=False)]
            if not chunk:
                break
            done += self.import_records(chunk)
            self._add_demo_outcomes([row["receipt_number"] for row in chunk], seed + done)
            if progress is not None:
                progress(done, count)
        return done

    def _add_demo_outcomes(self, receipt_numbers: list[str], seed: int) -> None:
        """Wave outcomes for some of the demo people just added (so reports have acceptance rates)."""
        from sqlalchemy import insert

        from prakerja_desktop import demo
        from prakerja_desktop.storage.models import WaveOutcome

        with self.db.write() as session:
            ids = list(session.execute(select(RecordRow.id).where(
                RecordRow.receipt_number.in_(receipt_numbers))).scalars())
            rows = demo.demo_wave_outcomes(ids, self.device.id, seed=seed)
            stamp = hlc.tick(session, self.device.id)
            for row in rows:
                row.update(uuid=uuid.uuid4(), created_at=utcnow(), updated_at=utcnow(), hlc=stamp)
            if rows:
                session.connection().execute(insert(WaveOutcome.__table__), rows)

    # --- receipts (reportlab, segno and cryptography are imported on first use: faster start) -----

    def office_settings(self) -> dict[str, str]:
        """Office name, address, phone, hours, logo_path, timezone (WIB/WITA/WIT), receipt_layout."""
        from prakerja_desktop.receipts.content import office_settings

        with self.db.read() as session:
            return office_settings(settings_store.all_settings(session))

    def receipt_pdf(self, record_uuid: uuid.UUID, layout: str | None = None, reprint: bool = False,
                    now: datetime | None = None, language: str | None = None) -> bytes:
        """The record's receipt as PDF bytes (layout None = the office setting); a reprint is marked.

        It speaks the language the applicant chose (stored with their consent), else `language`,
        else the language in force."""
        from prakerja_desktop.receipts import content as receipt_content, qr, render
        from prakerja_desktop.security import office_key

        # One write transaction: the office key is made on first use, and the audit event is only
        # kept when the PDF was made.
        with self.db.write() as session:
            row = records.by_uuid(session, record_uuid)
            if row is None:
                raise UserInputError(_("Data ini tidak ditemukan di database ini."))
            office_values = receipt_content.office_settings(settings_store.all_settings(session))
            chosen = layout or office_values["receipt_layout"]
            if chosen not in receipt_content.LAYOUTS:
                raise UserInputError(_("Tata letak tanda terima harus a4 atau roll80."))
            office = receipt_content.Office.from_settings(office_values)
            key = office_key.load_or_create(session, self.device.id)
            issued = receipt_content.local_time(row.submitted_at, office.timezone).date()
            payload = qr.make_payload(key, row.receipt_number, issued)
            spoken = language or (row.consent or {}).get("language") or i18n.current_language()
            with i18n.using(spoken):
                content = receipt_content.build_receipt(
                    row, office, self._rule_set_of(row.rule_set_id), payload,
                    reprint_at=(now or utcnow()) if reprint else None,
                    facts=step_facts(session, receipt_content.applicant_of(row), issued))
                pdf = render.render_receipt(content, chosen)
            audit.append(session, device_id=self.device.id, actor="system",
                         action="receipt.reprinted" if reprint else "receipt.rendered",
                         subject=str(record_uuid), details={"layout": chosen})
        return pdf

    def blank_checklist_pdf(self, layout: str | None = None) -> bytes:
        """The checklist for someone who declined consent: no personal data, nothing stored."""
        from prakerja_desktop.receipts import content as receipt_content, render

        office_values = self.office_settings()
        chosen = layout or office_values["receipt_layout"]
        if chosen not in receipt_content.LAYOUTS:
            raise UserInputError(_("Tata letak tanda terima harus a4 atau roll80."))
        content = receipt_content.build_blank_checklist(
            receipt_content.Office.from_settings(office_values), self.rule_set)
        return render.render_receipt(content, chosen)

    def verify_receipt_code(self, text: str) -> RecordRow | None:
        """The record of a scanned QR payload (signature checked offline) or a typed receipt number."""
        from prakerja_desktop.receipts import content as receipt_content, qr
        from prakerja_desktop.security import office_key

        if not isinstance(text, str) or len(text) > qr.MAX_PAYLOAD_LENGTH:
            return None
        if not qr.looks_like_payload(text):
            return self.find_receipt(text)
        from prakerja_desktop.sync.keys import receipt_keys

        with self.db.read() as session:
            code = qr.verify_payload(text, office_key.load_public(session))
            for key in receipt_keys(session) if code is None else ():  # printed on a paired device
                code = qr.verify_payload(text, key)
                if code is not None:
                    break
            if code is None:
                return None
            row = records.by_receipt(session, code.receipt_number)
        if row is None:
            return None
        # The signed day must be the record's day (in any Indonesian zone: the setting may change).
        days = {receipt_content.local_time(row.submitted_at, zone).date()
                for zone in receipt_content.TIMEZONES}
        return row if code.issued in days else None

    def _rule_set_of(self, rule_set_id: str) -> rules.RuleSet:
        """The rule set a record was checked with (the current one if that file is gone)."""
        if rule_set_id == self.rule_set.id:
            return self.rule_set
        try:
            return rules.load_rule_set(rule_set_id)
        except rules.RuleSetError:
            logger.warning("rule set %s not found; receipt texts from %s", rule_set_id, self.rule_set.id)
            return self.rule_set

    # --- staff --------------------------------------------------------------------------------

    def has_staff(self) -> bool:
        """True once the first account exists (the first-run set-up is done)."""
        with self.db.read() as session:
            return session.execute(select(StaffAccount.id).limit(1)).first() is not None

    def create_staff(self, username: str, display_name: str, role: str, secret: str,
                     by: StaffSession | None = None) -> StaffSession:
        """Create a staff account; only an admin may, except for the very first account."""
        username = username.strip().lower()
        if role not in ROLES:
            raise UserInputError(_("Peran harus admin atau staff."))
        if not username or not username.isascii() or not username.replace(".", "").isalnum():
            raise UserInputError(_("Nama pengguna hanya boleh huruf, angka dan titik."))
        if len(secret) < MIN_SECRET_LENGTH:
            raise UserInputError(_("Kata sandi atau PIN minimal 6 karakter."))
        with self.db.write() as session:
            first = session.execute(select(StaffAccount.id).limit(1)).first() is None
            if not first and (by is None or not by.is_admin):
                raise UserInputError(_("Hanya admin yang boleh membuat akun."))
            if first and role != "admin":
                raise UserInputError(_("Akun pertama harus admin."))
            taken = session.execute(select(StaffAccount.id).where(StaffAccount.username == username))
            if taken.first() is not None:
                raise UserInputError(_("Nama pengguna itu sudah dipakai."))
            account = StaffAccount(username=username, display_name=display_name.strip() or username,
                                   role=role, secret_hash=hash_secret(secret), device_id=self.device.id)
            session.add(account)
            session.flush()
            audit.append(session, device_id=self.device.id, actor=str(by.uuid) if by else "system",
                         action="staff.created", subject=str(account.uuid), details={"role": role})
            return _session_of(account)

    def login(self, username: str, secret: str, now: datetime | None = None) -> LoginResult:
        """Check a password or PIN; five failures lock the account for a while. Every try is audited."""
        now = now or utcnow()
        wrong = _("Nama pengguna atau kata sandi salah.")
        with self.db.write() as session:
            account = session.execute(
                select(StaffAccount).where(StaffAccount.username == username.strip().lower(),
                                           StaffAccount.active.is_(True))
            ).scalar_one_or_none()
            if account is None:
                audit.append(session, device_id=self.device.id, actor="unknown", action="login.failed",
                             details={"reason": "unknown_user"})
                return LoginResult(None, wrong)
            if account.locked_until and account.locked_until > now:
                audit.append(session, device_id=self.device.id, actor=str(account.uuid),
                             action="login.failed", details={"reason": "locked"})
                return LoginResult(None, _("Akun dikunci sementara karena terlalu banyak percobaan. "
                                           "Coba lagi nanti."), account.locked_until)
            if not verify_secret(account.secret_hash, secret):
                account.failed_attempts += 1
                if account.failed_attempts >= MAX_FAILED_LOGINS:
                    account.locked_until = now + LOCKOUT
                    account.failed_attempts = 0
                audit.append(session, device_id=self.device.id, actor=str(account.uuid),
                             action="login.failed", details={"reason": "wrong_secret"})
                return LoginResult(None, wrong, account.locked_until)
            account.failed_attempts = 0
            account.locked_until = None
            if needs_rehash(account.secret_hash):
                account.secret_hash = hash_secret(secret)
            audit.append(session, device_id=self.device.id, actor=str(account.uuid), action="login.ok")
            return LoginResult(_session_of(account))

    # --- audit, settings, info ----------------------------------------------------------------

    def logout(self, staff: StaffSession, *, idle: bool = False) -> None:
        """Record that a staff member left the staff area (by choice, or logged out when idle)."""
        with self.db.write() as session:
            audit.append(session, device_id=self.device.id, actor=str(staff.uuid),
                         action="logout.idle" if idle else "logout")

    def verify_audit(self) -> audit.ChainReport:
        """Check the audit log's hash chain."""
        with self.db.read() as session:
            return audit.verify(session)

    def setting(self, key: str, default: Any = None) -> Any:
        """One office setting."""
        with self.db.read() as session:
            return settings_store.get(session, key, default)

    def put_setting(self, key: str, value: Any, by: StaffSession | None = None) -> None:
        """Change one office setting (audited, value not logged)."""
        with self.db.write() as session:
            settings_store.put(session, key, value)
            audit.append(session, device_id=self.device.id, actor=str(by.uuid) if by else "system",
                         action="setting.changed", subject=key)

    def info(self) -> dict[str, str]:
        """Facts for `main.py info` and the About box: no personal data."""
        return {
            "version": __version__,
            "data_dir": str(self.data_dir),
            "database": safe_url(self.db.url),
            "schema": current_revision(self.db.engine) or "-",
            "device": self.device.code,
            "rule_set": self.rule_set.id,
            "records": str(self.record_count()),
        }

    # --- backups (the work is in backups.py and storage/backup.py) -------------------------------

    def backup_folder(self) -> Path:
        """Where backups go: the "backup_folder" setting, else <data folder>/backups."""
        from prakerja_desktop import backups

        return backups.backup_folder(self)

    def backup(self, folder: str | Path | None = None, progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None, by: StaffSession | None = None) -> BackupInfo:
        """A verified online backup into FOLDER (default: backup_folder()); audited as backup.made."""
        from prakerja_desktop import backups

        return backups.make_backup(self, folder, progress, cancelled, by)

    def due_backup(self, now: datetime | None = None) -> bool:
        """True when "backup_every_hours" is set and the last backup is at least that old."""
        from prakerja_desktop import backups

        return backups.due_backup(self, now)


def reasons_payload(result: eligibility.EligibilityResult) -> list[dict[str, str]]:
    """What a record keeps of the pre-check: rule ids and cases; texts come from the rule set."""
    return [{"rule": r.rule_id, "case": r.case, "outcome": r.outcome.value} for r in result.reasons]


def _session_of(account: StaffAccount) -> StaffSession:
    """The logged-in view of an account."""
    return StaffSession(account.id, account.uuid, account.username, account.display_name, account.role)
