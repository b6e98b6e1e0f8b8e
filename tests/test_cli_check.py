"""`main.py check`: run as a person would, in a child process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from tests.batch_files import HEADER, person, result_rows, write_csv, write_generated_csv
from tests.conftest import ROOT
from tests.factories import make_draft, make_nik
from tests.test_cli import run


def test_check_writes_the_reports_and_prints_the_counts(tmp_path: Path) -> None:
    rows = [person("Budi", date(2000, 5, 17), 1), person("Salah", date(2000, 5, 17), 2, nik="12345")]
    source = write_csv(tmp_path / "desa.csv", rows)
    result = run("check", str(source), "--out", str(tmp_path / "hasil.xlsx"),
                 "--pdf", str(tmp_path / "hasil.pdf"), env_data=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert "2 baris diperiksa: 1 siap, 1 perbaiki, 0 periksa." in result.stdout
    assert "UTF-8" in result.stdout and "hasil.xlsx" in result.stdout and "hasil.pdf" in result.stdout
    assert (tmp_path / "hasil.pdf").stat().st_size > 0
    assert result_rows(tmp_path / "hasil.xlsx")[3][0] == "perbaiki"
    assert result.stderr == ""  # a small file prints no progress


def test_check_finds_niks_already_in_the_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = App.open(data)
    try:
        app.records.submit(make_draft(birth=date(1990, 1, 2), serial=9))
    finally:
        app.close()
    source = write_csv(tmp_path / "desa.csv", [person("Sudah", date(1990, 1, 2), 9)])
    out = tmp_path / "hasil.xlsx"
    result = run("check", str(source), "--out", str(out), env_data=data)
    assert result.returncode == 0, result.stderr
    assert "sudah tercatat" in result_rows(out)[2][1]
    result = run("check", str(source), "--out", str(out), "--no-db", env_data=data)
    assert result_rows(out)[2] == ("siap", "")


@pytest.mark.parametrize(("name", "content", "words"), [
    ("kosong.csv", b"", "kosong"),
    ("judul.csv", b"Nama,NIK\r\n", "hanya berisi judul kolom"),
    ("tanpa-nik.csv", b"Nama,Alamat\r\nBudi,Jl. Melati\r\n", "Kolom wajib tidak ditemukan: NIK"),
    ("rusak.xlsx", b"PK\x03\x04 garbage", "tidak bisa dibuka"),
    ("daftar.pdf", b"%PDF-1.4", "tidak bisa diperiksa"),
])
def test_unusable_files_are_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes,
                                                words: str) -> None:
    (tmp_path / name).write_bytes(content)
    out = tmp_path / "hasil.xlsx"
    result = run("check", str(tmp_path / name), "--out", str(out), env_data=tmp_path / "d")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr
    assert not (tmp_path / "hasil.xlsx").exists()


def test_missing_file_directory_and_bad_out_are_one_line(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "desa.csv", [person("Budi", date(2000, 5, 17), 1)])
    cases = [
        (["check", str(tmp_path / "tidak-ada.csv"), "--out", str(tmp_path / "a.xlsx")], "tidak ditemukan"),
        (["check", str(tmp_path), "--out", str(tmp_path / "a.xlsx")], "folder"),
        (["check", str(source), "--out", str(tmp_path / "a.csv")], ".xlsx"),
        (["check", str(source)], "--out"),
    ]
    for args, words in cases:
        result = run(*args, env_data=tmp_path / "d")
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and words in lines[0], (args, result.stderr)


def test_progress_on_stderr_for_big_files(tmp_path: Path) -> None:
    source = write_generated_csv(tmp_path / "besar.csv", 1000)
    result = run("check", str(source), "--out", str(tmp_path / "hasil.xlsx"), "--progress-every", "500",
                 env_data=tmp_path / "d")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["diperiksa 500 dari 1000 baris (50%)",
                                          "diperiksa 1000 dari 1000 baris (100%)"]
    assert "1000 baris diperiksa" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is a POSIX affair")
def test_ctrl_c_stops_cleanly_with_a_partial_report(tmp_path: Path) -> None:
    source = write_generated_csv(tmp_path / "besar.csv", 20_000)
    out = tmp_path / "hasil.xlsx"
    env = {**os.environ, "PRAKERJA_DATA_DIR": str(tmp_path / "d"), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "check", str(source), "--out", str(out),
                              "--progress-every", "500"], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stderr is not None
    first = child.stderr.readline()  # wait until it is really checking rows
    assert first.startswith("diperiksa 500 dari 20000 baris"), first
    child.send_signal(signal.SIGINT)
    started = time.monotonic()
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert time.monotonic() - started < 60
    assert "Traceback" not in stderr and "laporan sebagian" in stderr and "Ctrl-C" in stderr
    assert "DIBATALKAN" in stdout
    checked = len(result_rows(out))
    assert 500 <= checked < 20_000


def test_nik_is_never_logged(tmp_path: Path) -> None:
    nik = make_nik(date(2000, 5, 17), serial=42)
    source = write_csv(tmp_path / "desa.csv", [["Rahasia Orang", nik, "x", "y", "z", "w"]], header=HEADER)
    data = tmp_path / "d"
    result = run("check", str(source), "--out", str(tmp_path / "hasil.xlsx"), env_data=data)
    assert result.returncode == 0, result.stderr
    log = (data / "logs" / "prakerja.log").read_text(encoding="utf-8")
    assert "batch check done" in log
    assert nik not in log and "Rahasia" not in log and "desa.csv" not in log
