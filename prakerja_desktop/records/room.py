"""The drafts and records rooms: saving a draft, submitting it as a record, finding records."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from prakerja_desktop.domain import eligibility
from prakerja_desktop.domain.applicant import Applicant, Draft
from prakerja_desktop.domain.codes import clean_code, format_receipt_number, parse_receipt_number
from prakerja_desktop.domain.findings import Finding
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.room import Room
from prakerja_desktop.staff.session import KIOSK_ACTOR, StaffSession
from prakerja_desktop.storage import audit, drafts, records
from prakerja_desktop.storage.models import Device, RecordRow, WaveOutcome, utcnow
from prakerja_desktop.sync import hlc

if TYPE_CHECKING:
    from prakerja_desktop.domain.step_warnings import Facts

# The wizard's flow, the steps' warnings (with every field validator) and the demo generator are imported
# by the use cases that need them: a command such as `main.py info` counts records without them (issue 20).

logger = logging.getLogger(__name__)

RecordSummary = records.RecordSummary
DraftSummary = drafts.DraftSummary


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


class Drafts(Room):
    """Unfinished applications: saved at every Next, resumed by code, discarded on request."""

    def new(self) -> Draft:
        """An empty draft at the first step (not saved until the first Next)."""
        return Draft()

    def save(self, draft: Draft, staff: StaffSession | None = None) -> Draft:
        """Save the draft in one transaction; the first save gives it a resume code."""
        with self.app.db.write() as session:
            return drafts.save(session, draft, device_id=self.app.device.id,
                               entered_by_id=staff.id if staff else None)

    def resume(self, code: str) -> Draft | None:
        """The open draft with this code (typed by the applicant), or None."""
        with self.app.db.read() as session:
            row = drafts.by_code(session, clean_code(code)[:12])
            return drafts.to_draft(row) if row else None

    def latest(self, since: datetime | None = None) -> Draft | None:
        """This device's most recent open draft (to offer after a crash)."""
        with self.app.db.read() as session:
            row = drafts.latest_open(session, self.app.device.id, since)
            return drafts.to_draft(row) if row else None

    def slip_pdf(self, code: str, layout: str | None = None) -> bytes:
        """The "Lanjutkan nanti" slip of an open draft (layout None = the office's receipt layout)."""
        from prakerja_desktop.backups.retention import DRAFT_DAYS
        from prakerja_desktop.receipts.content import local_time
        from prakerja_desktop.records import slip  # start-up speed (reportlab, segno)

        with self.app.db.read() as session:
            row = drafts.by_code(session, clean_code(code)[:12])
            if row is None:
                raise UserInputError(_("Kode itu tidak ditemukan. Periksa lagi kodenya, atau mulai dari awal."))
            changed = row.updated_at or utcnow()
        office = self.app.receipts.office_settings()
        chosen = layout or office["receipt_layout"]
        if chosen not in slip.SLIP_LAYOUTS:
            chosen = "a4"
        kept_until = local_time(changed + timedelta(days=DRAFT_DAYS), office["timezone"]).date()
        content = slip.SlipContent(row.code, office["name"], office["address"], kept_until)
        return slip.render_slip(content, chosen)

    def open_list(self, limit: int = 200) -> list[DraftSummary]:
        """The open drafts of this office, newest change first, for staff (code, step, age; nothing personal)."""
        with self.app.db.read() as session:
            return drafts.open_summaries(session, limit)

    def discard(self, draft_id: uuid.UUID) -> bool:
        """Delete a draft (consent withdrawn, or a kiosk session wiped); True if there was one."""
        with self.app.db.write() as session:
            row = drafts.by_uuid(session, draft_id)
            if row is None or row.status != "open":
                return False
            session.delete(row)
            audit.append(session, device_id=self.app.device.id, actor="system", action="draft.discarded",
                         subject=str(draft_id))
            return True


class Records(Room):
    """Submitted applications: submit, find, count, import, demo data."""

    def precheck(self, draft: Draft, today: date | None = None) -> eligibility.EligibilityResult:
        """The eligibility pre-check for the answers so far (counts this KK's records here)."""
        applicant = draft.applicant
        kk_count = None
        if applicant.kk_number:
            with self.app.db.read() as session:
                kk_count = records.count_kk(session, applicant.kk_number, exclude_nik=applicant.nik)
        return eligibility.evaluate(self.app.rule_set, applicant, today=today or self.app.rules.office_today(),
                                    kk_recorded_count=kk_count)

    def step_facts(self, applicant: Applicant, today: date | None = None) -> Facts:
        """What the steps' warnings need beyond the answers: others here with the same KK or phone."""
        with self.app.db.read() as session:
            return records.step_facts(session, applicant, today or self.app.rules.office_today())

    def warnings(self, draft: Draft, today: date | None = None) -> dict[str, list[Finding]]:
        """The warnings each step raises on the draft's answers (Review shows them in their section)."""
        from prakerja_desktop.domain import flow

        return flow.warnings_by_step(draft.applicant, self.app.rule_set, self.step_facts(draft.applicant, today))

    def submit(self, draft: Draft, staff: StaffSession | None = None,
               today: date | None = None) -> SubmitResult:
        """Turn the draft into a record with a receipt number, in one transaction.

        The pre-check and the warnings count this KK and phone inside the same write transaction that
        stores the record (one session, each count once): what the person is told matches what is stored.
        """
        applicant = draft.applicant
        problems = self._submit_problems(draft, today)
        if problems:
            raise SubmitRefused(problems)
        from prakerja_desktop.domain import flow

        day = today or self.app.rules.office_today()
        rule_set = self.app.rule_set  # once: the property picks the set in force on every read
        device_id = self.app.device.id
        with self.app.db.write() as session:
            existing = records.by_nik(session, applicant.nik or "")
            if existing is not None:
                raise DuplicateRecord(existing.uuid, existing.receipt_number)
            facts = records.step_facts(session, applicant, day)
            result = eligibility.evaluate(rule_set, applicant, today=day, kk_recorded_count=facts.kk_others)
            warned = flow.all_warnings(applicant, rule_set, facts)
            # The counter row is locked for the rest of the transaction (FOR UPDATE on PostgreSQL,
            # BEGIN IMMEDIATE on SQLite), so two kiosks can never take the same number, and a crash
            # before commit rolls back both the record and the counter together.
            device_row = session.execute(
                select(Device).where(Device.id == device_id).with_for_update()
            ).scalar_one()
            draft_row = drafts.by_uuid(session, draft.id)  # read before the record is added: no early flush
            receipt = format_receipt_number(device_row.code, device_row.next_receipt)
            device_row.next_receipt += 1
            values = records.row_values(
                applicant, receipt_number=receipt, device_id=device_id,
                rule_set_id=rule_set.id, outcome=result.outcome.value,
                reasons=reasons_payload(result), entered_by_id=staff.id if staff else None,
                entered_by_name=staff.display_name if staff else "", draft_uuid=draft.id,
            )
            values["hlc"] = hlc.tick(session, device_id)  # orders this write for outreach bundles
            session.add(RecordRow(**values))
            if draft_row is not None:
                drafts.mark_submitted(session, draft_row)
                draft_row.hlc = values["hlc"]
            audit.append(session, device_id=device_id,
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

    def search_names(self, query: str, limit: int = 50) -> list[records.RecordSummary]:
        """Records whose name matches every word typed (prefix, case and accents ignored)."""
        with self.app.db.read() as session:
            return records.search_names(session, query, limit)

    def find_receipt(self, text: str) -> RecordRow | None:
        """The record with a typed or scanned receipt number (check digit verified)."""
        parsed = parse_receipt_number(text)
        if parsed is None:
            return None
        with self.app.db.read() as session:
            return records.by_receipt(session, format_receipt_number(*parsed))

    def get(self, record_uuid: uuid.UUID) -> RecordRow | None:
        """One record by its UUID."""
        with self.app.db.read() as session:
            return records.by_uuid(session, record_uuid)

    def recorded_nik(self, nik: str) -> tuple[uuid.UUID, str] | None:
        """(record uuid, receipt number) when this NIK is already recorded here, else None."""
        with self.app.db.read() as session:
            row = records.by_nik(session, nik)
            return (row.uuid, row.receipt_number) if row is not None else None

    def kk_count(self, kk_number: str, exclude_nik: str | None = None) -> int:
        """How many records here share this family card number."""
        with self.app.db.read() as session:
            return records.count_kk(session, kk_number, exclude_nik)

    def phone_count(self, phone_e164: str, exclude_nik: str | None = None) -> int:
        """How many records here gave this mobile number."""
        with self.app.db.read() as session:
            return records.count_phone(session, phone_e164, exclude_nik)

    def count(self) -> int:
        """How many records this database holds."""
        with self.app.db.read() as session:
            return records.count(session)

    def import_rows(self, rows: list[dict[str, Any]]) -> int:
        """Insert ready-made record rows in one transaction (bundle merges, batch imports)."""
        with self.app.db.write() as session:
            stamp = hlc.tick(session, self.app.device.id)
            rows = [row if row.get("hlc") else {**row, "hlc": stamp} for row in rows]
            inserted = records.insert_many(session, rows)
            audit.append(session, device_id=self.app.device.id, actor="system", action="records.imported",
                         details={"count": inserted})
        return inserted

    def reserve_receipt_numbers(self, count: int) -> list[str]:
        """Take `count` receipt numbers from this device's counter in one transaction."""
        with self.app.db.write() as session:
            device_row = session.execute(
                select(Device).where(Device.id == self.app.device.id).with_for_update()
            ).scalar_one()
            first = device_row.next_receipt
            device_row.next_receipt += count
            return [format_receipt_number(device_row.code, first + i) for i in range(count)]

    def add_demo_data(self, count: int, *, seed: int = 1, regency: str | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      cancelled: Callable[[], bool] | None = None, batch: int = 10_000) -> int:
        """Fill the database with `count` obviously fake people (see demo.py); returns how many."""
        numbers = self.reserve_receipt_numbers(count)
        from prakerja_desktop.records import demo

        rows = demo.demo_rows(count, numbers, self.app.device.id, seed=seed, regency=regency)
        done = 0
        while done < count:
            if cancelled is not None and cancelled():
                break
            chunk = [row for _i, row in zip(range(batch), rows, strict=False)]
            if not chunk:
                break
            with self.app.db.read() as session:  # a second run (another seed) may meet a NIK by chance
                known = set(session.execute(select(RecordRow.nik).where(
                    RecordRow.nik.in_([row["nik"] for row in chunk]))).scalars())
            chunk = [row for row in chunk if row["nik"] not in known]
            if not chunk:
                continue
            done += self.import_rows(chunk)
            self._add_demo_outcomes([row["receipt_number"] for row in chunk], seed + done)
            if progress is not None:
                progress(done, count)
        return done

    def _add_demo_outcomes(self, receipt_numbers: list[str], seed: int) -> None:
        """Wave outcomes for some of the demo people just added (so reports have acceptance rates)."""
        with self.app.db.write() as session:
            people = [(r[0], r[1], r[2]) for r in session.execute(
                select(RecordRow.id, RecordRow.registered_online_on, RecordRow.submitted_at).where(
                    RecordRow.receipt_number.in_(receipt_numbers)))]
            from prakerja_desktop.records import demo

            rows = demo.demo_wave_outcomes(people, self.app.device.id, seed=seed)
            stamp = hlc.tick(session, self.app.device.id)
            for row in rows:
                row.update(uuid=uuid.uuid4(), created_at=utcnow(), updated_at=utcnow(), hlc=stamp)
            if rows:
                session.connection().execute(insert(WaveOutcome.__table__), rows)


def reasons_payload(result: eligibility.EligibilityResult) -> list[dict[str, str]]:
    """What a record keeps of the pre-check: rule ids and cases; texts come from the rule set."""
    return [{"rule": r.rule_id, "case": r.case, "outcome": r.outcome.value} for r in result.reasons]
