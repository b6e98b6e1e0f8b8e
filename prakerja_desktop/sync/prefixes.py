"""Receipt-number prefixes the office assigns at pairing, so two laptops can never print the same number.

A receipt number starts with its device's 5-character code. Each device used to draw its own code at
random (1 in 33 million that two laptops drew the same). Now the office hands each laptop it pairs a code
unique in its database (`pairing_prefixes`), signed into the office's pairing card for that laptop and bound
to the code the laptop had when it asked; the laptop switches to it when it accepts that card.

- Idempotent: the same laptop pairing again (showing its old or its assigned code) gets the same prefix.
- A laptop restored from a backup draws a new random code (backups/backup.py: numbers printed after the
  backup may be on paper); pairing again then gives it a new prefix, and an office card made before the
  restore is refused (its `for_code` no longer matches).
- The code a laptop used before is kept too (kind "own"), so it is never handed to another laptop; the
  office's own PCs avoid every code here when they register (app.py).
- Laptops paired before this version keep their own code, and keep working, until they pair again.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry
from prakerja_desktop.device import DEVICE_CODE_LENGTH
from prakerja_desktop.domain.codes import random_code
from prakerja_desktop.storage.models import (
    Device,
    PairedDevice,
    PairingPrefix,
    ReceiptAlias,
    ReceiptKey,
    RecordRow,
    utcnow,
)

logger = logging.getLogger(__name__)

SETTING = "sync_receipt_prefix:"  # + this device's id (a laptop: what its office assigned)


def taken(session: Session, code: str) -> bool:
    """True when any device known here uses or used CODE, or a receipt number here starts with it."""
    code = code.upper()
    checks = (
        select(PairingPrefix.id).where(PairingPrefix.prefix == code),
        select(Device.id).where(Device.code == code),
        select(PairedDevice.id).where(PairedDevice.code == code),
        select(ReceiptKey.id).where(ReceiptKey.device_code == code),
        # a range, not LIKE: it reads the unique index ("." sorts right after "-")
        select(RecordRow.id).where(RecordRow.receipt_number >= code + "-", RecordRow.receipt_number < code + "."),
        select(ReceiptAlias.id).where(ReceiptAlias.receipt_number >= code + "-",
                                      ReceiptAlias.receipt_number < code + "."),
    )
    return any(session.execute(query.limit(1)).first() is not None for query in checks)


def free_code(session: Session) -> str:
    """A random code nobody here has used."""
    while True:
        code = random_code(DEVICE_CODE_LENGTH)
        if not taken(session, code):
            return code


def assign(session: Session, device_id: uuid.UUID, laptop_code: str) -> str:
    """At the office: the prefix of this laptop (the one it already has, or a new unique one)."""
    laptop_code = laptop_code.upper()
    mine = session.execute(select(PairingPrefix).where(
        PairingPrefix.device_id == device_id, PairingPrefix.kind == "assigned")
        .order_by(PairingPrefix.id.desc())).scalars().all()
    for row in mine:
        if laptop_code in (row.prefix, row.for_code):
            return row.prefix  # the same laptop pairing again, before or after it switched
    if laptop_code:
        holder = session.execute(select(PairingPrefix).where(PairingPrefix.prefix == laptop_code)).scalar_one_or_none()
        if holder is None:
            session.add(PairingPrefix(prefix=laptop_code, device_id=device_id, kind="own", for_code=laptop_code))
            session.flush()
        elif holder.device_id != device_id:
            # Numbers this laptop printed before pairing share a prefix with another device's: nothing can
            # renumber paper, but from now on it prints with its own prefix. Logged without personal data.
            logger.warning("laptop %s drew code %s before pairing, which another device holds", device_id, laptop_code)
    prefix = free_code(session)
    session.add(PairingPrefix(prefix=prefix, device_id=device_id, kind="assigned", for_code=laptop_code,
                              created_at=utcnow()))
    session.flush()
    return prefix


def assigned(session: Session, device_id: uuid.UUID) -> tuple[str, str]:
    """At the office: (the newest prefix assigned to this laptop, its code when it asked); ("", "") when none."""
    row = session.execute(select(PairingPrefix).where(
        PairingPrefix.device_id == device_id, PairingPrefix.kind == "assigned")
        .order_by(PairingPrefix.id.desc()).limit(1)).scalar_one_or_none()
    return (row.prefix, row.for_code) if row is not None else ("", "")


@dataclass(frozen=True)
class PrefixInfo:
    """On this device: the code its receipt numbers start with, and whether the office assigned it."""

    code: str
    from_office: bool
    office_name: str = ""


def switch(session: Session, device_id: uuid.UUID, prefix: str, office_id: uuid.UUID, office_name: str) -> bool:
    """On a laptop: number receipts with the office's PREFIX from now on; False when it already does."""
    row = session.get(Device, device_id)
    if row is None:
        raise LookupError("this device has no row")
    record = {"prefix": prefix, "office_id": str(office_id), "office_name": office_name[:200],
              "since": utcnow().isoformat()}
    if row.code == prefix:
        if not isinstance(settings_registry.stored(session, SETTING + device_id.hex), dict):
            settings_registry.write(session, SETTING + device_id.hex, record)
        return False
    other = session.execute(select(Device.id).where(Device.code == prefix, Device.id != device_id)).first()
    if other is not None:
        raise ValueError("another device here uses this prefix")
    row.code = prefix  # the counter goes on: the numbers are new under the new prefix either way
    settings_registry.write(session, SETTING + device_id.hex, record)
    session.flush()
    return True


def info(session: Session, device_id: uuid.UUID) -> PrefixInfo:
    """This device's receipt prefix and where it came from."""
    row = session.get(Device, device_id)
    code = row.code if row is not None else ""
    stored = settings_registry.stored(session, SETTING + device_id.hex)
    if isinstance(stored, dict) and stored.get("prefix") == code:
        return PrefixInfo(code, True, str(stored.get("office_name", "")))
    return PrefixInfo(code, False)
