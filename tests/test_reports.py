"""Office reports: the numbers, and the CSV/XLSX/PDF files read back."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from prakerja_desktop.app import App
from prakerja_desktop.reports.aggregate import build_report
from prakerja_desktop.reports.export import export_records, write_report
from prakerja_desktop.staff.records import StaffRecords
from tests.factories import make_draft
from tests.test_cli import run

TODAY = date(2026, 11, 28)


@pytest.fixture
def filled(app: App) -> App:
    """Four people with known outcomes and one wave result."""
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    results = [app.records.submit(make_draft(serial=i, kk=f"350820120315{i:04d}"), today=TODAY) for i in (1, 2, 3)]
    app.records.submit(make_draft(serial=4, birth=date(2010, 2, 2), kk="3508201203150004"), today=TODAY)
    staff = StaffRecords(app)
    staff.set_outcome(results[0].record_uuid, 70, admin, accepted=True)
    staff.set_outcome(results[1].record_uuid, 70, admin, accepted=False)
    staff.set_outcome(results[2].record_uuid, 70, admin, accepted=None)
    return app


def test_report_numbers(filled: App) -> None:
    with filled.db.read() as session:
        report = build_report(session, date(2000, 1, 1), date(2100, 1, 1))
    assert report.total == 4
    assert report.outcomes == {"eligible": 3, "not_eligible": 1, "needs_check": 0}
    assert sum(n for _d, n in report.per_day) == 4 and sum(n for _w, n in report.per_week) == 4
    assert report.by_district == [("Kec. Ranuyoso, Kab. Lumajang", 4)]
    assert report.top_reasons and "18" in report.top_reasons[0][0] and report.top_reasons[0][1] == 1
    payout = [g for g in report.readiness_gaps if "BNI" in g[0]]
    assert payout and payout[0][1] == 4 and payout[0][2] == 1.0  # the factory has no payout account
    (wave,) = report.waves
    assert (wave.wave, wave.joined, wave.accepted, wave.rejected, wave.pending) == (70, 3, 1, 1, 1)
    assert wave.acceptance_rate == 0.5


def test_an_empty_range_is_an_empty_report(filled: App) -> None:
    with filled.db.read() as session:
        report = build_report(session, date(1990, 1, 1), date(1990, 1, 2))
    assert report.total == 0 and report.waves == [] and report.outcomes["eligible"] == 0


def test_report_files_read_back(filled: App, tmp_path: Path) -> None:
    # XLSX percentages are now numbers formatted as percent (issue 17), no longer the text "50%";
    # the PDF is the whole report (every table, charts), no longer one page.
    with filled.db.read() as session:
        report = build_report(session, date(2000, 1, 1), date(2100, 1, 1))
    write_report(report, tmp_path / "r.csv", "csv")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert ["Orang dibantu", "4"] in rows
    write_report(report, tmp_path / "r.xlsx", "xlsx")
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert "Per gelombang" in book.sheetnames
    waves = list(book["Per gelombang"].iter_rows(values_only=True))
    assert waves[1][:3] == (70, 3, 1) and waves[1][5] == 0.5
    write_report(report, tmp_path / "r.pdf", "pdf", "Disnaker Lumajang")
    pdf = PdfReader(tmp_path / "r.pdf")
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Disnaker Lumajang" in text and "Orang dibantu" in text


def test_record_export_masks_nik_unless_asked(filled: App, tmp_path: Path) -> None:
    nik = make_draft(serial=1).applicant.nik
    with filled.db.read() as session:
        assert export_records(session, tmp_path / "m.csv", "csv") == 4
        assert export_records(session, tmp_path / "f.xlsx", "xlsx", full_nik=True) == 4
    masked = (tmp_path / "m.csv").read_text(encoding="utf-8-sig")
    assert nik not in masked and nik[:6] in masked and "+6281234567890" not in masked
    sheet = load_workbook(tmp_path / "f.xlsx", read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert any(nik in (str(v) for v in row) for row in values)


def test_cli_report(filled: App, tmp_path: Path, data_dir: Path) -> None:
    filled.close()
    out = tmp_path / "r.xlsx"
    result = run("report", "--from", "2000-01-01", "--to", "31-12-2099", "--format", "xlsx", "--out", str(out),
                 env_data=data_dir)
    assert result.returncode == 0, result.stderr
    assert "4 orang dari" in result.stdout and out.exists()  # Bahasa Indonesia by default
    result = run("report", "--from", "2000-01-01", "--to", "31-12-2099", "--format", "csv", "--out",
                 str(tmp_path / "r.csv"), "--lang", "en", env_data=data_dir)
    assert result.returncode == 0 and "4 people from" in result.stdout, result.stdout
    result = run("report", "--waiting-list", "--format", "csv", "--out", str(tmp_path / "w.csv"), env_data=data_dir)
    assert result.returncode == 0 and "daftar tunggu" in result.stdout, result.stderr
    for bad in (["--from", "yesterday", "--to", "2026-01-01", "--format", "csv", "--out", str(out)],
                ["--from", "2026-02-01", "--to", "2026-01-01", "--format", "csv", "--out", str(out)],
                ["--from", "2026-01-01", "--to", "2026-02-01", "--format", "doc", "--out", str(out)],
                ["--from", "2026-01-01", "--to", "2026-02-01", "--format", "csv", "--out", str(tmp_path)]):
        result = run("report", *bad, env_data=data_dir)
        assert result.returncode == 2, bad
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


# --- issue 17: the office clock, the funnel, complete tables, typed files, the waiting list ---------------

import dataclasses  # noqa: E402
from datetime import datetime  # noqa: E402

from prakerja_desktop import clock  # noqa: E402
from prakerja_desktop.domain import regions  # noqa: E402
from prakerja_desktop.reports.export import export_waiting_list, waiting_members  # noqa: E402
from prakerja_desktop.staff.records import RecordFilter  # noqa: E402
from prakerja_desktop.storage import records as record_store  # noqa: E402
from tests.factories import make_applicant  # noqa: E402

OTHER_DISTRICT = regions.districts("3509")[0][0]  # a kecamatan of Kab. Jember: "from elsewhere"


def add_people(app: App, people: list[dict[str, object]]) -> list[str]:
    """Insert people with chosen facts; each dict: serial, at, outcome, ready changes, consent, etc."""
    numbers = app.records.reserve_receipt_numbers(len(people))
    rows = []
    for number, spec in zip(numbers, people, strict=True):
        applicant = make_applicant(serial=int(spec["serial"]), kk=None)  # type: ignore[call-overload]
        applicant = dataclasses.replace(
            applicant, village=spec.get("village", "Ranuyoso"),
            readiness=dataclasses.replace(applicant.readiness, **spec.get("readiness", {})),  # type: ignore[arg-type]
            consent=dataclasses.replace(applicant.consent, follow_up_contact=spec.get("follow_up", True)))
        district = str(spec.get("district", "350820"))
        applicant = dataclasses.replace(applicant, district_code=district, regency_code=district[:4],
                                        province_code=district[:2])
        row = record_store.row_values(
            applicant, receipt_number=number, device_id=app.device.id, rule_set_id="2023",
            outcome=str(spec.get("outcome", "eligible")), reasons=[],
            entered_by_name=str(spec.get("by", "Petugas")), submitted_at=spec.get("at", datetime(2026, 6, 10, 3)))  # type: ignore[arg-type]
        row["registered_online_on"] = spec.get("registered")
        rows.append(row)
    app.records.import_rows(rows)
    return numbers


@pytest.mark.parametrize(("zone", "day_of_1630"), [("WIB", date(2026, 6, 1)), ("WITA", date(2026, 6, 2)),
                                                     ("WIT", date(2026, 6, 2))])
def test_days_are_the_offices_days_in_all_three_zones(app: App, zone: str, day_of_1630: date) -> None:
    app.settings.put("office_timezone", zone)
    add_people(app, [{"serial": 1, "at": datetime(2026, 6, 1, 23, 30)},  # 06.30 WIB / 07.30 WITA / 08.30 WIT, 2 June
                     {"serial": 2, "at": datetime(2026, 6, 1, 16, 30)}])  # 23.30 WIB on 1 June, 2 June further east
    with app.db.read() as session:
        first = build_report(session, date(2026, 6, 1), date(2026, 6, 1))
        second = build_report(session, date(2026, 6, 2), date(2026, 6, 2))
    expected_first = 1 if day_of_1630 == date(2026, 6, 1) else 0
    assert (first.total, second.total) == (expected_first, 2 - expected_first)
    assert second.zone == zone and dict(second.per_day)[date(2026, 6, 2)] == 2 - expected_first
    # The records list filters by the same days and shows the office's time.
    staff = StaffRecords(app)
    assert staff.count(RecordFilter(date_from=date(2026, 6, 2), date_to=date(2026, 6, 2))) == 2 - expected_first
    (row,) = [r for r in staff.page(RecordFilter()) if r.submitted_at == datetime(2026, 6, 1, 23, 30)]
    assert row.shown_at == clock.shown(datetime(2026, 6, 1, 23, 30), zone)
    assert row.shown_at.startswith("02-06-2026 0") and row.shown_at.endswith(zone)


def test_zone_defaults_from_the_offices_region() -> None:
    assert clock.office_zone({"office_regency_code": "5171"}) == "WITA"  # Kota Denpasar
    assert clock.office_zone({"office_regency_code": "9471"}) == "WIT"  # Kota Jayapura
    assert clock.office_zone({"office_regency_code": "3508"}) == "WIB"
    assert clock.office_zone({"office_regency_code": "9471", "office_timezone": "WIB"}) == "WIB"  # chosen wins
    assert clock.office_zone({}) == "WIB"
    assert clock.file_stamp("WIT", datetime(2026, 6, 1, 23, 30)) == "20260602-0830"


KNOWN = [
    # A: ready, consented, not registered: the waiting list
    {"serial": 1},
    # B: registered, joined 70, accepted, finished, paid
    {"serial": 2, "registered": date(2026, 6, 15)},
    # C: e-KTP missing (not ready), registered anyway, rejected in 70
    {"serial": 3, "readiness": {"has_ektp": False}, "registered": date(2026, 6, 16)},
    # D: not eligible, another village, came to the kiosk
    {"serial": 4, "outcome": "not_eligible", "village": "Wonorejo", "by": ""},
    # E: from Jember, ready but no consent to be contacted, joined 71 (result not known)
    {"serial": 5, "district": OTHER_DISTRICT, "village": "Sumbersari", "follow_up": False},
    # F: ready and registered: not on the waiting list
    {"serial": 6, "registered": date(2026, 6, 12), "by": ""},
]


@pytest.fixture
def known(app: App) -> tuple[App, list[str]]:
    """Six people with known stages; the office is in Kab. Lumajang (3508)."""
    admin = app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    app.settings.put("office_regency_code", "3508")
    numbers = add_people(app, KNOWN)
    staff = StaffRecords(app)
    uuids = {r.receipt_number: r.uuid for r in staff.page(RecordFilter())}
    staff.set_outcome(uuids[numbers[1]], 70, admin, accepted=True, training_finished=True, incentive_received=True)
    staff.set_outcome(uuids[numbers[2]], 70, admin, accepted=False)
    staff.set_outcome(uuids[numbers[4]], 71, admin, accepted=None)
    return app, numbers


def test_the_funnel_on_a_known_data_set(known: tuple[App, list[str]]) -> None:
    app, _numbers = known
    with app.db.read() as session:
        report = build_report(session, date(2026, 6, 1), date(2026, 6, 30))
    assert report.funnel.counts() == [6, 4, 3, 3, 1, 1, 1]
    assert report.funnel.rates() == [None, 4 / 6, 3 / 4, 1.0, 1 / 3, 1.0, 1.0]
    assert report.residents is not None and report.elsewhere is not None
    assert report.residents.counts() == [5, 3, 3, 2, 1, 1, 1]
    assert report.elsewhere.counts() == [1, 1, 0, 1, 0, 0, 0]
    assert report.regency_name == "Kab. Lumajang" or "Lumajang" in report.regency_name
    assert (report.assisted_by_staff, report.self_service) == (4, 2)
    villages = {row.label: row.funnel.counts() for row in report.villages}
    assert villages == {"Ranuyoso": [4, 3, 3, 2, 1, 1, 1], "Wonorejo": [1, 0, 0, 0, 0, 0, 0],
                        "Sumbersari": [1, 1, 0, 1, 0, 0, 0]}
    assert [row.funnel.helped for row in report.districts] == [5, 1]
    (w70, w71) = report.waves
    assert (w70.joined, w70.accepted, w70.rejected, w70.pending, w70.acceptance_rate) == (2, 1, 1, 0, 0.5)
    assert (w71.joined, w71.pending, w71.acceptance_rate) == (1, 1, None)
    total = report.wave_total
    assert (total.joined, total.accepted, total.rejected, total.pending) == (3, 1, 1, 1)
    assert report.waiting_list == 1


def test_the_waiting_list_holds_exactly_the_ready_consenting_unregistered(known: tuple[App, list[str]],
                                                                          tmp_path: Path) -> None:
    app, numbers = known
    assert app.reports.waiting_members() == [numbers[0]]
    with app.db.read() as session:
        assert waiting_members(session) == [numbers[0]]
        assert export_waiting_list(session, tmp_path / "w.csv", "csv") == 1
        assert export_waiting_list(session, tmp_path / "w.xlsx", "xlsx") == 1
    rows = list(csv.reader((tmp_path / "w.csv").open(encoding="utf-8-sig")))
    assert rows[0][0].startswith("RAHASIA") and len(rows) == 3 and "0812-3456-7890" in rows[2]
    sheet = load_workbook(tmp_path / "w.xlsx", read_only=True).active
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][0].startswith("RAHASIA") and cells[3][-1] == numbers[0]
    assert isinstance(cells[3][5], datetime) and cells[3][5] == datetime(2026, 6, 10, 10)  # 03:00 UTC = 10:00 WIB
    # Registering online takes a person off the list.
    admin = app.staff.login("admin", "rahasia-123").staff
    assert admin is not None
    staff = StaffRecords(app)
    (person,) = [r for r in staff.page(RecordFilter()) if r.receipt_number == numbers[0]]
    staff.edit(person.uuid, {"registered_online_on": date(2026, 6, 20)}, "daftar di balai desa", admin)
    assert app.reports.waiting_members() == []


def test_every_village_is_in_every_file(app: App, tmp_path: Path) -> None:
    add_people(app, [{"serial": n, "village": f"Desa {n:02d}"} for n in range(1, 46)])
    with app.db.read() as session:
        report = build_report(session, date(2026, 6, 1), date(2026, 6, 30))
    assert len(report.villages) == 45 and len(report.by_village) == 45
    write_report(report, tmp_path / "r.xlsx", "xlsx")
    write_report(report, tmp_path / "r.csv", "csv")
    write_report(report, tmp_path / "r.pdf", "pdf")
    sheet = load_workbook(tmp_path / "r.xlsx", read_only=True)["Per desa"]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]]
    assert {f"Desa {n:02d}" for n in range(1, 46)} <= set(names) and "Jumlah" in names
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert all(f"Desa {n:02d}" in text for n in range(1, 46))
    pdf_text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "r.pdf").pages)
    assert all(f"Desa {n:02d}" in pdf_text for n in range(1, 46))


def test_xlsx_cells_are_typed_and_formatted(known: tuple[App, list[str]], tmp_path: Path) -> None:
    app, _numbers = known
    with app.db.read() as session:
        report = build_report(session, date(2026, 6, 1), date(2026, 6, 30))
    write_report(report, tmp_path / "r.xlsx", "xlsx")
    book = load_workbook(tmp_path / "r.xlsx")  # not read-only: formats, panes, filters and charts
    funnel = book["Alur pendaftaran"]
    assert funnel.freeze_panes == "B2" and funnel.auto_filter.ref.startswith("A1:")
    total = [c for c in funnel.iter_rows(min_row=2, max_row=10) if c[0].value == "Jumlah"][0]
    assert total[1].value == 6 and total[1].number_format == "#,##0" and total[1].font.b
    assert total[3].value == pytest.approx(4 / 6) and total[3].number_format == "0%"
    assert funnel.column_dimensions["A"].width >= 10
    assert len(funnel._charts) == 1 and len(book["Per gelombang"]._charts) == 1
    days = book["Per hari"]
    assert isinstance(days["A2"].value, datetime) and days["A2"].number_format == "DD-MM-YYYY"
    waves = book["Per gelombang"]
    assert waves["F2"].value == 0.5 and waves["F2"].number_format == "0%" and waves["B2"].value == 2
    assert {"Ringkasan", "Per kecamatan", "Per desa", "Per minggu", "Yang belum siap"} <= set(book.sheetnames)


def test_pdf_fonts_are_embedded_and_tables_complete(known: tuple[App, list[str]], tmp_path: Path) -> None:
    app, _numbers = known
    with app.db.read() as session:
        report = build_report(session, date(2026, 6, 1), date(2026, 6, 30))
    write_report(report, tmp_path / "r.pdf", "pdf", "Disnaker Lumajang")
    reader = PdfReader(tmp_path / "r.pdf")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for words in ("Alur pendaftaran", "Per desa", "Sumbersari", "Wonorejo", "% diterima", "Daftar tunggu"):
        assert words in text, words
