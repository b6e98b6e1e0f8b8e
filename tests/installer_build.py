"""One installer build per test run, shared by tests/test_installer.py and tests/test_clean_root.py, and
the skip-or-fail rule both use for what a machine lacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from prakerja_desktop import __version__
from tests.conftest import ROOT

BUILD_SCRIPT = ROOT / "installer" / "build.py"
REPORT = ROOT / "build" / "installer-report.json"
BUILD_TIMEOUT_S = 30 * 60
_built: list[dict[str, Any]] = []
ON_CI = os.environ.get("CI", "").lower() == "true"


def need(available: bool, reason: str) -> None:
    """Skip with the reason on a developer machine; under CI a missing component is a failure."""
    if available:
        return
    if ON_CI:
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


def build_once() -> dict[str, Any]:
    """Run `installer/build.py` (with the .deb where dpkg-deb exists) the first time; its report."""
    if _built:
        return _built[0]
    with_deb = shutil.which("dpkg-deb") is not None
    command = [sys.executable, str(BUILD_SCRIPT)] + ([] if with_deb else ["--no-deb"])
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
                            check=False)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    _built.append(json.loads(REPORT.read_text(encoding="utf-8")))
    return _built[0]


def relabelled(package: Path, work: Path, version: str) -> Path:
    """The same package under another version number (a newer or a previous build, for an upgrade)."""
    tree = work / "relabel"
    subprocess.run(["dpkg-deb", "-R", str(package), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    control.write_text(control.read_text().replace(f"Version: {__version__}\n", f"Version: {version}\n"))
    out = work / f"prakerja-desktop_{version}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Znone", "--build", str(tree), str(out)], check=True,
                   capture_output=True)
    shutil.rmtree(tree)
    return out
