"""The one background-operation helper: owner guard, progress, the default failure display."""

from __future__ import annotations

import ast
import errno
import logging
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from prakerja_desktop.errors import UserInputError
from ui.operations import log_failure, plain_error, run_in_background

pytestmark = pytest.mark.gui

UI = Path(__file__).resolve().parent.parent / "ui"


class _Panel:
    """A progress display that only counts finish() calls."""

    def __init__(self) -> None:
        self.finished = 0

    def finish(self) -> None:
        self.finished += 1


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def _boom() -> None:
    raise RuntimeError("boom 3508204505050001")


def test_the_result_comes_back_to_a_living_owner_and_the_progress_is_finished(qtbot, tasks) -> None:  # type: ignore[no-untyped-def]
    owner, panel, results = QWidget(), _Panel(), []
    qtbot.addWidget(owner)
    run_in_background(tasks, lambda: 6 * 7, results.append, owner=owner, progress=panel)
    qtbot.waitUntil(lambda: results == [42])
    assert panel.finished == 1


def test_a_deleted_owner_gets_no_callback_but_a_failure_is_still_logged(qtbot, tasks, caplog) -> None:  # type: ignore[no-untyped-def]
    owner, results, errors = QWidget(), [], []
    run_in_background(tasks, lambda: 1, results.append, owner=owner)
    run_in_background(tasks, _boom, results.append, errors.append, owner=owner, doing="a gone screen's work")
    shiboken6.delete(owner)  # gone now, before either result can come back (they need the event loop)
    qtbot.waitUntil(lambda: tasks.pending == 0)
    assert results == [] and errors == []
    assert any("a gone screen's work failed" in r.getMessage() for r in caplog.records)


def test_without_a_failure_handler_the_person_sees_a_plain_message_over_the_window(qtbot, tasks, caplog) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    panel = _Panel()
    run_in_background(tasks, _boom, lambda _r: None, owner=window, doing="reading the records", progress=panel)
    qtbot.waitUntil(lambda: bool(_boxes()))
    box = _boxes()[-1]
    assert "kesalahan program" in box.text()
    assert "boom" not in box.text() and "Traceback" not in box.text()
    assert box.parent() is window
    assert panel.finished == 1
    failed = [r for r in caplog.records if "reading the records failed" in r.getMessage()]
    assert failed and failed[0].exc_info is not None  # the traceback goes to the log, not the screen
    box.close()


def test_an_environment_problem_is_explained_not_called_a_bug(caplog) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    message = plain_error(full, "saving")
    assert "penuh" in message.lower()
    assert not any(r.levelno >= logging.ERROR for r in caplog.records)


def test_a_refused_input_says_its_own_reason() -> None:
    assert plain_error(UserInputError("Cadangan ini rusak."), "restoring") == "Cadangan ini rusak."


def test_a_bug_gets_the_callers_apology(caplog) -> None:
    message = plain_error(RuntimeError("x"), "submit", "Data belum tersimpan.")
    assert message == "Data belum tersimpan."
    assert any(r.levelno == logging.ERROR and r.exc_info for r in caplog.records)


def test_log_failure_writes_one_line_and_shows_nothing(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    log_failure("reading the office language")(RuntimeError("x"))
    assert any("reading the office language failed" in r.getMessage() for r in caplog.records)
    assert _boxes() == []


def _calls(tree: ast.AST, name: str) -> int:
    return sum(1 for node in ast.walk(tree) if isinstance(node, ast.Call)
               and getattr(node.func, "id", getattr(node.func, "attr", None)) == name)


def test_the_gui_classifies_failures_in_one_place_and_swallows_none() -> None:
    classifying, swallowing = [], []
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.name != "operations.py" and _calls(tree, "classify"):
            classifying.append(path.name)
        for node in ast.walk(tree):  # a failure callback that drops the exception: lambda _exc: None
            if (isinstance(node, ast.Lambda) and len(node.args.args) == 1
                    and node.args.args[0].arg.lstrip("_") in ("exc", "e", "error")
                    and isinstance(node.body, ast.Constant) and node.body.value is None):
                swallowing.append(path.name)
    assert classifying == []
    assert swallowing == []
