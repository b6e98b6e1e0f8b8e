"""Set up everything a developer needs, then start the app or run the tests.

    python3 dev.py run   [main.py arguments]    make .venv if needed, then start the app
    python3 dev.py test  [pytest arguments]     make .venv if needed, then run the test suite
    python3 dev.py lint                         make .venv if needed, then run ruff and mypy (the gates)

Only Python 3.11+ with pip is needed: the first run creates .venv and installs the project with
its test tools; later runs reinstall only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".prakerja-installed"
USAGE = "usage: python3 dev.py run [ARGS...] | python3 dev.py test [PYTEST ARGS...] | python3 dev.py lint"


def venv_python() -> Path:
    """The virtual environment's interpreter."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def lint(python: Path) -> int:
    """Run ruff (what pyproject.toml's [tool.ruff] names), then mypy on the core; 0 when both pass."""
    ruff = subprocess.call([str(python), "-m", "ruff", "check"], cwd=ROOT)
    mypy = subprocess.call([str(python), "-m", "mypy"], cwd=ROOT)
    return ruff or mypy


def ensure_environment() -> Path:
    """Create .venv and install the project with its test extra when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on whatever python3 the machine has
        sys.exit(f"Prakerja Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if not python.exists():
        print("dev.py: creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("dev.py: installing dependencies (first run or pyproject.toml changed) …", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                        "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                        "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    """Dispatch `run`, `test` or `lint`."""
    if not argv or argv[0] not in ("run", "test", "lint"):
        print(USAGE, file=sys.stderr)
        return 2
    python = ensure_environment()
    if argv[0] == "lint":
        return lint(python)
    if argv[0] == "run":
        command = [str(python), str(ROOT / "main.py"), *argv[1:]]
    else:
        command = [str(python), "-m", "pytest", *argv[1:]]
    return subprocess.call(command, cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
