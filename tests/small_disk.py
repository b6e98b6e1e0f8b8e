"""A small real filesystem for disk-full and read-only tests: an ext4 image on a loop device, else tmpfs.

Mounting needs root and a sandbox that allows the mount system call; where it is not possible the
fixture skips and says why.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

SIZE_MB = 8


class SmallDisk:
    """A mounted filesystem of a few megabytes that can be filled and made read-only."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind  # "ext4 loop image" or "tmpfs"
        self.filler = path / "filler.bin"

    def fill(self) -> int:
        """Write a filler file until the disk is full; returns how many bytes it took."""
        written = 0
        with self.filler.open("ab", buffering=0) as handle:
            for size in (1 << 20, 1 << 16, 4096, 512, 64, 1):
                chunk = b"\0" * size
                while True:
                    try:
                        count = handle.write(chunk)
                    except OSError as exc:
                        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                            raise
                        break
                    written += count or 0
                    if not count:
                        break
        return written

    def free(self) -> None:
        """Remove the filler."""
        self.filler.unlink(missing_ok=True)

    def read_only(self, on: bool) -> None:
        """Remount read-only or read-write (nothing may have a file open for writing)."""
        _run(["mount", "-o", f"remount,{'ro' if on else 'rw'}", str(self.path)])


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise OSError(f"{' '.join(command[:2])}: {result.stderr.strip() or result.returncode}")


def _try_ext4(image: Path, mount_point: Path) -> None:
    if shutil.which("mkfs.ext4") is None:
        raise OSError("mkfs.ext4 is not installed")
    with image.open("wb") as handle:
        handle.truncate(SIZE_MB << 20)
    _run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)])
    _run(["mount", "-o", "loop", str(image), str(mount_point)])


def _try_tmpfs(mount_point: Path) -> None:
    _run(["mount", "-t", "tmpfs", "-o", f"size={SIZE_MB}m", "tmpfs", str(mount_point)])


# Named *_fixture so a test's `small_disk` parameter does not shadow the import (ruff F811).
@pytest.fixture(name="small_disk")
def small_disk_fixture(tmp_path: Path) -> Iterator[SmallDisk]:
    """A freshly mounted small filesystem, unmounted afterwards; skips with the reason if impossible."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip(reason="mounting a small filesystem needs root on Linux; the read-only file test still runs")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    reasons = []
    kind = None
    for name, attempt in (("ext4 loop image", lambda: _try_ext4(tmp_path / "disk.img", mount_point)),
                          ("tmpfs", lambda: _try_tmpfs(mount_point))):
        try:
            attempt()
            kind = name
            break
        except OSError as exc:
            reasons.append(f"{name}: {exc}")
    if kind is None:
        pytest.skip("cannot mount a small filesystem in this sandbox (" + "; ".join(reasons) + ")")
    try:
        yield SmallDisk(mount_point, kind)
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=60)
