"""The registration status the office declares, in words for Welcome, About, Done and the receipt (no database).

Since wave 71 (August 2024) no wave has opened and the programme is moving to Kemnaker (DOMAIN.md), so
the default is "closed": nothing may promise a wave or a date until the office says one is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from prakerja_desktop.domain.eligibility import format_day
from prakerja_desktop.i18n import _

OPEN, CLOSED = "open", "closed"
# The settings that hold the status (settings_registry declares them).
SETTING_KEYS = ("registration_status", "registration_wave", "registration_until", "registration_note")


@dataclass(frozen=True)
class RegistrationStatus:
    """Open (a wave, until a date) or closed with the office's note."""

    open: bool = False
    wave: int | None = None
    until: date | None = None
    note: str = ""

    @classmethod
    def from_settings(cls, values: dict[str, object]) -> RegistrationStatus:
        """From the typed settings (settings_registry.read_many(SETTING_KEYS)); an unusable date is left out."""
        until_text = str(values.get("registration_until") or "").strip()
        try:
            until = date.fromisoformat(until_text) if until_text else None
        except ValueError:
            until = None
        wave = values.get("registration_wave")
        return cls(open=values.get("registration_status") == OPEN,
                   wave=wave if isinstance(wave, int) and wave > 0 else None,
                   until=until, note=str(values.get("registration_note") or "").strip())

    def is_open_on(self, day: date) -> bool:
        """Open, and the closing date (if any) not passed: after it, every text reads as closed."""
        return self.open and (self.until is None or day <= self.until)

    def headline(self, day: date) -> str:
        """One line: "Pendaftaran dibuka — gelombang N, sampai <tanggal>" or "Pendaftaran belum dibuka"."""
        if not self.is_open_on(day):
            return _("Pendaftaran Kartu Prakerja belum dibuka.")
        parts = [_("gelombang {n}").format(n=self.wave)] if self.wave else []
        if self.until:
            parts.append(_("sampai {date}").format(date=format_day(self.until)))
        if not parts:
            return _("Pendaftaran Kartu Prakerja dibuka.")
        return _("Pendaftaran Kartu Prakerja dibuka \u2014 {details}.").format(details=", ".join(parts))

    def explanation(self, day: date) -> str:
        """Below the headline: the office's note when closed (or the default one), nothing when open."""
        if self.is_open_on(day):
            return ""
        note = self.note or _("Program sedang dialihkan dari Kemenko Perekonomian ke Kemnaker; aturan dan "
                              "jadwal gelombang berikutnya belum diumumkan.")
        return _("Catatan kantor: {note}").format(note=note.rstrip(".") + ".")

    def next_step(self, day: date, *, follow_up: bool) -> str:
        """What happens next for someone whose data is ready (Done screen and receipt)."""
        if self.is_open_on(day):
            if self.until:
                return _("Daftarlah sendiri di prakerja.go.id paling lambat {date}.").format(
                    date=format_day(self.until))
            return _("Daftarlah sendiri di prakerja.go.id selama pendaftaran dibuka.")
        if follow_up:
            return _("Data persiapan Anda sudah siap. Kantor ini akan menghubungi Anda saat pendaftaran dibuka.")
        return _("Data persiapan Anda sudah siap. Pantau pengumuman resmi di prakerja.go.id atau tanyakan "
                 "ke kantor ini kapan pendaftaran dibuka.")

    def lines(self, day: date, *, follow_up: bool) -> tuple[str, ...]:
        """Headline, the note when closed, and the next step: what Done and the receipt print."""
        return tuple(t for t in (self.headline(day), self.explanation(day),
                                 self.next_step(day, follow_up=follow_up)) if t)
