"""The kiosk room: kiosk mode's settings, its PIN, and the session a crash interrupted."""

from __future__ import annotations

from prakerja_desktop.kiosk import mode
from prakerja_desktop.room import Room, use_case


class Kiosk(Room):
    """Kiosk mode: settings, the staff PIN, and the draft of a session a crash interrupted."""

    settings = use_case(mode.kiosk_settings)
    save_settings = use_case(mode.save_kiosk_settings)
    check_pin = use_case(mode.check_pin)
    pin_failures = use_case(mode.pin_failures)
    record_quit = use_case(mode.record_quit)
    open_draft = use_case(mode.open_draft)
