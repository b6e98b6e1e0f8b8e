"""The rare segmentation fault of whole-suite GUI runs (issue 20): garbage collected on the worker.

Python's collector runs in whatever thread crosses a threshold; a cycle through a Qt wrapper collected
on the database worker destroys a widget off the GUI thread. ui/gc_guard.py moves every collection to
the GUI thread; these tests reproduce the hazard without it and show it gone with it.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from tests.conftest import ROOT
from ui import gc_guard

CHILD = ROOT / "tests" / "gc_stress_child.py"


def run_child(mode: str, rounds: int) -> subprocess.CompletedProcess[str]:
    """The stress child in a fresh interpreter (a crash there must not take the test run down)."""
    return subprocess.run([sys.executable, str(CHILD), mode, str(rounds)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


@pytest.mark.slow
def test_without_the_guard_the_worker_collects_qt_garbage_and_with_it_never() -> None:
    bare = run_child("noguard", 1500)
    # Before the fix: collections start on the other thread, and often the process dies (SIGSEGV).
    assert bare.returncode != 0 or int(bare.stdout.split()[-1]) > 0, (bare.returncode, bare.stdout)
    guarded = run_child("guard", 3000)
    assert guarded.returncode == 0, guarded.stderr[-2000:]
    assert guarded.stdout.split() == ["worker-collections", "0"]


def test_the_worker_never_collects_and_the_gui_thread_does(qtbot, tasks) -> None:  # type: ignore[no-untyped-def]
    starts: list[bool] = []  # True: on the GUI thread

    def watch(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            starts.append(threading.current_thread() is threading.main_thread())

    def churn() -> int:
        for _ in range(300):
            junk = [[{} for _ in range(50)] for _ in range(100)]
            for item in junk:
                item.append(item)
        return 1

    gc.callbacks.append(watch)
    try:
        done: list[int] = []
        tasks.submit(churn, done.append)  # the worker allocates far past every threshold
        for _ in range(200):
            widget = QWidget()
            QLabel("x", widget)
            widget.me = widget  # type: ignore[attr-defined]
            del widget
        qtbot.waitUntil(lambda: bool(done), timeout=60_000)
        qtbot.wait(2 * gc_guard.INTERVAL_MS + 50)  # the GUI thread's timer collects what piled up
    finally:
        gc.callbacks.remove(watch)
    assert not gc.isenabled()
    assert starts, "nothing was collected at all: the timer does not run"
    assert all(starts), f"{starts.count(False)} collections started on the worker thread"
