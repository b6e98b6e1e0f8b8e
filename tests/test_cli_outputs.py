"""Every output the command line cannot write exits 3 with one plain line; never a traceback.

Missing folder, a path under a file, a 300-character name, a device node, a symbolic link, and an
I/O error (EIO, as from a pulled USB stick: injected with `strace -e inject`, in a real child process).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop.app import App
from tests.batch_files import person, write_csv
from tests.conftest import ROOT
from tests.factories import make_draft
from tests.test_cli import run

LONG = "a" * 300


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, object]:
    """A data folder with one record, a village list, and a plain file to put paths under."""
    data = tmp_path / "data"
    app = App.open(data)
    try:
        receipt = app.records.submit(make_draft(birth=date(1990, 1, 2), serial=5)).receipt_number
    finally:
        app.close()
    source = write_csv(tmp_path / "desa.csv", [person("Budi", date(2000, 5, 17), 1)])
    (tmp_path / "berkas.txt").write_text("x")
    return {"data": data, "receipt": receipt, "source": source, "tmp": tmp_path}


def commands(setup: dict[str, object], out: str) -> dict[str, list[str]]:
    """Each command with OUT as its output (a folder for backup --to)."""
    return {
        "report": ["report", "--from", "2020-01-01", "--to", "2030-01-01", "--format", "csv", "--out", out],
        "check": ["check", str(setup["source"]), "--out", out],
        "backup": ["backup", "--to", out],
        "pairing": ["pairing", "export-office", "--out", out],
        "receipt": ["receipt", str(setup["receipt"]), "--out", out],
    }


def assert_one_plain_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 3, one line on stderr naming the problem, no traceback."""
    assert result.returncode == 3, (result.args, result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "tidak bisa ditulis" in lines[0], lines
    for word in words:
        assert word in lines[0], lines


@pytest.mark.parametrize("name", ["report", "check", pytest.param("backup", marks=pytest.mark.sqlite_only(
    "file backups: an office server is backed up with its own tools")), "pairing", "receipt"])
@pytest.mark.parametrize(("case", "words"), [
    ("missing", ("foldernya tidak ada",)),
    ("under_file", ("bukan folder",)),
    ("long_name", ("terlalu panjang",)),
])
def test_an_unwritable_output_exits_3_with_one_line(setup: dict[str, object], name: str, case: str,
                                                    words: tuple[str, ...]) -> None:
    tmp = Path(str(setup["tmp"]))
    out = {"missing": tmp / "tidak-ada" / "sub" / "hasil.x", "under_file": tmp / "berkas.txt" / "hasil.x",
           "long_name": tmp / LONG}[case]
    if name == "backup" and case == "missing":
        out = tmp / "berkas.txt" / "cadangan"  # backup --to makes a missing folder: the case is moot
        words = ("bukan folder",)
    result = run(*commands(setup, str(out))[name], env_data=Path(str(setup["data"])))
    assert_one_plain_line(result, *words)
    assert not os.path.lexists(out)  # (os.path: Path.exists raises on a too-long name)


@pytest.mark.parametrize("name", ["report", "check", "pairing", "receipt"])
def test_a_device_node_or_a_symlink_is_refused(setup: dict[str, object], name: str) -> None:
    tmp = Path(str(setup["tmp"]))
    result = run(*commands(setup, "/dev/null")[name], env_data=Path(str(setup["data"])))
    assert_one_plain_line(result, "bukan berkas biasa")
    target = tmp / "target.txt"
    target.write_text("jangan ditimpa")
    link = tmp / "tautan.out"
    link.symlink_to(target)
    result = run(*commands(setup, str(link))[name], env_data=Path(str(setup["data"])))
    assert_one_plain_line(result, "symlink")
    assert target.read_text() == "jangan ditimpa" and link.is_symlink()


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to inject EIO")
@pytest.mark.parametrize("name", ["report", "check", pytest.param("backup", marks=pytest.mark.sqlite_only(
    "file backups: an office server is backed up with its own tools")), "pairing", "receipt"])
def test_an_io_error_while_writing_exits_3(setup: dict[str, object], name: str) -> None:
    tmp = Path(str(setup["tmp"]))
    out = tmp / "usb" / {"backup": "cadangan", "check": "hasil.xlsx"}.get(name, "hasil.out")
    out.parent.mkdir()
    calls = "rename,renameat,renameat2"
    env = {**os.environ, "PRAKERJA_DATA_DIR": str(setup["data"]), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        ["strace", "-f", "-qq", "-o", "/dev/null", "-e", f"trace={calls}", "-e", f"inject={calls}:error=EIO",
         sys.executable, str(ROOT / "main.py"), *commands(setup, str(out))[name]],
        capture_output=True, text=True, timeout=180, env=env, cwd=ROOT)
    assert_one_plain_line(result, "flashdisk")


def test_data_dir_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("x")
    for folder in (tmp_path / "berkas", tmp_path / "berkas" / "data"):
        result = run("info", "--data-dir", str(folder))
        assert result.returncode == 3, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert "bukan folder" in result.stderr


def test_demo_data_can_run_twice(tmp_path: Path) -> None:
    for _ in range(2):
        result = run("demo-data", "--count", "3", "--data-dir", str(tmp_path / "d"))
        assert result.returncode == 0, result.stderr
    result = run("info", "--data-dir", str(tmp_path / "d"))
    assert "records    6" in result.stdout


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a console without a display is a Linux case")
def test_the_kiosk_supervisor_gives_up_with_exit_4_without_a_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--kiosk", "--data-dir", str(tmp_path / "d")],
                            capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert result.returncode == 4, (result.returncode, result.stderr[-2000:])
    assert "berhenti karena mengalami gangguan berulang kali" in result.stderr
    assert time.monotonic() - started < 300


def test_a_database_url_naming_a_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    result = run("--db", f"sqlite:///{tmp_path / 'folder'}", "info", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 2 and "menunjuk ke sebuah folder" in result.stderr, result.stderr
    assert "rusak" not in result.stderr


@pytest.mark.sqlite_only("the device key in the config folder opens the SQLite file; an office server needs none")
def test_an_unusable_config_folder_is_named_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "berkas").write_text("x")
    monkeypatch.setenv("PRAKERJA_CONFIG_DIR", str(tmp_path / "berkas" / "config"))
    result = run("info", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 3 and "Folder pengaturan" in result.stderr, result.stderr
    assert "folder data" not in result.stderr.lower() and len(result.stderr.strip().splitlines()) == 1
