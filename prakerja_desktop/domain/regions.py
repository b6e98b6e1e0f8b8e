"""Kemendagri region codes and names (province, regency/city, district), current and former.

Codes in this API are the full prefixes: province "35", regency "3508", district "350820".
The data is the set in force (resources/regions/, see region_data); a code from an older
decision (a NIK keeps the code of the district where it was first issued, e.g. Papua before the
2022 splits) is understood through the old-code table and answered with today's place.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from dataclasses import dataclass

from prakerja_desktop.domain import region_data
from prakerja_desktop.domain.region_data import RegionData
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
    former_code: str | None = None  # the old code this place was asked by, when it was one

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
    data: RegionData
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


_data_override: RegionData | None = None


def use_data(data: RegionData | None) -> None:
    """Answer from this data set from now on (None: the shipped set again)."""
    global _data_override
    if data is None and _data_override is None:
        return  # already the shipped set: keep the tables built
    _data_override = data
    _index.cache_clear()


def _short_regency(name: str) -> str:
    # The decision writes "Kabupaten X"; the app has always shown "Kab. X" (dropdowns, receipts).
    return "Kab. " + name[len("Kabupaten ") :] if name.startswith("Kabupaten ") else name


@functools.cache
def _index() -> _Index:
    """Build the lookup tables once, on first use (the data file is read lazily)."""
    data = _data_override or region_data.load_folder(region_data.shipped_folder())
    provinces: dict[str, str] = {}
    regencies: dict[str, str] = {}
    districts: dict[str, Region] = {}
    regencies_of: dict[str, list[tuple[str, str]]] = {}
    districts_of: dict[str, list[tuple[str, str]]] = {}
    for code, name in data.names.items():
        if len(code) == 2:
            provinces[code] = name
    for code, name in data.names.items():
        if len(code) == 4:
            regencies[code] = _short_regency(name)
            regencies_of.setdefault(code[:2], []).append((code, regencies[code]))
    for code, name in data.names.items():
        if len(code) == 6:
            p, r = code[:2], code[:4]
            districts[code] = Region(p, provinces[p], r, regencies[r], code, name)
            districts_of.setdefault(r, []).append((code, name))
    logger.debug(
        "region data %s loaded: %d provinces, %d regencies, %d districts, %d old codes",
        data.version,
        len(provinces),
        len(regencies),
        len(districts),
        len(data.old_codes),
    )
    return _Index(
        data=data,
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


def data_version() -> str:
    """The version of the region data in use, e.g. "kepmendagri-300.2.2-2138-2025+2430"."""
    return _index().data.version


def data_info() -> RegionData:
    """The region data set in use (version, names, old codes, source lines)."""
    return _index().data


def current_code(code: str) -> str | None:
    """Today's code for a former 4- or 6-digit code (maybe only the regency); None if not former."""
    if not any(_is_code(code, n) for n in (4, 6)):
        return None
    old = _index().data.old_codes
    if code in old:
        return old[code]
    if len(code) == 6 and code[:4] in old and code[:4] not in _index().regencies:
        # A district of a regency that moved, not listed one by one: at least the regency is known.
        return old[code[:4]]
    return None


def lookup(code6: str) -> Region | None:
    """The district with this 6-digit code (a former code gives today's district), else None."""
    if not _is_code(code6, 6):
        return None
    found = _index().districts.get(code6)
    if found is not None:
        return found
    now = current_code(code6)
    if now is None or len(now) != 6:
        return None
    return dataclasses.replace(_index().districts[now], former_code=code6)


def closest(code: str) -> Region | None:
    """The most precise known region for a 2-, 4- or 6-digit code; None if no such province."""
    if not any(_is_code(code, n) for n in (2, 4, 6)):
        return None
    if len(code) == 6 and (found := lookup(code)) is not None:
        return found
    now = current_code(code)
    region = _closest_current(now or code)
    if region is None or now is None:
        return region
    return dataclasses.replace(region, former_code=code)


def _closest_current(code: str) -> Region | None:
    province = _index().provinces.get(code[:2])
    if province is None:
        return None
    regency = _index().regencies.get(code[:4]) if len(code) >= 4 else None
    if regency is None:
        return Region(code[:2], province)
    return Region(code[:2], province, code[:4], regency)


def province_name(code2: str) -> str | None:
    """The province's name, e.g. "35" → "Jawa Timur"."""
    if not _is_code(code2, 2):
        return None
    return _index().provinces.get(code2)


def regency_name(code4: str) -> str | None:
    """The regency's or city's name, e.g. "3508" → "Kab. Lumajang"; a former code gives today's."""
    if not _is_code(code4, 4):
        return None
    index = _index()
    found = index.regencies.get(code4)
    if found is None and (now := index.data.old_codes.get(code4)) is not None:
        found = index.regencies.get(now)
    return found


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
