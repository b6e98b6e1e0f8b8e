"""A minimal clean Debian root made from the archive (mmdebstrap), to install the .deb in with apt.

The base root (Debian's `apt` variant: essential packages and apt, nothing of the desktop) is made once and
cached as build/clean-root/<suite>-apt.tar: build/ is not in git, so a CI run (a fresh clone) makes it once
and reuses it; a developer deletes it to start over. Each use unpacks it into a fresh folder, mounts /proc,
/dev and the X11 socket folder (Xvfb runs outside, so none of its libraries are in the root), runs
commands there with chroot and unmounts everything again. Needs root, mmdebstrap and the Debian archive.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import ROOT

SUITE = "bookworm"
# The archive this machine reaches (the same suites as its own apt sources).
MIRRORS = (f"deb http://deb.debian.org/debian {SUITE} main",
           f"deb http://deb.debian.org/debian {SUITE}-updates main",
           f"deb http://deb.debian.org/debian-security {SUITE}-security main")
CACHE = ROOT / "build" / "clean-root" / f"{SUITE}-apt.tar"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def base_tarball(timeout: int = 30 * 60) -> tuple[Path, bool]:
    """The cached base root tarball, made first if needed; (path, whether it was made now)."""
    if CACHE.is_file():
        return CACHE, False
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    partial = CACHE.with_suffix(".partial.tar")
    partial.unlink(missing_ok=True)
    # force-unsafe-io: no fsync per file (a throw-away root); the package lists stay in the tarball so
    # each use needs no `apt-get update` (the tarball lives for one CI run only).
    command = ["mmdebstrap", "--quiet", "--mode=root", "--variant=apt", "--dpkgopt=force-unsafe-io",
               '--aptopt=Acquire::Languages "none"', "--skip=cleanup/apt/lists", SUITE, str(partial), *MIRRORS]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"mmdebstrap failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    partial.rename(CACHE)
    return CACHE, True


class CleanRoot:
    """An unpacked clean root with /proc, /dev and /tmp/.X11-unix mounted; close() undoes it all."""

    def __init__(self, folder: Path) -> None:
        self.path = folder
        self._mounts: list[Path] = []

    def open(self, tarball: Path) -> CleanRoot:
        """Unpack the tarball and mount what programs inside need."""
        self.path.mkdir(parents=True)
        subprocess.run(["tar", "-xf", str(tarball), "-C", str(self.path)], check=True)
        shutil.copyfile("/etc/resolv.conf", self.path / "etc" / "resolv.conf")  # apt reaches the archive
        self._mount(["-t", "proc", "proc"], "proc")
        self._mount(["--rbind", "/dev"], "dev")
        # Unmounting the copy must never reach the machine's own /dev (shared mount propagation).
        subprocess.run(["mount", "--make-rslave", str(self.path / "dev")], check=True)
        Path("/tmp/.X11-unix").mkdir(mode=0o1777, exist_ok=True)
        self._mount(["--bind", "/tmp/.X11-unix"], "tmp/.X11-unix")
        return self

    def _mount(self, options: list[str], inside: str) -> None:
        target = self.path / inside
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", *options, str(target)], check=True)
        self._mounts.append(target)

    def run(self, command: str, env: dict[str, str] | None = None, timeout: int = 900,
            ) -> subprocess.CompletedProcess[str]:
        """`sh -c COMMAND` inside the root, as root, with a bare environment plus ENV; stdin is closed
        (a question from a maintainer script would fail the command instead of waiting)."""
        environment = {"PATH": PATH, "HOME": "/root", "LANG": "C.UTF-8", **(env or {})}
        argv = ["chroot", str(self.path), "/usr/bin/env", "-i",
                *(f"{key}={value}" for key, value in environment.items()), "/bin/sh", "-c", command]
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              check=False)

    def processes(self) -> list[int]:
        """Processes whose root is this root (e.g. a speech-dispatcher daemon started inside)."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.readlink(entry / "root") == str(self.path):
                        found.append(int(entry.name))
                except OSError:
                    continue
        return found

    def close(self) -> None:
        """End what still runs inside, unmount, delete the root."""
        for pid in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.2)
        for target in reversed(self._mounts):
            subprocess.run(["umount", "-R", str(target)], check=False, capture_output=True)
            if os.path.ismount(target):
                subprocess.run(["umount", "-R", "-l", str(target)], check=False, capture_output=True)
        self._mounts.clear()
        if not any(os.path.ismount(p) for p in (self.path / "proc", self.path / "dev", self.path / "tmp/.X11-unix")):
            shutil.rmtree(self.path, ignore_errors=True)
