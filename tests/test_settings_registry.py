"""The settings registry: every key the code uses is declared, bounds hold, a new setting is one declaration."""

from __future__ import annotations

import ast
import logging
from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from prakerja_desktop import settings_registry as registry
from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.i18n import N_, using
from prakerja_desktop.receipts.content import LAYOUTS, TIMEZONES
from prakerja_desktop.settings_registry import Kind, Scope, UnknownSetting
from prakerja_desktop.storage import settings_store

ROOT = Path(__file__).resolve().parents[1]
# Functions that take a settings key as their first string argument (after the session or connection).
KEY_FUNCTIONS = {"read", "write", "stored", "convert", "spec", "env_override", "read_sqlite"}
REGISTRY_NAMES = {"settings_registry", "registry"}
# Functions that pass a key through on purpose, by name (modules may move between rooms): the
# settings room's get/put (their callers are walked) and save_office (its keys: OFFICE_KEYS, walked).
PASS_THROUGH = {"get", "put", "save_office"}


def _sources() -> Iterator[Path]:
    yield ROOT / "main.py"
    for folder in ("prakerja_desktop", "ui"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" constants (key prefixes)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _key_of(node: ast.expr, constants: dict[str, str]) -> str | None:
    """The key (or key prefix + "…") an argument spells, or None when it is computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _key_of(node.left, constants)
        return None if left is None else left + "…"
    return None


def _is_key_call(call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in ("get", "put"):  # the settings room: app.settings.get(key) / .put(key, value)
        return isinstance(func.value, ast.Attribute) and func.value.attr == "settings"
    if func.attr not in KEY_FUNCTIONS:
        return False
    return isinstance(func.value, ast.Name) and func.value.id in REGISTRY_NAMES


def _calls(node: ast.AST, function: str) -> Iterator[tuple[str, ast.Call]]:
    """Every call under NODE with the name of the function it is in."""
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
        if isinstance(child, ast.Call):
            yield function, child
        yield from _calls(child, inner)


def _uses() -> tuple[list[tuple[str, int, str]], list[tuple[str, int]]]:
    """(file, line, key) for every settings key in the code, and (file, line) of keys that are computed."""
    keys, computed = [], []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if relative == "prakerja_desktop/settings_registry.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        constants = _module_strings(tree)
        for name, call in _calls(tree, ""):
            if _is_key_call(call):
                args = [a for a in call.args if not (isinstance(a, ast.Name) and a.id in ("session", "connection"))]
                key = _key_of(args[0], constants) if args else None
                if key is None and name not in PASS_THROUGH:
                    computed.append((relative, call.lineno))
                elif key is not None:
                    keys.append((relative, call.lineno, key))
        for node in tree.body:  # NAME_KEYS = {...} / (...) tables of keys
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("_KEYS")
                                                     for t in node.targets):
                values = node.value.values if isinstance(node.value, ast.Dict) else getattr(node.value, "elts", [])
                keys += [(relative, v.lineno, v.value) for v in values
                         if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return keys, computed


def _declared(key: str) -> bool:
    try:
        registry.spec(key.replace("…", "x"))
    except UnknownSetting:
        return False
    return True


def test_every_settings_key_in_the_code_is_declared() -> None:
    keys, computed = _uses()
    assert len(keys) > 40  # the walk finds the uses (kiosk, backups, office form, sync keys, …)
    assert {k for _, _, k in keys} >= {"kiosk_pin_hash", "backup_keep", "office_language", "sync_hlc_last:…",
                                       "onscreen_keyboard", "office_timezone", "retention_last_purge_at"}
    assert [(f, line, k) for f, line, k in keys if not _declared(k)] == []
    assert computed == [], "a settings key must be spelled out where it is used, so this test can check it"


def test_only_the_registry_touches_the_settings_table() -> None:
    offenders = []
    for path in _sources():
        relative = path.relative_to(ROOT).as_posix()
        if relative in ("prakerja_desktop/settings_registry.py", "prakerja_desktop/storage/settings_store.py"):
            continue
        text = path.read_text("utf-8")
        if "settings_store" in text or "FROM settings" in text:
            offenders.append(relative)
    assert offenders == []


def test_an_unknown_key_fails_loudly(app: App) -> None:
    with pytest.raises(UnknownSetting):
        registry.spec("kiosk_idle_second")
    with pytest.raises(UnknownSetting):
        app.settings.get("ofice_name")
    with pytest.raises(UnknownSetting):
        app.settings.put("backup_kep", 3)
    with pytest.raises(UnknownSetting):
        registry.spec("sync_hlc_last:")  # a family needs its device part


@pytest.mark.parametrize(("key", "bad"), [("staff_idle_minutes", 0), ("staff_idle_minutes", 241),
                                          ("kiosk_idle_seconds", 29), ("backup_keep", 366),
                                          ("backup_every_hours", -1), ("retention_months", 10_000),
                                          ("staff_idle_minutes", "ten"), ("kiosk_enabled", "perhaps"),
                                          ("office_timezone", "GMT"), ("receipt_layout", "a5"),
                                          ("backup_daily_at", "25:00"), ("office_name", 7)])
def test_a_write_out_of_bounds_or_of_the_wrong_type_is_refused(app: App, key: str, bad: object) -> None:
    with pytest.raises(UserInputError):
        app.settings.put(key, bad)
    assert app.settings.get(key) == registry.spec(key).default_value()  # nothing was stored


def test_a_bad_stored_value_falls_back_to_the_default_and_the_log_hides_it(
        app: App, caplog: pytest.LogCaptureFixture) -> None:
    with app.db.write() as session:  # as if edited by hand or left by an old version
        settings_store.put(session, "kiosk_idle_seconds", 5)
        settings_store.put(session, "office_timezone", "Asia/Secret-Zone")
        settings_store.put(session, "backup_last_at", "yesterday-ish")
    with caplog.at_level(logging.WARNING, logger="prakerja_desktop.settings_registry"):
        assert app.settings.get("kiosk_idle_seconds") == 90
        assert app.settings.get("office_timezone") == "WIB"
        assert app.settings.get("backup_last_at") is None
    assert len(caplog.records) == 3
    assert all("kiosk_idle_seconds" in r.getMessage() or "office_timezone" in r.getMessage()
               or "backup_last_at" in r.getMessage() for r in caplog.records)
    assert "Secret-Zone" not in caplog.text and "yesterday" not in caplog.text and " 5 " not in caplog.text


def test_values_come_back_in_their_declared_types(app: App) -> None:
    app.settings.put("backup_daily_at", time(17, 30))
    app.settings.put("backup_every_hours", 6)
    app.settings.put("kiosk_enabled", True)
    app.settings.put("office_timezone", "wita")
    app.settings.put("backup_last_at", datetime(2026, 1, 2, 3, 4))
    assert app.settings.get("backup_daily_at") == time(17, 30)
    assert app.settings.get("backup_every_hours") == 6.0 and isinstance(app.settings.get("backup_every_hours"), float)
    assert app.settings.get("kiosk_enabled") is True
    assert app.settings.get("office_timezone") == "WITA"
    assert app.settings.get("backup_last_at") == datetime(2026, 1, 2, 3, 4)
    with app.db.read() as session:  # stored as plain JSON: "HH:MM" and ISO text
        assert settings_store.get(session, "backup_daily_at") == "17:30"
        assert settings_store.get(session, "backup_last_at") == "2026-01-02T03:04:00"


def test_the_declarations_agree_with_the_code_that_uses_them() -> None:
    assert registry.spec("office_timezone").allowed() == tuple(TIMEZONES)
    assert registry.spec("receipt_layout").allowed() == tuple(LAYOUTS)
    assert registry.spec("retention_months").bounds()[1] == registry.spec("retention_months").default_value()
    assert registry.spec("onscreen_keyboard").scope is Scope.THIS_PC
    assert registry.spec("onscreen_keyboard").env == "PRAKERJA_ONSCREEN_KEYBOARD"
    assert registry.spec("sync_hlc_last:" + "ab" * 16).scope is Scope.THIS_PC


def test_the_settings_screen_sees_labels_and_never_internal_settings() -> None:
    shown = registry.shown()
    assert {"office_name", "staff_idle_minutes", "kiosk_idle_seconds", "backup_keep"} <= {s.key for s in shown}
    assert not {s.key for s in shown} & {"kiosk_pin_hash", "office_signing_key", "backup_last_at",
                                         "kiosk_pin_failures", "sync_device_keys:"}
    assert all(s.label for s in shown)
    for setting in registry.SETTINGS.values():  # key material is never a setting a person sees
        if setting.kind in (Kind.SECRET, Kind.RECORD, Kind.RAW):
            assert setting.internal, setting.key
    with using("en"):
        assert registry.spec("staff_idle_minutes").title != registry.spec("staff_idle_minutes").label


def test_the_environment_overrides_this_pcs_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAKERJA_ONSCREEN_KEYBOARD", "yes")
    assert registry.env_override("onscreen_keyboard") is True
    monkeypatch.setenv("PRAKERJA_ONSCREEN_KEYBOARD", "0")
    assert registry.env_override("onscreen_keyboard") is False
    monkeypatch.delenv("PRAKERJA_ONSCREEN_KEYBOARD")
    assert registry.env_override("onscreen_keyboard") is None
    assert registry.env_override("office_name") is None  # no variable declared


@pytest.fixture
def scratch_setting() -> Iterator[str]:
    """A setting declared the way a new one would be, removed afterwards."""
    registry.declare("receipt_copies", Kind.INT, 1, N_("Jumlah salinan tanda terima"), minimum=1, maximum=3)
    yield "receipt_copies"
    del registry.SETTINGS["receipt_copies"]


def test_a_new_setting_is_one_declaration(app: App, scratch_setting: str) -> None:
    assert app.settings.get(scratch_setting) == 1
    app.settings.put(scratch_setting, 2)
    assert app.settings.get(scratch_setting) == 2
    with pytest.raises(UserInputError):
        app.settings.put(scratch_setting, 4)
    assert scratch_setting in {s.key for s in registry.shown()}
    with pytest.raises(ValueError, match="declared twice"):
        registry.declare(scratch_setting, Kind.INT, 1)
