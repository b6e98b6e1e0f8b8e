"""Start-up to the first screen: Prakerja Desktop vs a bare PySide6 window, each a fresh process.

    python bench/startup.py [--runs N]

Each run starts a new interpreter (imports included, bytecode compiled by a warm-up run) and stops the
clock when the first screen has been painted: for us the wizard's Welcome, ready to be touched. The database opens (and migrates) on
the worker thread meanwhile; the child waits for that too before it exits, so a failure shows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
window = QMainWindow(); window.setCentralWidget(QLabel("Selamat datang")); window.resize(1024, 768)
window.show(); app.processEvents(); window.grab()
print("shown", flush=True)
"""

OURS = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtWidgets import QApplication
from prakerja_desktop.logs import setup_logging
app = QApplication([])
setup_logging(Path({data!r}))
from ui.main_window import MainWindow
window = MainWindow(Path({data!r}))
window.show()
window.first_painted.connect(window.open_app)  # as ui/app.py does
app.processEvents(); window.grab()
assert window.wizard.title_label.text() == "Selamat datang"
print("shown", flush=True)
ready = []
window.app_ready.connect(lambda _s: ready.append(1))
while not ready:
    app.processEvents()
window.close()
"""


def time_child(code: str, pycache: Path) -> float:
    """Seconds from starting a child interpreter until it prints "shown"."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # Bytecode as an installed app has it: compiled once (by the warm-up run) into a folder of the bench's
    # own, never beside the sources. Without it (PYTHONDONTWRITEBYTECODE) every run compiled our ~40
    # modules again while PySide6's came compiled from its wheel.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait(timeout=60)
    if line.strip() != "shown":
        raise RuntimeError(f"child did not reach its first screen (exit {child.returncode})")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    """Alternate bare and ours, report medians and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    bare, ours = [], []
    with tempfile.TemporaryDirectory(prefix="prakerja-startup-") as tmp:
        pycache = Path(tmp) / "pycache"
        time_child(BARE, pycache)  # warm the file cache and compile the bytecode
        time_child(OURS.format(root=str(ROOT), data=str(Path(tmp) / "warm")), pycache)
        for run in range(args.runs):
            bare.append(time_child(BARE, pycache))
            # First run on a fresh data folder (migrations included), later runs on an existing one.
            ours.append(time_child(OURS.format(root=str(ROOT), data=str(Path(tmp) / ("d0" if run else "fresh"))),
                                   pycache))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"{'start-up to first screen':40} {'median s':>9}")
    print(f"{'bare PySide6 window':40} {b:9.3f}")
    print(f"{'Prakerja Desktop (Welcome, db open)':40} {o:9.3f}")
    print(f"ratio {o / b:.2f}×  (target ≤ 1.5×); ours first run on a fresh folder {ours[0]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
