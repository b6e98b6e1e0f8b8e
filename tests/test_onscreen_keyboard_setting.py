"""The on-screen keyboard setting, read before Qt starts (core, no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_desktop import onscreen_keyboard
from prakerja_desktop.errors import UserInputError


def test_off_without_a_database(data_dir: Path) -> None:
    assert onscreen_keyboard.wanted_at_start(data_dir) is False


@pytest.mark.sqlite_only("read from the SQLite file before Qt starts; on an office server each PC sets "
                         "PRAKERJA_ONSCREEN_KEYBOARD (tests/test_onscreen_keyboard_gui.py checks the note)")
def test_an_admin_turns_it_on_and_the_next_start_sees_it(app, admin, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert onscreen_keyboard.wanted_at_start(data_dir) is False
    onscreen_keyboard.put(app, True, admin)
    assert onscreen_keyboard.is_on(app)
    assert onscreen_keyboard.wanted_at_start(data_dir) is True
    onscreen_keyboard.put(app, False, admin)
    assert onscreen_keyboard.wanted_at_start(data_dir) is False


def test_the_variable_overrides_the_setting(app, admin, data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    onscreen_keyboard.put(app, True, admin)
    monkeypatch.setenv(onscreen_keyboard.ENV, "0")
    assert onscreen_keyboard.wanted_at_start(data_dir) is False
    monkeypatch.setenv(onscreen_keyboard.ENV, "1")
    assert onscreen_keyboard.wanted_at_start(Path("/nonexistent")) is True


def test_a_damaged_file_means_off(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "prakerja.sqlite3").write_bytes(b"not a database at all" * 100)
    assert onscreen_keyboard.wanted_at_start(data_dir) is False


def test_only_an_admin_changes_it(app, admin) -> None:  # type: ignore[no-untyped-def]
    clerk = app.staff.create("budi", "Budi", "staff", "rahasia-456", by=admin)
    with pytest.raises(UserInputError):
        onscreen_keyboard.put(app, True, clerk)
