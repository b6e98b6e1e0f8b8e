"""The office name an admin types ends up in the report PDF: any text makes a PDF that shows it."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from prakerja_desktop.app import App
from prakerja_desktop.reports.aggregate import build_report
from prakerja_desktop.reports.export import write_report
from tests.factories import make_draft

HUNT = int(os.environ.get("PRAKERJA_FUZZ_EXAMPLES", "0"))
OFFICE_NAMES = st.one_of(st.text(max_size=80), st.sampled_from(
    ["<b>x", "Disnaker <Lumajang>", "Dinas Tenaga Kerja & Transmigrasi", "a &amp; b", "</para>", "<br/>",
     "x\x00y", "\u202eكتب", "😀 Disnaker", "<font size=400>x</font>"]))


def _report(app: App):  # type: ignore[no-untyped-def]
    if app.records.count() == 0:
        app.records.submit(make_draft(), today=date(2026, 11, 28))
    with app.db.read() as session:
        return build_report(session, date(2000, 1, 1), date(2100, 1, 1))


def test_markup_in_the_office_name_is_printed_as_typed(app: App, tmp_path: Path) -> None:
    """Was: reportlab read "<b>" as markup and refused the PDF (ValueError), or dropped "<Lumajang>"."""
    name = "<b>Disnaker & Transmigrasi <Lumajang>"
    write_report(_report(app), tmp_path / "r.pdf", "pdf", name)
    assert name in PdfReader(tmp_path / "r.pdf").pages[0].extract_text()


@settings(max_examples=HUNT or 30, deadline=None, derandomize=not HUNT,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=OFFICE_NAMES)
def test_any_office_name_makes_a_report_pdf(app: App, tmp_path: Path, name: str) -> None:
    path = tmp_path / "r.pdf"
    write_report(_report(app), path, "pdf", name)
    # The report is no longer one page (issue 17: every table in full); the name must not add pages.
    assert path.read_bytes().startswith(b"%PDF")
    assert len(PdfReader(path).pages) == len(PdfReader(_reference_pdf(app, tmp_path)).pages)


def _reference_pdf(app: App, tmp_path: Path) -> Path:
    """The same report with a plain office name."""
    path = tmp_path / "reference.pdf"
    if not path.exists():
        write_report(_report(app), path, "pdf", "Disnaker")
    return path
