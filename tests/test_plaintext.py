"""No personal value in plain text outside the encrypted database: temp folder, data folder, log.

The kill test is the issue's: a batch check of a 100,000-row list killed half-way (after 50,000 rows,
far past the point where a sheet leaves memory for the encrypted scratch, scratch.MEMORY_LIMIT). It
runs with --no-db: the lookup of each NIK in the database only reads (and writes nothing anywhere),
and leaving it out makes the check about a third faster. Marked slow (measured in the commit message).
"""

from __future__ import annotations

import io
import logging
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from prakerja_desktop import logs, scratch, xlsx_out
from prakerja_desktop.app import App
from prakerja_desktop.domain.fields.catalogue import ALIASES, CATALOGUE
from tests.batch_files import write_generated_csv
from tests.conftest import ROOT
from tests.factories import make_draft

ROWS = 100_000


def personal_values(source: Path) -> list[bytes]:
    """The NIKs, phone numbers and e-mail addresses of a generated list, as bytes to look for."""
    values: list[bytes] = []
    for line in source.read_text(encoding="utf-8").splitlines()[1:]:
        _name, nik, _kk, phone, email, *_rest = line.split(",")
        values += [nik.encode(), phone.encode(), email.encode()]
    return values


def hits(folder: Path, values: list[bytes]) -> dict[str, int]:
    """Per file under FOLDER, how many of VALUES it holds in plain text (also inside zip members)."""
    found: dict[str, int] = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        blobs = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                blobs += [archive.read(name) for name in archive.namelist()]
        count = sum(1 for value in values if any(value in blob for blob in blobs))
        if count:
            found[str(path)] = count
    return found


@pytest.mark.slow
@pytest.mark.sqlite_only("the data folder's files are searched")
def test_a_killed_batch_check_leaves_no_personal_value_in_temp_or_data(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    source = write_generated_csv(tmp_path / "in" / "desa.csv", ROWS)
    values = personal_values(source)
    temp, data, out = tmp_path / "tmp", tmp_path / "data", tmp_path / "out"
    for folder in (temp, out):
        folder.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp),
           "PRAKERJA_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "check", str(source), "--out", str(out / "hasil.xlsx"),
         "--no-db", "--progress-every", "1000"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert child.stderr is not None
    seen = ""
    deadline = time.monotonic() + 900  # 50,000 rows: about 2 minutes quiet, several on a loaded machine
    while time.monotonic() < deadline:
        line = child.stderr.readline()
        seen += line
        # Half-way, and past the memory limit: the sheet is in the encrypted scratch by now.
        if "diperiksa 50000 " in line or line.startswith("diperiksa 50000"):
            break
        assert line, f"the check ended before half-way: {seen}"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert "diperiksa 50000" in seen
    assert len(values) == 3 * ROWS and hits(source.parent, values[:30])  # the search itself works
    assert hits(temp, values) == {}
    assert hits(data, values) == {}
    assert not (out / "hasil.xlsx").exists()
    # On POSIX the scratch file is unlinked at birth: nothing is left to wipe.
    assert list((data / scratch.SCRATCH_DIRNAME).glob("*")) == []


def test_a_spilled_sheet_is_ciphertext_on_disk_and_the_workbook_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scratch, "MEMORY_LIMIT", 10_000)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    scratch.configure(tmp_path / "data")
    book = xlsx_out.workbook()
    sheet = book.create_sheet("Data")
    niks = [f"35082045050{i:05d}" for i in range(2000)]
    for i, nik in enumerate(niks):
        sheet.append([nik, f"Orang {i}"])
    buffer = sheet._writer.out
    assert buffer.spilled
    raw = os.pread(buffer._file.fileno(), buffer.size + 1, 0)
    assert len(raw) > 40_000 and not any(nik.encode() in raw for nik in niks[:50])
    book.save(tmp_path / "hasil.xlsx")
    rows = list(load_workbook(tmp_path / "hasil.xlsx", read_only=True)["Data"].iter_rows(values_only=True))
    assert [r[0] for r in rows] == niks and rows[-1][1] == "Orang 1999"
    assert list((tmp_path / "tmp").iterdir()) == []  # openpyxl's temp files are not used


def test_left_over_scratch_files_are_wiped_when_the_app_opens(data_dir: Path) -> None:
    folder = data_dir / scratch.SCRATCH_DIRNAME
    folder.mkdir(parents=True)
    (folder / "sheet-old.enc").write_bytes(b"ciphertext of a killed run")
    App.open(data_dir).close()
    assert list(folder.iterdir()) == []


def test_the_log_redactor_knows_every_field_of_the_catalogue() -> None:
    assert set(logs.PERSON_FIELD_NAMES) == set(CATALOGUE) | set(ALIASES)
    line = logs.redact("full_name='Budi Santoso' {'village': 'Sukamaju', 'rt': '002'} birth_date=1990-05-17 "
                       "lahir 17-05-1990 datetime.date(1990, 5, 17) [parameters: ('Budi', 'Sukamaju')]")
    for value in ("Budi", "Santoso", "Sukamaju", "002", "1990"):
        assert value not in line, line


@pytest.mark.sqlite_only("a trigger makes the real insert fail")
def test_a_failed_write_leaves_no_personal_value_in_the_log(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # faulthandler's crash file is once per process (tests/test_errors_and_logs.py checks the real one).
    monkeypatch.setattr(logs, "_crash_file", logs._crash_file or io.StringIO())
    logs.setup_logging(data_dir)
    app = App.open(data_dir)
    draft = make_draft(birth=date(1987, 3, 14), serial=4321)
    person = draft.applicant
    try:
        with app.db.write() as session:
            session.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON records "
                                 "BEGIN SELECT RAISE(ABORT, 'disk said no'); END"))
        try:
            app.records.submit(draft)
        except Exception as exc:  # noqa: BLE001 - what main.py's last line of defence does
            failure = exc
            logging.getLogger("prakerja_desktop.main").exception("unexpected error")
        else:
            pytest.fail("the insert was not refused")
    finally:
        app.close()
        for handler in logging.getLogger().handlers[:]:
            if handler.get_name() == logs.HANDLER_NAME:
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "disk said no" in str(failure)
    log = (data_dir / "logs" / logs.LOG_FILENAME).read_text(encoding="utf-8")
    assert "disk said no" in log and "Traceback" in log
    values = [person.nik, person.kk_number, person.full_name, person.phone_e164, person.email,
              person.birth_date.isoformat(), person.village, person.street]
    for value in filter(None, values):
        assert str(value) not in str(failure), value  # hide_parameters: not even in the exception
        assert str(value) not in log, value
