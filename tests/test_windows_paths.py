"""The Windows-only code paths, run here on fakes of the Windows APIs they call (tests/fake_windows.py).

DPAPI seals the device secret (prakerja_desktop/security/device_secret.py): created sealed, opened
again after a "reboot" (a new process: a fresh DPAPI of the same account), refused under another
account, every buffer released with LocalFree. The kiosk supervisor runs as on Windows (no SIGHUP).
What no fake can show (a real DPAPI, a real reboot, auto-start): installer/windows/README.md.
"""

from __future__ import annotations

import ctypes
import signal
import sys
from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.security import device_secret
from tests.fake_windows import FakeDpapi

pytestmark = pytest.mark.sqlite_only("the device secret file and the SQLite file's key slots")


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeDpapi:
    """This process as seen by our code on Windows, with DPAPI of the account "ani" on this PC."""
    fake = FakeDpapi("ani@KIOSK-1")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", fake.windll, raising=False)
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "roaming"))
    return fake


def reboot(monkeypatch: pytest.MonkeyPatch, account: str = "ani@KIOSK-1") -> FakeDpapi:
    """A new process after a reboot (or under another account): a fresh DPAPI, nothing in memory."""
    fake = FakeDpapi(account)
    monkeypatch.setattr(ctypes, "windll", fake.windll, raising=False)
    return fake


def test_the_device_secret_is_sealed_with_dpapi_and_opens_after_a_reboot(
        windows: FakeDpapi, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = device_secret.load(create=True)
    assert secret is not None and len(secret) == device_secret.SECRET_BYTES
    stored = device_secret.secret_path().read_bytes()
    assert stored.startswith(b"PKJDPAPI1") and secret not in stored
    assert windows.calls == ["CryptProtectData"] and windows.handed_out == {}  # freed with LocalFree
    after = reboot(monkeypatch)
    assert device_secret.load() == secret
    assert after.calls == ["CryptUnprotectData"] and after.handed_out == {}


def test_a_copy_of_the_secret_under_another_account_does_not_open(
        windows: FakeDpapi, monkeypatch: pytest.MonkeyPatch) -> None:
    device_secret.load(create=True)
    other = reboot(monkeypatch, "budi@OTHER-PC")
    with pytest.raises(EnvironmentProblem) as caught:
        device_secret.load()
    assert caught.value.kind == ProblemKind.KEY
    assert "kata sandi pemulihan" in caught.value.user_message
    assert other.handed_out == {}


def test_the_encrypted_database_opens_unattended_after_a_reboot(
        windows: FakeDpapi, monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> None:
    from prakerja_desktop.app import App

    app = App.open(data_dir)
    app.records.add_demo_data(2)
    app.close()
    assert device_secret.secret_path().read_bytes().startswith(b"PKJDPAPI1")
    reboot(monkeypatch)
    again = App.open(data_dir)  # no passphrase asked: DPAPI opened the device secret
    try:
        assert again.records.count() == 2
    finally:
        again.close()


def test_the_kiosk_supervisor_runs_as_on_windows(windows: FakeDpapi, monkeypatch: pytest.MonkeyPatch,
                                                 data_dir: Path) -> None:
    from prakerja_desktop.kiosk import supervisor
    from ui.kiosk.launch import display_available

    monkeypatch.delattr(signal, "SIGHUP", raising=False)  # Windows has SIGTERM and SIGINT only
    monkeypatch.delenv("DISPLAY", raising=False)
    assert display_available()  # Windows always has a desktop for the give-up message
    before = signal.getsignal(signal.SIGTERM)
    outcome = supervisor.supervise([sys.executable, "-c", "import sys; sys.exit(3)"], data_dir, max_crashes=2,
                                   first_delay=0.01, max_delay=0.01)
    assert outcome.gave_up and outcome.exit_code == supervisor.EXIT_GAVE_UP and outcome.starts == 2
    assert signal.getsignal(signal.SIGTERM) is before
    # A frozen PrakerjaDesktop.exe restarts itself with the same arguments.
    assert supervisor.child_command(["--kiosk"], True, r"C:\Program Files\Prakerja Desktop\PrakerjaDesktop.exe",
                                    "main.py") == [r"C:\Program Files\Prakerja Desktop\PrakerjaDesktop.exe", "--kiosk"]
