"""Every PDF we write embeds DejaVu Sans (no base-14 Helvetica) and prints names with diacritics readably."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pypdf
import pytest

from prakerja_desktop.app import App
from prakerja_desktop.batch import run_check
from prakerja_desktop.receipts.person_copy import write_person_copy
from prakerja_desktop.reports.aggregate import build_report
from prakerja_desktop.reports.export import write_report
from tests.batch_files import TODAY, person, write_csv
from tests.factories import make_draft

NAME = "Ñoman Çahyo Đaeng Sêtyawan"  # Đ and ê are outside Latin-1: Helvetica cannot show them


def _receipt(app: App, tmp_path: Path) -> bytes:
    result = app.records.submit(make_draft(name=NAME), today=date(2026, 11, 28))
    return app.receipts.pdf(result.record_uuid)


def _report(app: App, tmp_path: Path) -> bytes:
    app.records.submit(make_draft(), today=date(2026, 11, 28))
    with app.db.read() as session:
        report = build_report(session, date(2000, 1, 1), date(2100, 1, 1))
    write_report(report, tmp_path / "r.pdf", "pdf", "Disnaker " + NAME)  # the office name carries it here
    return (tmp_path / "r.pdf").read_bytes()


def _batch(app: App, tmp_path: Path) -> bytes:
    rows = [person(NAME, date(1990, 1, 2), 6, phone="0334 881234")]  # a landline: a row to fix
    run_check(write_csv(tmp_path / "desa.csv", rows), tmp_path / "hasil.xlsx", tmp_path / "hasil.pdf", today=TODAY)
    return (tmp_path / "hasil.pdf").read_bytes()


def _person_copy(app: App, tmp_path: Path) -> bytes:
    data = {"full_name": NAME, "village": "Ngawen", "history": [], "outcomes": []}
    return write_person_copy(data, tmp_path / "salinan.pdf").read_bytes()


WRITERS: dict[str, Callable[[App, Path], bytes]] = {
    "receipt": _receipt, "report": _report, "batch": _batch, "person_copy": _person_copy}


@pytest.mark.parametrize("kind", list(WRITERS))
def test_each_pdf_embeds_dejavu_and_shows_names_with_diacritics(app: App, tmp_path: Path,
                                                                kind: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(WRITERS[kind](app, tmp_path)))
    base_fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base_fonts.add(str(font["/BaseFont"]))
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
    assert base_fonts and all("DejaVuSans" in name for name in base_fonts), base_fonts
    assert not any("Helvetica" in name for name in base_fonts)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert NAME in text
