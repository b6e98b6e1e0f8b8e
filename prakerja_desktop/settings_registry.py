"""Every setting declared once: key, type, default, bounds or choices, scope, label, internal or shown.

The settings table stores JSON values under string keys (storage/settings_store.py). Nothing else in
the code reads or writes that table: every reader goes through `read`/`write` here, which convert the
stored value to the declared type and check its bounds. A stored value that does not fit (edited by
hand, left by an old version) falls back to the default with a log line that never shows the value.
An undeclared key raises `UnknownSetting`, so a typo fails loudly in the tests.

A new setting is one `declare(...)` line below (see docs/architecture.md, "Adding a setting").
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import N_, _

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)


class Kind(StrEnum):
    """How a stored value is read and written."""

    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    TEXT = "text"
    PATH = "path"  # a folder or file path as text; empty: the caller's default place
    CHOICE = "choice"  # one of `choices`
    TIME = "time"  # a local time of day, stored "HH:MM"
    MOMENT = "moment"  # a UTC time, stored ISO
    SECRET = "secret"  # key material or a hash as text: never shown, never logged
    RECORD = "record"  # a JSON object (key material of a device): never shown, never logged
    RAW = "raw"  # any JSON value kept as it was (damaged key material set aside for inspection)


class Scope(StrEnum):
    """Whose setting it is."""

    OFFICE = "office"  # one value in the database: every PC of an office server shares it
    THIS_PC = "this_pc"  # this computer's own: keyed by device, or overridden by an environment variable


class UnknownSetting(KeyError):
    """A key that is not declared here (a typo, or a setting someone forgot to declare)."""


Bound = int | float | Callable[[], int]
Choices = tuple[str, ...] | Callable[[], list[str]]


@dataclass(frozen=True)
class Setting:
    """One declared setting."""

    key: str
    kind: Kind
    default: Any = None  # or a function giving it (a default that depends on a resource file)
    label: str = ""  # an N_() message id: shown through `title`
    minimum: Bound | None = None
    maximum: Bound | None = None
    choices: Choices | None = None
    scope: Scope = Scope.OFFICE
    internal: bool = False  # not on the settings screen: key material, counters, last-run times
    prefix: bool = False  # a family of keys: KEY + a device id (+ "_damaged")
    env: str | None = None  # an environment variable that overrides the stored value on this PC

    @property
    def title(self) -> str:
        """The label in the current language."""
        return _(self.label) if self.label else self.key

    def default_value(self) -> Any:
        """The default (evaluated now when it is a function)."""
        return self.default() if callable(self.default) else self.default

    def bounds(self) -> tuple[Any, Any]:
        """(minimum, maximum), either None when open."""
        low = self.minimum() if callable(self.minimum) else self.minimum
        high = self.maximum() if callable(self.maximum) else self.maximum
        return low, high

    def allowed(self) -> tuple[str, ...]:
        """The choices of a CHOICE setting."""
        if self.choices is None:
            return ()
        return tuple(self.choices() if callable(self.choices) else self.choices)

    def in_bounds(self, value: float) -> bool:
        """True when a number lies within the declared bounds."""
        low, high = self.bounds()
        return (low is None or value >= low) and (high is None or value <= high)


SETTINGS: dict[str, Setting] = {}
_PREFIXES: list[Setting] = []


def declare(key: str, kind: Kind, default: Any = None, label: str = "", **extra: Any) -> Setting:
    """Declare one setting (once: a second declaration of a key is a bug)."""
    setting = Setting(key, kind, default, label, **extra)
    if key in SETTINGS:
        raise ValueError(f"setting {key} declared twice")
    SETTINGS[key] = setting
    if setting.prefix:
        _PREFIXES.append(setting)
    return setting


def _promised_retention_months() -> int:
    """The retention period promised in the consent text (the default and the upper limit)."""
    from prakerja_desktop.domain.consent_text import load_consent_text

    return int(load_consent_text().retention_years) * 12


def _languages() -> list[str]:
    from prakerja_desktop import i18n

    return i18n.available_languages()


# --- the office (printed on receipts; edited on the settings screen) --------------------------------
declare("office_name", Kind.TEXT, "", N_("Nama kantor"))
declare("office_address", Kind.TEXT, "", N_("Alamat kantor"))
declare("office_phone", Kind.TEXT, "", N_("Telepon kantor"))
declare("office_hours", Kind.TEXT, "", N_("Jam layanan"))
declare("office_logo_path", Kind.PATH, "", N_("Logo (PNG, boleh kosong)"))
declare("office_timezone", Kind.CHOICE, "WIB", N_("Zona waktu"), choices=("WIB", "WITA", "WIT"))
declare("office_regency_code", Kind.TEXT, "", N_("Kabupaten / kota"))
declare("office_language", Kind.CHOICE, "id", N_("Bahasa"), choices=_languages)
declare("receipt_layout", Kind.CHOICE, "a4", N_("Ukuran tanda terima"), choices=("a4", "roll80", "roll58"))
# --- staff area, kiosk, keyboard -------------------------------------------------------------------
declare("staff_idle_minutes", Kind.INT, 10, N_("Keluar otomatis setelah tidak dipakai"), minimum=1, maximum=240)
declare("kiosk_enabled", Kind.BOOL, False, N_("Mode kiosk di komputer ini"))
declare("wizard_idle_minutes", Kind.INT, 5, N_("Komputer bersama: isian ditutup setelah"),
        minimum=1, maximum=60)  # outside kiosk mode (ui/shared_pc.py); the kiosk has its own time
declare("kiosk_idle_seconds", Kind.INT, 90, N_("Layar kembali ke awal setelah tidak disentuh"),
        minimum=30, maximum=1800)
declare("kiosk_pin_hash", Kind.SECRET, None, N_("PIN kiosk"), internal=True)
declare("kiosk_pin_failures", Kind.INT, 0, minimum=0, internal=True)
declare("kiosk_pin_locked_until", Kind.MOMENT, None, internal=True)
declare("onscreen_keyboard", Kind.BOOL, False,
        N_("Tampilkan keyboard di layar (untuk layar sentuh tanpa keyboard)?"), scope=Scope.THIS_PC,
        env="PRAKERJA_ONSCREEN_KEYBOARD")
# --- backups and retention -------------------------------------------------------------------------
declare("backup_folder", Kind.PATH, "", N_("Folder cadangan"))
declare("backup_every_hours", Kind.FLOAT, 0.0, N_("Tiap berapa jam"), minimum=0, maximum=24 * 31)
declare("backup_daily_at", Kind.TIME, None, N_("Jam cadangan harian"))
declare("backup_keep", Kind.INT, 10, N_("Simpan berapa cadangan terakhir"), minimum=1, maximum=365)
declare("backup_last_at", Kind.MOMENT, None, internal=True)
declare("retention_months", Kind.INT, _promised_retention_months, N_("Simpan data paling lama"),
        minimum=1, maximum=_promised_retention_months)
declare("retention_last_purge_at", Kind.MOMENT, None, internal=True)
declare("restore_asides_kept", Kind.INT, 2, N_("Simpan berapa salinan data sebelum pemulihan"), minimum=0,
        maximum=20)
# --- sync and keys (internal) ----------------------------------------------------------------------
declare("sync_purge_after_ack", Kind.BOOL, False, N_("Setelah kantor menerima, hapus data pribadi itu dari laptop ini"))
declare("office_signing_key", Kind.SECRET, None, internal=True)
declare("office_signing_key_damaged", Kind.RAW, None, internal=True)
declare("office_public_key", Kind.SECRET, None, internal=True)
declare("office_box_key", Kind.SECRET, None, internal=True)
declare("sync_device_keys:", Kind.RECORD, None, internal=True, prefix=True, scope=Scope.THIS_PC)
declare("sync_hlc_last:", Kind.TEXT, "", internal=True, prefix=True, scope=Scope.THIS_PC)
# Staff are warned when the last verified backup is older than this many days (0: never; backups/staleness.py).
declare("backup_warn_days", Kind.INT, 7, N_("Ingatkan bila cadangan terakhir lebih lama dari (hari)"),
        minimum=0, maximum=365)
# The audit chain's signed head per device (storage/audit_anchor.py).
declare("audit_head:", Kind.RECORD, None, internal=True, prefix=True, scope=Scope.THIS_PC)
# On a laptop: the newest receipt key list its office signed (receipts/keylist.py; issue 15).
declare("receipt_key_list", Kind.RECORD, None, internal=True)
# --- registration status and rule sets (prakerja_desktop/rulebook; they travel in the office package) ----
# Closed by default: no wave has opened since wave 71 (August 2024) and the programme is moving to Kemnaker.
declare("registration_status", Kind.CHOICE, "closed", N_("Status pendaftaran Kartu Prakerja"),
        choices=("closed", "open"))
declare("registration_wave", Kind.INT, 0, N_("Gelombang yang dibuka (0: belum ada)"), minimum=0, maximum=9999)
declare("registration_until", Kind.TEXT, "", N_("Pendaftaran dibuka sampai (TTTT-BB-HH)"))
declare("registration_note", Kind.TEXT, "", N_("Catatan kantor saat pendaftaran belum dibuka"))
declare("rule_sets_imported", Kind.RAW, None, internal=True)  # id -> {toml, sha256, imported_at}
declare("rule_set_chosen", Kind.TEXT, "", internal=True)  # "" : the dates decide
declare("office_package_applied_at", Kind.MOMENT, None, internal=True)  # a laptop: the last package taken
# On a laptop: the receipt-number prefix its office assigned at pairing (sync/prefixes.py; issue 19).
declare("sync_receipt_prefix:", Kind.RECORD, None, internal=True, prefix=True, scope=Scope.THIS_PC)


def spec(key: str) -> Setting:
    """The declaration of KEY (a prefix family matches KEY + anything); UnknownSetting if none."""
    found = SETTINGS.get(key)
    if found is not None and not found.prefix:
        return found
    for family in _PREFIXES:
        if key.startswith(family.key) and len(key) > len(family.key):
            return family
    raise UnknownSetting(key)


def shown() -> list[Setting]:
    """The settings a person may see and change (not internal), in declaration order."""
    return [s for s in SETTINGS.values() if not s.internal]


_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def parse_hhmm(text: str) -> time | None:
    """'17:30' (or '17.30') → time; blank → None; anything else raises ValueError."""
    if not text or not text.strip():
        return None
    match = _HHMM.match(text)
    if match is None:
        raise ValueError("not HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
        return raw.strip().lower() in _TRUE
    raise ValueError("not a yes/no value")


def _to_number(setting: Setting, raw: Any) -> int | float:
    if isinstance(raw, bool) or raw is None:
        raise ValueError("not a number")
    number: int | float = float(raw) if setting.kind is Kind.FLOAT else int(raw)
    if not setting.in_bounds(number):
        raise ValueError("out of bounds")
    return number


def _to_choice(setting: Setting, raw: Any) -> str:
    allowed = setting.allowed()
    text = raw.strip() if isinstance(raw, str) else None
    if text == "":  # left blank: the default choice
        return str(setting.default_value())
    for choice in allowed:
        if text is not None and text.lower() == choice.lower():
            return choice
    raise ValueError("not one of the choices")


def _convert(setting: Setting, raw: Any) -> Any:
    """RAW (as stored, or as given) in the declared type; ValueError/TypeError when it does not fit."""
    kind = setting.kind
    if kind is Kind.BOOL:
        return _to_bool(raw)
    if kind in (Kind.INT, Kind.FLOAT):
        return _to_number(setting, raw)
    if kind is Kind.CHOICE:
        return _to_choice(setting, raw)
    if kind is Kind.TIME:
        if isinstance(raw, time):
            return raw
        if not isinstance(raw, str):
            raise ValueError("not HH:MM")
        return parse_hhmm(raw)
    if kind is Kind.MOMENT:
        if isinstance(raw, datetime):
            return raw
        if not isinstance(raw, str):
            raise ValueError("not a time")
        return datetime.fromisoformat(raw) if raw else None
    if kind is Kind.RAW:
        return raw
    if kind is Kind.RECORD:
        if not isinstance(raw, dict):
            raise ValueError("not a record")
        return raw
    if not isinstance(raw, str):  # TEXT, PATH, SECRET
        raise ValueError("not text")
    return raw if kind is Kind.SECRET else raw.strip()


def convert(key: str, raw: Any) -> Any:
    """A stored value in KEY's type; missing or not fitting: the default (logged without the value)."""
    setting = spec(key)
    if raw is None:
        return setting.default_value()
    try:
        return _convert(setting, raw)
    except (TypeError, ValueError):  # the message may quote the value: never logged
        logger.warning("setting %s: the stored value is not usable; using the default", setting.key)
        return setting.default_value()


def _stored_form(setting: Setting, value: Any) -> Any:
    """VALUE checked against the declaration, in the form stored as JSON."""
    if value is None and (setting.kind in (Kind.SECRET, Kind.MOMENT, Kind.TIME, Kind.RECORD, Kind.RAW)
                          or setting.internal):
        return None
    try:
        typed = _convert(setting, value)
    except (TypeError, ValueError) as exc:
        raise UserInputError(_("Nilai untuk \u201c{label}\u201d tidak bisa dipakai.").format(
            label=setting.title)) from exc
    if setting.kind is Kind.TIME:
        return typed.strftime("%H:%M") if typed is not None else ""
    if setting.kind is Kind.MOMENT:
        return typed.isoformat() if typed is not None else None
    return typed


def env_override(key: str) -> Any:
    """The value of KEY's environment variable on this PC, or None when it is not set (or not usable)."""
    setting = spec(key)
    text = os.environ.get(setting.env, "").strip() if setting.env else ""
    if not text:
        return None
    try:
        return _convert(setting, text)
    except (TypeError, ValueError):
        logger.warning("environment variable %s is not usable; ignored", setting.env)
        return None


def read(session: Session, key: str, default: Any = None) -> Any:
    """KEY's value in its declared type (DEFAULT, if given, replaces the declared one when unset)."""
    from prakerja_desktop.storage import settings_store

    spec(key)
    raw = settings_store.get(session, key)
    if raw is None and default is not None:
        return default
    return convert(key, raw)


def stored(session: Session, key: str) -> Any:
    """KEY's raw stored value (None when unset): for key material whose damage the caller handles."""
    from prakerja_desktop.storage import settings_store

    spec(key)
    return settings_store.get(session, key)


def write(session: Session, key: str, value: Any) -> None:
    """Store VALUE under KEY (inside the caller's transaction); a value that does not fit raises UserInputError."""
    from prakerja_desktop.storage import settings_store

    settings_store.put(session, key, _stored_form(spec(key), value))


def stored_map(session: Session) -> dict[str, Any]:
    """Every stored value by key, unconverted (give it to `convert_all`)."""
    from prakerja_desktop.storage import settings_store

    return settings_store.all_settings(session)


def read_many(session: Session, keys: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Several settings at once, typed, by key."""
    from prakerja_desktop.storage import settings_store

    everything = settings_store.all_settings(session)
    return {key: convert(key, everything.get(key)) for key in keys}


def convert_all(stored_values: Mapping[str, Any], keys: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """Typed values of KEYS from a key → stored value map (e.g. settings_store.all_settings)."""
    return {key: convert(key, stored_values.get(key)) for key in keys}


def read_sqlite(connection: sqlite3.Connection, key: str) -> Any:
    """KEY's typed value read with a plain sqlite3 connection (before the database is opened the usual way)."""
    spec(key)
    row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    try:
        raw = json.loads(row[0]) if row and row[0] is not None else None
    except (TypeError, ValueError):
        raw = object()  # not JSON: counts as a value that does not fit
    return convert(key, raw)
