"""Outreach bundles as use cases: the one door for the staff screen and the command line."""

from __future__ import annotations

import logging
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from prakerja_desktop import device as device_store
from prakerja_desktop import settings_registry
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import _
from prakerja_desktop.security import office_key
from prakerja_desktop.staff.session import StaffSession
from prakerja_desktop.storage import audit
from prakerja_desktop.storage.models import BundleExport, BundleImport, PairedDevice, utcnow
from prakerja_desktop.sync import (
    ack,
    apply,
    bundle_format,
    export,
    keys,
    pairing_code,
    prefixes,
    returns,
    review,
)
from prakerja_desktop.sync.bundle_format import BundleRejected, rejected
from prakerja_desktop.sync.keys import PairingCard  # noqa: F401 - the pairing card type, for the GUI
from prakerja_desktop.sync.pairing_code import (  # noqa: F401 - for the GUI
    check_fingerprint,
    codes_in_pixels,
    looks_like_code,
)
from prakerja_desktop.sync.prefixes import PrefixInfo  # noqa: F401 - for the GUI
from prakerja_desktop.sync.returns import ReturnResult  # noqa: F401 - what a return bundle did, for the GUI

if TYPE_CHECKING:
    from prakerja_desktop.app import App
    from prakerja_desktop.rulebook.package import PackageResult

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportOutcome:
    """A bundle import and the return bundle to carry back to the laptop (`ack`: its bytes)."""

    result: apply.ImportResult
    ack: bytes


@dataclass(frozen=True)
class PairedInfo:
    """One accepted device, as listed to staff."""

    device_id: uuid.UUID
    role: str
    code: str
    name: str
    fingerprint: str
    accepted_at: Any
    receipt_prefix: str = ""  # a laptop at the office: the prefix assigned to it; the office on a laptop: ours
    prefix_changed: bool = False  # on a laptop: this acceptance switched its receipt numbers to the prefix


@dataclass(frozen=True)
class PairingQr:
    """A pairing card shown as a QR code: the card, its text and the symbol's dark modules."""

    card: keys.PairingCard
    text: str
    matrix: tuple[tuple[bool, ...], ...]


def read_limited(path: Path, limit: int = bundle_format.MAX_BUNDLE_BYTES,
                 too_big: Exception | None = None) -> bytes:
    """The file's bytes, refusing one too big to be a bundle (or TOO_BIG's kind of file) before reading it."""
    path = Path(path)
    try:
        if path.stat().st_size > limit:
            raise too_big or rejected("too_big")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UserInputError(_("Berkas tidak ditemukan: {path}").format(path=path)) from exc
    except IsADirectoryError as exc:
        raise UserInputError(_("Ini folder, bukan berkas: {path}").format(path=path)) from exc
    except PermissionError as exc:
        raise UserInputError(_("Berkas ini tidak boleh dibaca: {path}").format(path=path)) from exc


class Sync:
    """Pairing, export, import, acknowledgements and the review queue over one database."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.db = app.db

    @property
    def device(self) -> device_store.DeviceIdentity:
        """This device as the app knows it now (its code changes with an office prefix or a restore)."""
        return self.app.device

    def _actor(self, staff: StaffSession | None) -> str:
        return str(staff.uuid) if staff else "system"

    # --- pairing ------------------------------------------------------------------------------

    def my_card(self, role: str, for_device: uuid.UUID | None = None) -> keys.PairingCard:
        """This laptop's (role "laptop") or this office's (role "office") pairing card; keys made on first use.

        The office's card for one paired laptop (FOR_DEVICE) carries the receipt prefix assigned to it.
        """
        with self.db.write() as session:
            if role == "office":
                office = keys.office_keys(session, self.device.id)
                name = settings_registry.read(session, "office_name") or _("Kantor")
                card = keys.PairingCard("office", office.office_id, "", name[:200], office.sign.public_bytes,
                                        office.box_public)
                if for_device is None:
                    return card
                laptop = keys.paired(session, for_device)
                prefix, asked_as = prefixes.assigned(session, for_device)
                if laptop is None or laptop.role != "laptop" or not prefix:
                    raise UserInputError(_("Laptop ini belum diterima di kantor ini. Terima dulu kunci laptopnya."))
                return keys.assign_card(card, office.sign, for_device, asked_as, prefix)
            if role != "laptop":
                raise UserInputError(_("Peran harus laptop atau office."))
            device = keys.device_keys(session, self.device.id)
            receipts = office_key.load_or_create(session, self.device.id)  # signs this laptop's receipt QRs
            return keys.PairingCard("laptop", self.device.id, self.device.code, socket.gethostname()[:60],
                                    device.sign_public, device.box_public, receipts.public_bytes)

    def write_card(self, role: str, out: Path, staff: StaffSession | None = None,
                   for_device: uuid.UUID | None = None) -> keys.PairingCard:
        """Write the pairing file (the office's for one laptop: FOR_DEVICE); audited."""
        card = self.my_card(role, for_device)
        export.write_file(Path(out), card.to_bytes())
        with self.db.write() as session:
            audit.append(session, device_id=self.device.id, actor=self._actor(staff), action="pairing.key_exported",
                         subject=str(card.device_id), details={"role": role})
        return card

    def read_card(self, path: Path) -> keys.PairingCard:
        """A pairing file's content (to show its fingerprint before accepting)."""
        # A big file is simply not a pairing file (not "a bundle too big", as it said before).
        not_card = UserInputError(_("Berkas ini bukan berkas pasangan Prakerja Desktop, atau rusak."))
        return keys.read_card(read_limited(path, keys.MAX_PAIRING_BYTES, too_big=not_card))

    def read_code(self, text: str) -> keys.PairingCard:
        """A scanned or typed QR pairing code's card (to show its fingerprint before accepting)."""
        return pairing_code.decode(text)

    def qr(self, role: str, for_device: uuid.UUID | None = None) -> PairingQr:
        """This device's pairing card as a QR code (the office's for one laptop: FOR_DEVICE)."""
        card = self.my_card(role, for_device)
        text = pairing_code.encode(card)
        return PairingQr(card, text, pairing_code.qr_matrix(text))

    def receipt_prefix(self) -> prefixes.PrefixInfo:
        """The code this device's receipt numbers start with, and whether its office assigned it."""
        with self.db.read() as session:
            return prefixes.info(session, self.device.id)

    def accept_card(self, card: keys.PairingCard, staff: StaffSession | None = None) -> PairedInfo:
        """Accept a laptop (on the office) or the office (on a laptop); audited."""
        if card.device_id == self.device.id:
            raise UserInputError(_("Ini berkas kunci perangkat ini sendiri; pilih berkas dari perangkat lain."))
        with self.db.write() as session:
            own_office = card.role == "office" and keys.has_office_keys(session) and \
                keys.office_keys(session, self.device.id).office_id == card.device_id
            if own_office:
                raise UserInputError(_("Ini berkas kunci kantor ini sendiri."))
            prefix, changed = "", False
            if card.role == "laptop":  # at the office: a receipt prefix unique here, the same on pairing again
                prefix = prefixes.assign(session, card.device_id, card.code)
                card = replace(card, code=prefix)
            elif card.assigned_to is not None:
                prefix = card.receipt_prefix
                changed = self._take_prefix(session, card)
            row = keys.accept(session, card)
            _list_receipt_key(session, card)
            audit.append(session, device_id=self.device.id, actor=self._actor(staff), action="pairing.accepted",
                         subject=str(card.device_id), details={"role": card.role, "code": card.code,
                                                               "prefix": prefix, "prefix_changed": changed})
            info = replace(_info(row), receipt_prefix=prefix, prefix_changed=changed)
        if changed:  # receipt numbers start with the new prefix from the next one
            self.app.device = device_store.DeviceIdentity(self.device.id, prefix)
            device_store.save(self.app.data_dir, self.app.device)
        return info

    def _take_prefix(self, session: Any, card: keys.PairingCard) -> bool:
        """On a laptop: check the office's prefix is meant for this laptop as it is now, then number with it."""
        if card.assigned_to != self.device.id:
            raise UserInputError(_("Kunci kantor ini dibuat untuk laptop lain. Di kantor, pilih laptop ini di "
                                   "daftar perangkat, lalu tampilkan atau simpan kunci kantor lagi."))
        current = prefixes.info(session, self.device.id).code
        if current not in (card.for_code, card.receipt_prefix):
            # This laptop changed its code since (a restore from a backup): the prefix may be stale.
            raise UserInputError(_("Kunci kantor ini dibuat sebelum kode laptop ini berubah (misalnya setelah "
                                   "pemulihan cadangan). Terima ulang kunci laptop ini di kantor, lalu pindai "
                                   "kunci kantor yang baru."))
        try:
            return prefixes.switch(session, self.device.id, card.receipt_prefix, card.device_id, card.name)
        except ValueError as exc:
            raise UserInputError(_("Awalan nomor tanda terima dari kantor sudah dipakai perangkat lain di "
                                   "basis data ini. Hubungi admin kantor.")) from exc

    def paired(self) -> list[PairedInfo]:
        """Every accepted device."""
        with self.db.read() as session:
            return [_info(row) for row in keys.all_paired(session)]

    # --- export (laptop) ----------------------------------------------------------------------

    def export_bundle(self, out: Path, staff: StaffSession | None = None, progress: Progress | None = None,
                      cancelled: Callable[[], bool] | None = None) -> export.ExportResult:
        """Write a bundle of everything not yet acknowledged by the office."""
        with self.db.write() as session:
            return export.export_bundle(session, self.device.id, self.device.code, Path(out),
                                        actor=self._actor(staff), progress=progress, cancelled=cancelled)

    def exports(self) -> list[BundleExport]:
        """This device's bundles, newest first."""
        with self.db.read() as session:
            return list(session.execute(select(BundleExport).order_by(BundleExport.sequence.desc())).scalars())

    # --- import (office) and acknowledgements (laptop) ----------------------------------------

    def import_file(self, path: Path, staff: StaffSession | None = None, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    purge: bool | None = None) -> ImportOutcome | ack.AckResult | returns.ReturnResult | PackageResult:
        """Import a bundle (office), or a return bundle or an old acknowledgement (laptop), told apart by the
        file's first bytes."""
        data = read_limited(path)
        if data.startswith(b"PKJOFFICE1"):  # an office package written on its own (rules package OUT)
            return self.app.rules.import_package(data, staff)
        if data.startswith(bundle_format.ACK_MAGIC):  # acknowledgements of older versions are still read
            return self.import_ack(data, staff, purge=purge)
        if data.startswith(bundle_format.RETURN_MAGIC):
            return self.import_return(data, staff, progress, cancelled, purge=purge)
        return self.import_bundle(data, staff, progress, cancelled)

    def import_bundle(self, data: bytes, staff: StaffSession | None = None, progress: Progress | None = None,
                      cancelled: Callable[[], bool] | None = None) -> ImportOutcome:
        """Check, then merge, a bundle in one transaction; returns the return bundle to carry back."""
        try:
            with self.db.read() as session:
                opened = apply.open_bundle(session, data, self.device.id)
        except BundleRejected as exc:
            logger.warning("bundle rejected: %s", exc.reason)
            raise
        with self.db.write() as session:
            if isinstance(opened, apply.ImportResult):
                result = opened
            else:
                result = apply.apply_bundle(session, opened, self.device.id, actor=self._actor(staff),
                                            progress=progress, cancelled=cancelled)
            imported = session.execute(select(BundleImport).where(
                BundleImport.bundle_id == result.bundle_id)).scalar_one()
            from prakerja_desktop.rulebook import package  # start-up speed (cryptography)

            office_package = package.make_package(session, self.device.id)
            answer = returns.make_return(session, self.device.id, imported, office_package)
        return ImportOutcome(result, answer)

    def import_return(self, data: bytes, staff: StaffSession | None = None, progress: Progress | None = None,
                      cancelled: Callable[[], bool] | None = None, *,
                      purge: bool | None = None) -> returns.ReturnResult:
        """Laptop: apply the office's return bundle (acknowledgement, erasures, decisions, corrections,
        outcomes) in one transaction, then its rule sets and registration status; twice changes nothing."""
        report = progress or (lambda _d, _t: None)
        stop = cancelled or (lambda: False)
        report(0, 3)
        with self.db.write() as session:
            opened = returns.open_return(session, data, self.device.id)
            report(1, 3)
            if stop():
                raise export.BundleCancelled
            wanted = settings_registry.read(session, "sync_purge_after_ack") if purge is None else purge
            result = returns.apply_return(session, opened, self.device.id, purge=wanted, actor=self._actor(staff))
            if stop():
                raise export.BundleCancelled
        report(2, 3)
        # The rule book keeps its own transaction (and reloads what is in force); an older package is skipped.
        result.rules_applied = not self.app.rules.import_package(opened.package, staff).already
        report(3, 3)
        return result

    def import_ack(self, data: bytes, staff: StaffSession | None = None, *,
                   purge: bool | None = None) -> ack.AckResult:
        """Mark a bundle delivered; purge delivered personal data when asked or set. Takes an old
        acknowledgement or a return bundle (then everything in it is applied too)."""
        if bytes(data[:len(bundle_format.RETURN_MAGIC)]) == bundle_format.RETURN_MAGIC:
            return self.import_return(data, staff, purge=purge).ack
        with self.db.write() as session:
            wanted = settings_registry.read(session, "sync_purge_after_ack") if purge is None else purge
            return ack.apply_ack(session, data, self.device.id, purge=wanted, actor=self._actor(staff))

    def purge_after_ack(self) -> bool:
        """The laptop setting: delete delivered personal data when the office's acknowledgement comes."""
        return bool(self.app.settings.get("sync_purge_after_ack"))

    def set_purge_after_ack(self, value: bool, staff: StaffSession | None = None) -> None:
        """Change that setting (audited)."""
        self.app.settings.put("sync_purge_after_ack", bool(value), by=staff)

    # --- review queue (office) ------------------------------------------------------------------

    def review_cases(self) -> list[review.ReviewCase]:
        """Open cases, oldest first."""
        with self.db.read() as session:
            return review.open_cases(session)

    def review_count(self) -> int:
        """How many cases wait."""
        with self.db.read() as session:
            return review.open_count(session)

    def decide(self, review_uuid: uuid.UUID, decision: str, staff: StaffSession, *,
               fields: list[str] | None = None, new_nik: str | None = None) -> None:
        """Carry out a staff decision (one transaction, audited)."""
        with self.db.write() as session:
            review.decide(session, review_uuid, decision, device_id=self.device.id, actor=str(staff.uuid),
                          staff_name=staff.display_name, fields=fields, new_nik=new_nik)


def _list_receipt_key(session: Any, card: keys.PairingCard) -> None:
    """At the office: a paired laptop's receipt key joins the signed list, valid from today (office day)."""
    from prakerja_desktop.receipts import keylist
    from prakerja_desktop.receipts.content import local_time

    zone = settings_registry.read(session, "office_timezone")
    try:
        keylist.add_device_key(session, card, local_time(utcnow(), zone).date())
    except keylist.KeyListError as exc:
        raise UserInputError(_("Kunci tanda terima laptop ini kebetulan sama kodenya dengan kunci lain. "
                               "Buat ulang kunci laptop itu, lalu pasangkan lagi.")) from exc


def _info(row: PairedDevice) -> PairedInfo:
    receipt = keys.unb64(row.receipt_public) if row.receipt_public else b""
    return PairedInfo(row.device_id, row.role, row.code, row.name,
                      keys.fingerprint(keys.unb64(row.sign_public), keys.unb64(row.box_public) + receipt),
                      row.accepted_at)
