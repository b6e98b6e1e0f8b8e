"""A hybrid logical clock: wall time in ms, a counter, and the device, as one sortable string.

Why: laptop clocks are often wrong (a flat CMOS battery puts them in 2001, a manual setting an hour
off). A plain timestamp would let a stale edit win. The HLC never goes backwards on a device, and once a
device has seen another device's clock (through a bundle or an acknowledgement) every later write it
makes sorts after it, whatever the wall clock says. Ties are broken by the device id, so two devices
never produce the same value and every device orders writes the same way.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from prakerja_desktop import settings_registry

LAST_KEY_PREFIX = "sync_hlc_last:"  # a family in settings_registry; one per device (several office PCs may share a database)
MAX_MS = 10**13 - 1
MAX_AHEAD_MS = 24 * 3600 * 1000  # clocks seen further ahead than a day are not followed


@dataclass(frozen=True, order=True)
class Hlc:
    """One clock reading; compares in time order."""

    ms: int
    counter: int
    device: str  # 32 hex digits of the device id

    def __str__(self) -> str:
        return f"{self.ms:013d}-{self.counter:06d}-{self.device}"


def parse(text: str) -> Hlc | None:
    """The clock reading of a stored string, or None ("" means "before any clock")."""
    parts = text.split("-") if isinstance(text, str) else []
    if len(parts) != 3 or len(parts[0]) != 13 or len(parts[1]) != 6 or len(parts[2]) != 32:
        return None
    if not (parts[0].isdigit() and parts[1].isdigit() and parts[0].isascii() and parts[1].isascii()):
        return None
    try:
        int(parts[2], 16)
    except ValueError:
        return None
    return Hlc(int(parts[0]), int(parts[1]), parts[2])


def wall_ms() -> int:
    """The machine's clock in ms (may be wrong: the HLC copes)."""
    return min(int(time.time() * 1000), MAX_MS)


def _last(session: Session, device_id: uuid.UUID) -> Hlc | None:
    return parse(settings_registry.read(session, LAST_KEY_PREFIX + device_id.hex))


def tick(session: Session, device_id: uuid.UUID, now_ms: int | None = None) -> str:
    """A new reading for a local write (inside the caller's write transaction), later than any seen."""
    last = _last(session, device_id)
    wall = wall_ms() if now_ms is None else now_ms
    if last is None or wall > last.ms:
        reading = Hlc(wall, 0, device_id.hex)
    else:
        reading = Hlc(last.ms, last.counter + 1, device_id.hex)
    settings_registry.write(session, LAST_KEY_PREFIX + device_id.hex, str(reading))
    return str(reading)


def observe(session: Session, device_id: uuid.UUID, remote: str) -> None:
    """Move this device's clock past a reading seen from elsewhere (a bundle, an acknowledgement)."""
    seen = parse(remote)
    if seen is None or seen.ms > wall_ms() + MAX_AHEAD_MS:
        # A laptop whose clock says next year must not drag this device's clock there for good; its
        # rows keep their own readings, so the merge stays the same wherever it is done.
        return
    last = _last(session, device_id)
    if last is None or (seen.ms, seen.counter) > (last.ms, last.counter):
        settings_registry.write(session, LAST_KEY_PREFIX + device_id.hex,
                           str(Hlc(seen.ms, seen.counter, device_id.hex)))


def current(session: Session, device_id: uuid.UUID) -> str:
    """This device's latest reading, without moving the clock ("" before the first write)."""
    last = _last(session, device_id)
    return str(last) if last is not None else ""
