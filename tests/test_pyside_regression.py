"""PySide6 6.12.0 on Python 3.11 loses a reference to None on every void call and aborts.

The dependency spec must exclude that pair, and the installed PySide6 must survive many void calls.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

VOID_CALLS = 20_000  # the bug aborted the interpreter after about 2,000

CHILD = f"""
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for i in range({VOID_CALLS}):
    label.setText("x")
    label.setEnabled(True)
after = sys.getrefcount(None)
print(before - after)
"""


def pyside_requirements() -> list[Requirement]:
    """The PySide6 requirements declared in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"] if text.lower().startswith("pyside6")]


def allowed(version: str, python: str) -> bool:
    """Whether the spec lets pip install PySide6-Essentials `version` on Python `python`."""
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    applicable = [r for r in pyside_requirements() if r.marker is None or r.marker.evaluate(environment)]
    assert applicable, f"no PySide6 requirement applies to Python {python}"
    return all(r.specifier.contains(Version(version), prereleases=True) for r in applicable)


def test_spec_excludes_the_broken_pair() -> None:
    assert not allowed("6.12.0", "3.11")
    assert allowed("6.11.3", "3.11")
    assert allowed("6.12.0", "3.12")
    assert allowed("6.12.0", "3.13")


def test_spec_uses_essentials_not_the_meta_package() -> None:
    names = {r.name.lower() for r in pyside_requirements()}
    assert names == {"pyside6-essentials", "pyside6-addons"}


def test_many_void_calls_keep_none_alive() -> None:
    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120,
                           env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert child.returncode == 0, child.stderr[-2000:]
    assert "none_dealloc" not in child.stderr
    lost = int(child.stdout.strip().splitlines()[-1])
    # A handful of references may move around; the bug loses one per call (tens of thousands).
    assert lost < 100, f"None lost {lost} references over {VOID_CALLS} void calls"
