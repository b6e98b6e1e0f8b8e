"""Power cut at every file operation: the key, backup, restore and rotation paths, killed and started again.

Each path runs once in a forked process with PRAKERJA_FAULT_TRACE to list its file operations (every
write, fsync, rename, link and unlink that goes through prakerja_desktop/safe_files.py, plus the
export and link steps marked with `fault_point`). Then, for every N, a fresh copy of the same data and
config folders runs the path again with PRAKERJA_FAULT_AT=N: the process ends with os._exit at the N-th
operation, as a power cut would (no cleanup, no finally). Afterwards the app must start, the data must
open with the records of before or after, and no temporary file may be left.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from prakerja_desktop import paths, safe_files
from prakerja_desktop.app import App
from prakerja_desktop.keys import management as key_management
from prakerja_desktop.storage import encryption
from prakerja_desktop.storage.backup_files import list_backups
from tests.factories import make_draft
from tests.test_encryption import PASSPHRASE, forget_keys

pytestmark = [pytest.mark.sqlite_only("power cuts while the SQLite file and its key file are replaced"),
              pytest.mark.skipif(not hasattr(os, "fork"), reason="the child is a forked process (POSIX)")]

NEW_PASSPHRASE = "nasi goreng di pasar minggu"
LEFTOVER = re.compile(r"\.(part|restoring|rotating|incoming|swap-journal)|\.keys\.new-")


def run_child(case: Path, action: Callable[[Path], None], env: dict[str, str]) -> int:
    """Run ACTION(case data folder) in a forked process with ENV set; its exit code."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.environ.update(env)
            os.environ[paths.CONFIG_DIR_ENV] = str(case / "config")
            forget_keys()
            action(case / "data")
        except BaseException:  # noqa: BLE001 - report anything, exit with a code the parent sees
            traceback.print_exc()
            code = 1
        os._exit(code)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def open_after_restart(case: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """Start the app on CASE as after a reboot (passphrase only if the data is locked); its record count."""
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(case / "config"))
    forget_keys()
    try:
        app = App.open(case / "data")
    except encryption.NeedsPassphrase:
        for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                App.unlock(passphrase, case / "data")
                break
            except Exception:  # noqa: BLE001 - the other one is the right one
                continue
        app = App.open(case / "data")
    try:
        return app.records.count()
    finally:
        app.close()


def kill_everywhere(base: Path, action: Callable[[Path], None], allowed: set[int], tmp_path: Path,
                    monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Kill ACTION at each of its file operations on a copy of BASE; every restart opens ALLOWED records."""
    traced = tmp_path / f"{name}-traced"
    shutil.copytree(base, traced)
    trace = tmp_path / f"{name}.trace"
    assert run_child(traced, action, {safe_files.FAULT_TRACE_ENV: str(trace)}) == 0
    labels = [line.split(" ", 1)[1] for line in trace.read_text("utf-8").splitlines()]
    assert labels, "the path went through no file operation of safe_files"
    for number in range(1, len(labels) + 1):
        case = tmp_path / f"{name}-{number}"
        shutil.copytree(base, case)
        code = run_child(case, action, {safe_files.FAULT_AT_ENV: str(number)})
        assert code in (safe_files.FAULT_EXIT_CODE, 0), f"killed at {labels[number - 1]}: exit {code}"
        count = open_after_restart(case, monkeypatch)
        assert count in allowed, f"killed at {labels[number - 1]}: {count} records"
        left = [p.name for p in case.rglob("*") if LEFTOVER.search(p.name)]  # data and config folders
        assert left == [], f"killed at {labels[number - 1]}: leftovers {left}"
        shutil.rmtree(case)
    return labels


def make_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: int, *, passphrase: bool = True,
              backup: bool = False) -> Path:
    """A data folder with RECORDS records and its config folder (device secret), under one base folder."""
    base = tmp_path / "base"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(base / "config"))
    forget_keys()
    app = App.open(base / "data")
    for serial in range(1, records + 1):
        app.records.submit(make_draft(serial=serial))
    if passphrase:
        key_management.set_recovery_passphrase(app, PASSPHRASE, None)
    if backup:
        app.backups.make()
    app.close()
    forget_keys()
    return base


def test_first_start_killed_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "base"
    (base / "data").mkdir(parents=True)
    labels = kill_everywhere(base, lambda data: App.open(data).close(), {0}, tmp_path, monkeypatch, "first")
    assert any("device-secret.bin" in label for label in labels)
    assert any("prakerja.sqlite3.keys" in label for label in labels)


def test_backup_killed_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = make_base(tmp_path, monkeypatch, 3)

    def backup(data: Path) -> None:
        app = App.open(data)
        app.backups.make()
        app.close()

    labels = kill_everywhere(base, backup, {3}, tmp_path, monkeypatch, "backup")
    assert any(label.startswith("rename") and ".part" in label for label in labels)


@pytest.mark.slow
def test_restore_from_another_machine_killed_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "other"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(other / "config"))
    app = App.open(other / "data")
    for serial in range(1, 6):
        app.records.submit(make_draft(serial=serial))
    key_management.set_recovery_passphrase(app, PASSPHRASE, None)
    foreign = app.backups.make(tmp_path / "usb")
    app.close()
    base = make_base(tmp_path, monkeypatch, 2, passphrase=False)

    def restore(data: Path) -> None:
        App.restore(foreign.path, data, passphrase=PASSPHRASE)

    labels = kill_everywhere(base, restore, {2, 5}, tmp_path, monkeypatch, "restore")
    assert any("swap-journal" in label for label in labels)
    swaps = [n for n, label in enumerate(labels) if label.startswith("rename") and "incoming" in label]
    assert swaps, "the key file swap is one of the killed operations"


@pytest.mark.slow
def test_rotation_lock_and_passphrase_change_killed_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = make_base(tmp_path, monkeypatch, 3, backup=True)

    def rotate(data: Path) -> None:
        app = App.open(data)
        app.keys.rotate(None, PASSPHRASE)
        app.close()

    def lock(data: Path) -> None:
        app = App.open(data)
        app.keys.set_locked_mode(True, None, PASSPHRASE)
        app.keys.lock_backups(app.keys.backups_opening_with_device(), PASSPHRASE, None)
        app.close()

    def change(data: Path) -> None:
        app = App.open(data)
        app.keys.set_recovery_passphrase(NEW_PASSPHRASE, None)
        app.close()

    for name, action in (("rotate", rotate), ("lock", lock), ("change", change)):
        labels = kill_everywhere(base, action, {3}, tmp_path, monkeypatch, name)
        assert any("rotating" in label for label in labels), name
    # After a completed lock, the backup made before opens only with the passphrase.
    locked = tmp_path / "lock-traced"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(locked / "config"))
    assert all(info.keys is not None and "device" not in info.keys["slots"]
               for info in list_backups(locked / "data" / "backups"))
