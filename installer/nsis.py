"""Check on Linux that the Windows installer script compiles (makensis, Debian package "nsis").

The real setup.exe is built on Windows from the Windows bundle (installer/windows/README.md). Here
makensis compiles the same script against a small stand-in for dist/PrakerjaDesktop, with warnings
treated as errors, so a broken script is caught before anyone is at a Windows machine.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

NSI = Path(__file__).resolve().parent / "windows" / "prakerja.nsi"


def makensis() -> str | None:
    """The makensis program, if installed."""
    return shutil.which("makensis")


def compile_check(version: str, work: Path) -> Path:
    """Compile prakerja.nsi against a stand-in bundle under `work`; returns the setup.exe written.

    Raises RuntimeError with makensis' output when the script does not compile.
    """
    program = makensis()
    if program is None:
        raise RuntimeError("makensis is not installed (Debian/Ubuntu: apt-get install nsis)")
    if work.exists():
        shutil.rmtree(work)
    stand_in = work / "PrakerjaDesktop"
    (stand_in / "_internal" / "resources").mkdir(parents=True)
    (stand_in / "PrakerjaDesktop.exe").write_bytes(b"MZ stand-in for the PyInstaller executable\n")
    (stand_in / "_internal" / "resources" / "README.txt").write_text("stand-in bundle for a compile check\n")
    setup = work / f"PrakerjaDesktop-{version}-check-setup.exe"
    # -WX: warnings are errors; -V2: warnings and errors only. makensis runs in the script's folder,
    # so the relative paths inside (icons) resolve as they do on Windows.
    result = subprocess.run(
        [program, "-WX", "-V2", f"-DVERSION={version}", f"-DSOURCE_DIR={stand_in}", f"-DOUTFILE={setup}",
         str(NSI)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0 or not setup.is_file():
        raise RuntimeError(f"makensis failed (exit {result.returncode}):\n{result.stdout}{result.stderr}")
    return setup
