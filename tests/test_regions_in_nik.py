"""A NIK or KK number keeps the region code it was issued under: former codes still pass, with a note."""

from __future__ import annotations

from datetime import date

import pytest

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.domain.kk import parse_kk
from prakerja_desktop.domain.nik import parse_nik

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("nik", "place", "now"),
    [
        # Issued in Merauke before the 2022 Papua split (91.01.01), now Papua Selatan 93.01.01.
        ("9101011505900001", "Kec. Merauke, Kab. Merauke, Papua Selatan", "930101"),
        # Issued in Wamena (91.02.01), now Papua Pegunungan 95.01.01.
        ("9102015505950002", "Kec. Wamena, Kab. Jayawijaya, Papua Pegunungan", "950101"),
        # Issued in Kota Sorong while it was still coded under Papua Barat (92.71.01).
        ("9271010101000003", "Kec. Sorong, Kota Sorong, Papua Barat Daya", "967101"),
    ],
)
def test_nik_with_a_former_code_still_passes_with_a_note(nik: str, place: str, now: str) -> None:
    result = parse_nik(nik, today=TODAY)
    assert result.ok, [f.message for f in result.findings]
    assert result.value is not None
    assert result.value.district_code == nik[:6]  # the NIK itself never changes
    assert result.value.region is not None and result.value.region.label() == place
    notes = {f.code: f for f in result.findings}
    assert notes["nik.region_former_code"].severity is Severity.INFO
    assert nik[:6] in notes["nik.region_former_code"].message
    assert now in notes["nik.region_former_code"].message
    assert not any(f.severity is Severity.WARNING for f in result.findings)


def test_nik_with_a_new_code_is_known_with_its_name() -> None:
    result = parse_nik("9301011505900001", today=TODAY)
    assert result.ok
    assert result.value is not None and result.value.region is not None
    assert result.value.region.label() == "Kec. Merauke, Kab. Merauke, Papua Selatan"
    assert "nik.region_former_code" not in {f.code for f in result.findings}


def test_nik_from_kalimantan_utara_is_known() -> None:
    result = parse_nik("6571011505900001", today=TODAY)
    assert result.ok
    assert result.value is not None and result.value.region is not None
    assert result.value.region.province == "Kalimantan Utara"
    assert result.value.region.regency == "Kota Tarakan"


def test_former_district_without_a_namesake_warns_but_passes() -> None:
    # Holuon (91.13.36) is known only at regency level today (Yahukimo, Papua Pegunungan).
    result = parse_nik("9113361505900001", today=TODAY)
    assert result.ok
    codes = {f.code for f in result.findings}
    assert {"nik.district_unknown", "nik.region_former_code"} <= codes
    assert result.value is not None and result.value.region is not None
    assert result.value.region.label() == "Kab. Yahukimo, Papua Pegunungan"


def test_kk_with_a_former_code_passes_with_a_note() -> None:
    result = parse_kk("9101010101100001", today=TODAY)
    assert result.ok, [f.message for f in result.findings]
    notes = {f.code: f for f in result.findings}
    assert notes["kk.region_former_code"].severity is Severity.INFO
    assert "930101" in notes["kk.region_former_code"].message
