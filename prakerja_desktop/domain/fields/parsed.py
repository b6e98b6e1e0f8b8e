"""The NIK, KK and phone validators, remembered for the last few inputs (a row asks each several times)."""

from __future__ import annotations

import functools
from datetime import date

from prakerja_desktop.domain.findings import CheckResult
from prakerja_desktop.domain.kk import KkInfo, parse_kk
from prakerja_desktop.domain.nik import NikInfo, parse_nik
from prakerja_desktop.domain.phone import PhoneInfo, parse_phone
from prakerja_desktop.i18n import current_language

_SIZE = 256  # results are small and frozen; the language is part of the key (messages are translated)


def nik(text: str, today: date, stated: date | None = None) -> CheckResult[NikInfo]:
    """parse_nik(text, stated_birth_date=stated, today=today), remembered."""
    return _nik(text, today, stated, current_language())


def kk(text: str, today: date) -> CheckResult[KkInfo]:
    """parse_kk(text, today=today), remembered."""
    return _kk(text, today, current_language())


def phone(text: str) -> CheckResult[PhoneInfo]:
    """parse_phone(text), remembered."""
    return _phone(text, current_language())


@functools.lru_cache(maxsize=_SIZE)
def _nik(text: str, today: date, stated: date | None, language: str) -> CheckResult[NikInfo]:
    return parse_nik(text, stated_birth_date=stated, today=today)


@functools.lru_cache(maxsize=_SIZE)
def _kk(text: str, today: date, language: str) -> CheckResult[KkInfo]:
    return parse_kk(text, today=today)


@functools.lru_cache(maxsize=_SIZE)
def _phone(text: str, language: str) -> CheckResult[PhoneInfo]:
    return parse_phone(text)


def clear() -> None:
    """Forget every remembered result (after the translations were reloaded)."""
    for cached in (_nik, _kk, _phone):
        cached.cache_clear()
