"""Files saved where the user chose: receipts and the office report get the user's usual permissions
(meant to be printed and handed on), lists of people stay 0600, and the app's own files stay private."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.app import App
from tests.conftest import ROOT
from tests.factories import make_draft

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions; Windows follows the folder's ACL")


def mode(path: Path) -> int:
    """The permission bits of PATH."""
    return stat.S_IMODE(path.stat().st_mode)


def run_with_umask(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """main.py in a child process started with the common umask 022 (as from a desktop session)."""
    env = {**os.environ, "PRAKERJA_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=180, env=env, cwd=ROOT, preexec_fn=lambda: os.umask(0o022))


@pytest.mark.sqlite_only("checks the permissions of the SQLite file too")
def test_receipts_and_reports_are_shareable_lists_of_people_stay_private(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "Dokumen"
    out.mkdir()
    app = App.open(data)
    try:
        number = app.records.submit(make_draft(serial=1), today=date(2026, 11, 28)).receipt_number
    finally:
        app.close()
    result = run_with_umask(data, "receipt", number, "--out", str(out / "tanda-terima.pdf"))
    assert result.returncode == 0, result.stderr
    assert mode(out / "tanda-terima.pdf") == 0o644  # for the printer, the person, another account
    result = run_with_umask(data, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf",
                            "--out", str(out / "laporan.pdf"))
    assert result.returncode == 0, result.stderr
    assert mode(out / "laporan.pdf") == 0o644  # counts only
    result = run_with_umask(data, "report", "--waiting-list", "--format", "csv", "--out", str(out / "daftar.csv"))
    assert result.returncode == 0, result.stderr
    assert mode(out / "daftar.csv") == 0o600  # names and phone numbers: private
    assert mode(data / paths.DB_FILENAME) == 0o600 and mode(data) == 0o700  # the app's own files
    assert all(mode(p) == 0o600 for p in (data / "logs").iterdir())


def test_the_preview_save_makes_a_shareable_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prakerja_desktop import safe_files
    from ui.receipts.documents import write_pdf

    # The umask this process started with (the suite's own first App.open may have recorded another).
    monkeypatch.setattr(safe_files, "_user_umask", 0o022)
    previous = os.umask(0o077)  # private from App.open on, as in the window
    try:
        saved = write_pdf(b"%PDF-1.4 test", tmp_path, "tanda-terima.pdf")
        assert mode(saved) == 0o644
        monkeypatch.setattr(safe_files, "_user_umask", 0o077)  # a user who keeps everything private
        again = write_pdf(b"%PDF-1.4 other", tmp_path, "tanda-terima.pdf")
        assert again.name == "tanda-terima (2).pdf" and mode(again) == 0o600
    finally:
        os.umask(previous)
