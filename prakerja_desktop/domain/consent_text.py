"""The consent text (versioned data in resources/consent.toml), read without Qt."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass

from prakerja_desktop.i18n import pick
from prakerja_desktop.paths import resources_dir


@dataclass(frozen=True)
class ConsentText:
    """The texts of one consent version, in the current language."""

    version: str
    retention_years: int
    intro: str
    kept: str
    how_long: str
    store_record: str
    follow_up_contact: str


@functools.cache
def _raw() -> dict:
    """The parsed file (read once)."""
    with (resources_dir() / "consent.toml").open("rb") as handle:
        return tomllib.load(handle)


def load_consent_text() -> ConsentText:
    """The consent text in the current language."""
    data = _raw()
    years = int(data["retention_years"])
    return ConsentText(
        version=str(data["version"]), retention_years=years, intro=pick(data["intro"]),
        kept=pick(data["kept"]), how_long=pick(data["how_long"]).format(years=years),
        store_record=pick(data["store_record"]), follow_up_contact=pick(data["follow_up_contact"]),
    )
