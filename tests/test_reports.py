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
    with filled.db.read() as session:
        report = build_report(session, date(2000, 1, 1), date(2100, 1, 1))
    write_report(report, tmp_path / "r.csv", "csv")
    rows = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig")))
    assert ["Orang dibantu", "4"] in rows
    write_report(report, tmp_path / "r.xlsx", "xlsx")
    book = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert "Per gelombang" in book.sheetnames
    waves = list(book["Per gelombang"].iter_rows(values_only=True))
    assert waves[1][:3] == (70, 3, 1) and waves[1][5] == "50%"
    write_report(report, tmp_path / "r.pdf", "pdf", "Disnaker Lumajang")
    pdf = PdfReader(tmp_path / "r.pdf")
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
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
    assert "4 people" in result.stdout and out.exists()
    for bad in (["--from", "yesterday", "--to", "2026-01-01", "--format", "csv", "--out", str(out)],
                ["--from", "2026-02-01", "--to", "2026-01-01", "--format", "csv", "--out", str(out)],
                ["--from", "2026-01-01", "--to", "2026-02-01", "--format", "doc", "--out", str(out)],
                ["--from", "2026-01-01", "--to", "2026-02-01", "--format", "csv", "--out", str(tmp_path)]):
        result = run("report", *bad, env_data=data_dir)
        assert result.returncode == 2, bad
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
