"""The receipts room: the receipt PDF, the checklist for someone who declined, and checking a scanned code.

reportlab, segno and cryptography are imported on first use (inside the methods), only so the app starts
faster; they are not import cycles.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from prakerja_desktop import i18n, settings_registry
from prakerja_desktop.domain import rules
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
        from prakerja_desktop.receipts import qr, render  # start-up speed (segno, reportlab)
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
                raise UserInputError(_("Tata letak tanda terima harus a4 atau roll80."))
            office = Office.from_settings(office_values)
            key = office_key.load_or_create(session, self.app.device.id)
            issued = local_time(row.submitted_at, office.timezone).date()
            payload = qr.make_payload(key, row.receipt_number, issued)
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
            raise UserInputError(_("Tata letak tanda terima harus a4 atau roll80."))
        today = local_time(utcnow(), office_values["timezone"]).date()
        content = build_blank_checklist(Office.from_settings(office_values), self.app.rule_set,
                                        self.app.rules.registration(), today)
        return render.render_receipt(content, chosen)

    def verify_code(self, text: str) -> RecordRow | None:
        """The record of a scanned QR payload (signature checked offline) or a typed receipt number."""
        from prakerja_desktop.receipts import qr  # start-up speed (segno)
        from prakerja_desktop.security import office_key  # start-up speed (cryptography)
        from prakerja_desktop.sync.keys import receipt_keys  # start-up speed (cryptography)

        if not isinstance(text, str) or len(text) > qr.MAX_PAYLOAD_LENGTH:
            return None
        if not qr.looks_like_payload(text):
            return self.app.records.find_receipt(text)
        with self.app.db.read() as session:
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
        days = {local_time(row.submitted_at, zone).date() for zone in TIMEZONES}
        return row if code.issued in days else None

    def _rule_set_of(self, rule_set_id: str) -> rules.RuleSet:
        """The rule set a record was checked with (the current one if that file is gone)."""
        if rule_set_id == self.app.rule_set.id:
            return self.app.rule_set
        try:
            return rules.load_rule_set(rule_set_id)
        except rules.RuleSetError:
            logger.warning("rule set %s not found; receipt texts from %s", rule_set_id, self.app.rule_set.id)
            return self.app.rule_set
