"""The receipts room: the receipt PDF, the checklist for someone who declined, and checking a scanned code.

reportlab, segno and cryptography are imported on first use (inside the methods), only so the app starts
faster; they are not import cycles.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prakerja_desktop import i18n, settings_registry
from prakerja_desktop.domain import rules
from prakerja_desktop.domain.codes import format_receipt_number, parse_receipt_number
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.receipts.content import (
    LAYOUTS,
    TIMEZONES,
    Office,
    applicant_of,
    build_blank_checklist,
    build_receipt,
    local_time,
    office_settings,
)
from prakerja_desktop.room import Room
from prakerja_desktop.storage import audit, records
from prakerja_desktop.storage.models import RecordRow, utcnow

if TYPE_CHECKING:
    from prakerja_desktop.receipts.keylist import Entry, KeyList
    from prakerja_desktop.receipts.verify import Verdict
    from prakerja_desktop.staff.session import StaffSession

logger = logging.getLogger(__name__)


class Receipts(Room):
    """Receipts and the office details printed on them."""

    def office_settings(self) -> dict[str, str]:
        """Office name, address, phone, hours, logo_path, timezone (WIB/WITA/WIT), receipt_layout."""
        with self.app.db.read() as session:
            return office_settings(settings_registry.stored_map(session))

    def pdf(self, record_uuid: uuid.UUID, layout: str | None = None, reprint: bool = False,
            now: datetime | None = None, language: str | None = None) -> bytes:
        """The record's receipt as PDF bytes (layout None = the office setting); a reprint is marked.

        It speaks the language the applicant chose (stored with their consent), else `language`,
        else the language in force."""
        from prakerja_desktop.receipts import proof, render  # start-up speed (segno, reportlab)
        from prakerja_desktop.security import office_key  # start-up speed (cryptography)

        # One write transaction: the office key is made on first use, and the audit event is only
        # kept when the PDF was made.
        with self.app.db.write() as session:
            row = records.by_uuid(session, record_uuid)
            if row is None:
                raise UserInputError(_("Data ini tidak ditemukan di database ini."))
            office_values = office_settings(settings_registry.stored_map(session))
            chosen = layout or office_values["receipt_layout"]
            if chosen not in LAYOUTS:
                raise UserInputError(_("Tata letak tanda terima harus a4, roll80 atau roll58."))
            office = Office.from_settings(office_values)
            key = office_key.load_or_create(session, self.app.device.id)
            issued = local_time(row.submitted_at, office.timezone).date()
            payload = proof.make(key.sign, key.public_bytes, row.receipt_number, issued, row.nik,
                                 row.full_name or "")
            spoken = language or (row.consent or {}).get("language") or i18n.current_language()
            with i18n.using(spoken):
                content = build_receipt(
                    row, office, self._rule_set_of(row.rule_set_id), payload,
                    reprint_at=(now or utcnow()) if reprint else None,
                    facts=records.step_facts(session, applicant_of(row), issued),
                    registration=self.app.rules.registration())
                pdf = render.render_receipt(content, chosen)
            audit.append(session, device_id=self.app.device.id, actor="system",
                         action="receipt.reprinted" if reprint else "receipt.rendered",
                         subject=str(record_uuid), details={"layout": chosen})
        return pdf

    def blank_checklist_pdf(self, layout: str | None = None) -> bytes:
        """The checklist for someone who declined consent: no personal data, nothing stored."""
        from prakerja_desktop.receipts import render  # start-up speed (reportlab)

        office_values = self.office_settings()
        chosen = layout or office_values["receipt_layout"]
        if chosen not in LAYOUTS:
            raise UserInputError(_("Tata letak tanda terima harus a4, roll80 atau roll58."))
        today = local_time(utcnow(), office_values["timezone"]).date()
        content = build_blank_checklist(Office.from_settings(office_values), self.app.rule_set,
                                        self.app.rules.registration(), today)
        return render.render_receipt(content, chosen)

    def verify(self, text: str) -> Verdict:
        """Is this receipt code genuine, and is its record here? Checked offline against the office's key list."""
        from prakerja_desktop.receipts import verify  # start-up speed (cryptography)

        with self.app.db.read() as session:
            verdict = verify.check(text, self._trusted(session))
            if not verdict.genuine:
                return verdict
            row, via = verify.record_of(session, verdict.receipt_number)
            if row is None:
                return verdict
            days = {local_time(row.submitted_at, zone).date() for zone in TIMEZONES}
            return replace(verdict, status=verify.GENUINE, record_uuid=row.uuid, via_alias=via,
                           record_differs=verify.differs(verdict, row, days, via))

    def verify_file(self, path: Path) -> Verdict:
        """Decode the receipt QR in a photo or PDF, then verify it; UserInputError if there is none."""
        from prakerja_desktop.receipts import scan  # start-up speed (zxing-cpp, pypdfium2, Pillow)

        texts = scan.codes_in_file(Path(path))
        if not texts:
            raise UserInputError(_("Tidak ada kode QR tanda terima yang terbaca di berkas ini. "
                                   "Coba foto yang lebih terang dan tajam."))
        verdicts = [self.verify(text) for text in texts]
        return next((v for v in verdicts if v.genuine), verdicts[0])

    def verify_code(self, text: str) -> RecordRow | None:
        """The record of a verified QR code (genuine, here, and matching) or of a typed receipt number."""
        from prakerja_desktop.receipts import proof, verify  # start-up speed (cryptography)

        if not isinstance(text, str) or len(text) > proof.MAX_LENGTH:
            return None
        if not proof.looks_like_code(text):
            parsed = parse_receipt_number(text)
            if parsed is None:
                return None
            with self.app.db.read() as session:
                return verify.record_of(session, format_receipt_number(*parsed))[0]
        verdict = self.verify(text)
        if verdict.status != verify.GENUINE or verdict.record_differs or verdict.record_uuid is None:
            return None
        return self.app.records.get(verdict.record_uuid)

    def key_list(self) -> KeyList | None:
        """The keys this computer trusts for receipts (its office's signed list), None before any key exists."""
        with self.app.db.read() as session:
            return self._trusted(session)

    def key_list_document(self) -> dict[str, Any]:
        """The signed key list to publish (office: made now; laptop: the newest its office sent)."""
        from prakerja_desktop.receipts import keylist  # start-up speed (cryptography)
        from prakerja_desktop.sync import keys as sync_keys

        with self.app.db.write() as session:
            if sync_keys.paired_office(session) is not None:
                stored = settings_registry.stored(session, "receipt_key_list")
                if not isinstance(stored, dict):
                    raise UserInputError(_("Laptop ini belum menerima daftar kunci dari kantor. "
                                           "Daftar itu datang bersama tanda terima bundel."))
                return stored
            return keylist.signed_document(*self._office_list(session))

    def verifier_page(self) -> str:
        """A self-contained HTML page that checks receipt codes in a browser against this office's key list."""
        from prakerja_desktop.receipts import keylist, verifier_page

        document = self.key_list_document()
        return verifier_page.page(document, keylist.read_document(document).office_name)

    def withdraw_key(self, device: str, day: date, staff: StaffSession | None = None) -> list[Entry]:
        """Withdraw a (lost) laptop's receipt key: its receipts dated `day` or later no longer verify."""
        from prakerja_desktop.receipts import keylist  # start-up speed (cryptography)
        from prakerja_desktop.sync import keys as sync_keys

        with self.app.db.write() as session:
            if sync_keys.paired_office(session) is not None:
                raise UserInputError(_("Kunci perangkat hanya bisa ditarik di komputer kantor."))
            rows = keylist.withdraw(session, device, day)
            if not rows:
                raise UserInputError(_("Tidak ada kunci tanda terima untuk perangkat {device}.").format(
                    device=device.strip()[:40]))
            audit.append(session, device_id=self.app.device.id, actor=str(staff.uuid) if staff else "system",
                         action="receipt_key.withdrawn", subject=rows[0].device_code or rows[0].key_id,
                         details={"keys": [r.key_id for r in rows], "from": day.isoformat()})
            keys = self._trusted(session)
        withdrawn = {r.key_id for r in rows}
        return [e for e in (keys.entries if keys else ()) if e.key_id in withdrawn]

    def _office_list(self, session: Any) -> tuple[KeyList, Any]:
        """The office's list and key (the key made on first use: inside a write transaction)."""
        from prakerja_desktop.receipts import keylist
        from prakerja_desktop.security import office_key  # start-up speed (cryptography)

        key = office_key.load_or_create(session, self.app.device.id)
        name = office_settings(settings_registry.stored_map(session))["name"]
        return keylist.build(session, key.public_bytes, name), key

    def _trusted(self, session: Any) -> KeyList | None:
        """The key list this computer trusts (inside the caller's transaction)."""
        from prakerja_desktop.receipts import keylist  # start-up speed (cryptography)

        name = office_settings(settings_registry.stored_map(session))["name"]
        return keylist.trusted(session, self.app.device.id, self.app.device.code, name)

    def _rule_set_of(self, rule_set_id: str) -> rules.RuleSet:
        """The rule set a record was checked with (the current one if that file is gone)."""
        if rule_set_id == self.app.rule_set.id:
            return self.app.rule_set
        try:
            return rules.load_rule_set(rule_set_id)
        except rules.RuleSetError:
            logger.warning("rule set %s not found; receipt texts from %s", rule_set_id, self.app.rule_set.id)
            return self.app.rule_set
