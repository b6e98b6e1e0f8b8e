"""Region files: the shipped set, validation with line numbers, and an office loading its own newer set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from prakerja_desktop.app import App
from prakerja_desktop.domain import region_data, regions
from prakerja_desktop.domain.nik import parse_nik
from prakerja_desktop.domain.region_data import RegionFileError, parse_codes, parse_old_codes
from prakerja_desktop.storage.models import AuditEvent
from tests.conftest import ROOT
from tests.test_cli import run

SHIPPED = ROOT / "resources" / "regions"
HEADER = "# versi: uji-1\nkode;nama\n"
# A test-only change, clearly not a real code: a district 35.08.99 added to Kab. Lumajang.
TEST_DISTRICT = "35.08.99;Kecamatan Uji (bukan kode asli)"


@pytest.fixture(autouse=True)
def shipped_set_afterwards() -> Iterator[None]:
    yield
    regions.use_data(None)  # whatever a test loaded, the next one starts from the shipped set


def test_the_shipped_files_are_valid_and_documented() -> None:
    data = region_data.load_folder(SHIPPED)
    assert (data.count(2), data.count(4), data.count(6)) == (38, 514, 7285)
    assert len(data.old_codes) == 620
    assert data.meta["jumlah"].startswith("38 provinsi, 416 kabupaten, 98 kota, 7285 kecamatan, 83762 desa")
    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    for fact in ("300.2.2-2138", "300.2.2-2430", "cahyadsn/wilayah", "MIT", data.version):
        assert fact in readme


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (HEADER + "35;Jawa Timur\n35.08;Kab. Lumajang\n35.8.20;Ranuyoso\n", 5, "harus seperti"),
        (HEADER + "35;Jawa Timur\n35;Jawa Timur lagi\n", 4, "sudah ada"),
        (HEADER + "35;Jawa Timur\n35.08.20;Ranuyoso\n", 4, "sebelum wilayah induknya"),
        (HEADER + "35;Jawa Timur\n35.08;\n", 4, "kode;nama"),
    ],
)
def test_errors_name_their_line(text: str, line: int, words: str) -> None:
    with pytest.raises(RegionFileError) as caught:
        parse_codes(text, "wilayah.csv")
    message = str(caught.value)
    assert f"Baris {line}:" in message and words in message
    assert "wilayah.csv" in message


def test_a_file_without_version_or_districts_is_refused() -> None:
    with pytest.raises(RegionFileError, match="versi"):
        parse_codes("kode;nama\n35;Jawa Timur\n35.08;Kab. Lumajang\n35.08.20;Ranuyoso\n", "w.csv")
    with pytest.raises(RegionFileError, match="kecamatan"):
        parse_codes(HEADER + "35;Jawa Timur\n", "w.csv")


def test_old_codes_must_be_old_and_point_to_a_code_in_force() -> None:
    names, _meta = parse_codes(HEADER + "93;Papua Selatan\n93.01;Kab. Merauke\n93.01.01;Merauke\n", "w.csv")
    assert parse_old_codes("kode_lama;kode_baru\n91.01.01;93.01.01\n", "k.csv", names) == {"910101": "930101"}
    for row, words in (("93.01.01;93.01.01", "masih berlaku"), ("91.01.01;93.01.02", "tidak ada di daftar"),
                       ("91.01;93.01.01", "lebih rinci")):
        with pytest.raises(RegionFileError, match="Baris 2:") as caught:
            parse_old_codes(f"kode_lama;kode_baru\n{row}\n", "k.csv", names)
        assert words in str(caught.value)


def office_copy(folder: Path) -> Path:
    """The shipped file with a newer version and one test-only district added."""
    text = (SHIPPED / "wilayah.csv").read_text(encoding="utf-8")
    text = text.replace("# versi: kepmendagri-300.2.2-2138-2025+2430", "# versi: uji-kantor", 1)
    text = text.replace("35.08.20;Ranuyoso\n", f"35.08.20;Ranuyoso\n{TEST_DISTRICT}\n", 1)
    path = folder / "wilayah-baru.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_office_loads_a_newer_set_and_goes_back(app: App, data_dir: Path, tmp_path: Path) -> None:
    assert parse_nik("3508991708450001").codes() >= {"nik.district_unknown"}
    checked = app.regions.check_files(office_copy(tmp_path), SHIPPED / "kode_lama.csv")
    assert checked.added == ("350899",) and not checked.removed and not checked.renamed
    assert regions.data_version() != "uji-kantor"  # checking changes nothing

    app.regions.import_files(office_copy(tmp_path), SHIPPED / "kode_lama.csv")
    assert regions.data_version() == "uji-kantor" and app.regions.is_office_set()
    assert regions.lookup("350899") is not None
    assert "nik.district_unknown" not in parse_nik("3508991708450001").codes()
    assert regions.current_code("910101") == "930101"  # the old-code table came along

    regions.use_data(None)
    again = App.open(data_dir)  # a restart reads the office's files
    try:
        assert regions.data_version() == "uji-kantor"
        again.regions.use_shipped()
        assert regions.data_version() == "kepmendagri-300.2.2-2138-2025+2430"
        assert regions.lookup("350899") is None and not again.regions.is_office_set()
    finally:
        again.close()
    with app.db.read() as session:
        actions = [e.action for e in session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert actions.count("regions.imported") == 1 and actions.count("regions.shipped") == 1


def test_an_invalid_file_changes_nothing(app: App, tmp_path: Path) -> None:
    bad = tmp_path / "rusak.csv"
    bad.write_text(HEADER + "35;Jawa Timur\n35.08.20;Ranuyoso\n", encoding="utf-8")
    with pytest.raises(RegionFileError, match="Baris 4:"):
        app.regions.import_files(bad)
    assert regions.data_version() == "kepmendagri-300.2.2-2138-2025+2430"
    assert not app.regions.is_office_set()


def test_cli_show_check_import_and_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shown = run("regions", "show", env_data=data)
    assert shown.returncode == 0, shown.stderr
    assert "kepmendagri-300.2.2-2138-2025+2430" in shown.stdout and "cahyadsn/wilayah" in shown.stdout
    assert "38 provinsi, 514 kabupaten/kota, 7285 kecamatan, 620 kode lama" in shown.stdout

    bad = tmp_path / "rusak.csv"
    bad.write_text(HEADER + "35;Jawa Timur\n35.08.20;Ranuyoso\n", encoding="utf-8")
    refused = run("regions", "import", str(bad), "--yes", env_data=data)
    assert refused.returncode == 2 and "Baris 4:" in refused.stderr and "tidak ada yang berubah" in refused.stderr

    path = office_copy(tmp_path)
    checked = run("regions", "check", str(path), env_data=data)
    assert checked.returncode == 0 and "kode baru: 1" in checked.stdout and "350899" in checked.stdout
    assert run("regions", "import", str(path), env_data=data).returncode == 2  # no terminal, no --yes
    imported = run("regions", "import", str(path), "--yes", env_data=data)
    assert imported.returncode == 0, imported.stderr
    assert "uji-kantor" in run("regions", "show", env_data=data).stdout
    assert run("regions", "shipped", "--yes", env_data=data).returncode == 0
    assert "bawaan program" in run("regions", "show", env_data=data).stdout
