"""Child process for tests/test_gc_guard.py: Qt widget cycles made on the GUI thread while a second
thread allocates cyclic garbage. Without the guard the collector runs on that thread and destroys the
widgets there (a segmentation fault, usually within a few thousand rounds); with it, never.

    python tests/gc_stress_child.py guard|noguard ROUNDS
prints "worker-collections N" (collections that started on the other thread).
"""

from __future__ import annotations

import faulthandler
import gc
import os
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget  # noqa: E402


def main() -> int:
    """Run the rounds; print how many collections started off the GUI thread."""
    faulthandler.enable()
    mode, rounds = sys.argv[1], int(sys.argv[2])
    app = QApplication([])
    if mode == "guard":
        from ui import gc_guard

        gc_guard.install()
    off_gui: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and threading.current_thread() is not threading.main_thread():
            off_gui.append(info["generation"])

    gc.callbacks.append(watch)
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            junk = [[{} for _ in range(50)] for _ in range(200)]
            for item in junk:
                item.append(item)  # cycles: only the collector frees them
            time.sleep(0)

    worker = threading.Thread(target=churn)
    worker.start()
    for _ in range(rounds):
        widget = QWidget()
        layout = QVBoxLayout(widget)
        for k in range(5):
            layout.addWidget(QLabel(f"baris {k}", widget))
        QTimer(widget).start(1000)
        widget.me = widget  # type: ignore[attr-defined]  # a cycle through the wrapper
        del widget, layout
        app.processEvents()
    stop.set()
    worker.join()
    print(f"worker-collections {len(off_gui)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
