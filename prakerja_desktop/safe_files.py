"""Careful file work for every file the app owns: atomic writes, exclusive creation, durable renames.

A write goes to a temporary name in the same folder, is flushed to the disk (fsync), renamed over the
final name and the folder is flushed too, so a crash leaves the old file or the new one, never half.
On POSIX new files are 0600 and the app's folders 0700 (docs/security.md says what Windows does).

Test hook: with PRAKERJA_FAULT_AT=N the process ends at once (os._exit) at the N-th file operation
that goes through `fault_point`, as a power cut would; PRAKERJA_FAULT_TRACE names a file that gets one
line per operation (tests/test_fault_injection.py kills every key, backup, restore and rotation path).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

FAULT_AT_ENV = "PRAKERJA_FAULT_AT"
FAULT_TRACE_ENV = "PRAKERJA_FAULT_TRACE"
FAULT_EXIT_CODE = 86
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_operations = 0


def fault_point(label: str) -> None:
    """Count one file operation; the test hook ends the process here when it is the chosen one."""
    global _operations
    limit = os.environ.get(FAULT_AT_ENV)
    trace = os.environ.get(FAULT_TRACE_ENV)
    if not limit and not trace:
        return
    _operations += 1
    if trace:
        with open(trace, "a", encoding="utf-8") as handle:
            handle.write(f"{_operations} {label}\n")
    if limit and _operations == int(limit):
        os._exit(FAULT_EXIT_CODE)


def fsync_folder(folder: Path) -> None:
    """Make a rename in FOLDER durable (POSIX; Windows has no directory handles for this)."""
    if os.name == "nt":
        return
    fault_point(f"fsync-folder {folder.name}")
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    fault_point(f"fsync {path.name}")
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _write_temp(final: Path, data: bytes) -> Path:
    """DATA in a new 0600 file beside FINAL, flushed to the disk; returns its name."""
    temp = final.with_name(f".{final.name}.part-{os.getpid()}")
    temp.unlink(missing_ok=True)  # our own leftover from an earlier attempt in this process
    fault_point(f"create {temp.name}")
    handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        fault_point(f"write {temp.name}")
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        fault_point(f"fsync {temp.name}")
        os.fsync(handle)
    except BaseException:
        os.close(handle)
        temp.unlink(missing_ok=True)
        raise
    os.close(handle)
    return temp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace PATH with DATA atomically and durably (a crash leaves the old or the new file)."""
    temp = _write_temp(path, data)
    try:
        replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def create_exclusive(path: Path, data: bytes) -> bool:
    """Create PATH with DATA, complete or not at all, never over an existing file (False if it exists)."""
    temp = _write_temp(path, data)
    try:
        fault_point(f"link {path.name}")
        os.link(temp, path)  # fails if the name exists: the first writer wins, nobody overwrites
    except FileExistsError:
        return False
    finally:
        temp.unlink(missing_ok=True)
    fsync_folder(path.parent)
    return True


def replace(source: Path, target: Path) -> None:
    """Rename SOURCE over TARGET and make the rename durable."""
    fault_point(f"rename {source.name} -> {target.name}")
    os.replace(source, target)
    fsync_folder(target.parent)


def remove(path: Path) -> bool:
    """Delete a file if it is there (True if it was); a failure is logged, not raised."""
    fault_point(f"unlink {path.name}")
    try:
        path.unlink()
        return True
    except FileNotFoundError:
        return False
    except OSError as exc:
        logger.warning("could not remove %s: %s", path.name, exc.strerror)
        return False


def secure_folder(folder: Path) -> Path:
    """Make FOLDER (and missing parents) and, on POSIX, let only this user in (0700)."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if os.name != "nt":
        try:
            if stat.S_IMODE(folder.stat().st_mode) != FOLDER_MODE:
                folder.chmod(FOLDER_MODE)
        except OSError as exc:  # not our folder (a shared mount): the files inside are still 0600
            logger.warning("could not restrict folder %s: %s", folder.name, exc.strerror)
    return folder


def secure_files(folder: Path) -> None:
    """On POSIX, make the files directly in FOLDER readable by this user only (0600)."""
    if os.name == "nt":
        return
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        try:
            info = entry.lstat()
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                entry.chmod(stat.S_IMODE(info.st_mode) & 0o700)
        except OSError as exc:
            logger.warning("could not restrict %s: %s", entry.name, exc.strerror)


_user_umask: int | None = None  # the umask this process started with (before private_umask)


def private_umask() -> None:
    """New files of this process are 0600 and new folders 0700 on POSIX (database, logs, backups)."""
    global _user_umask
    if os.name != "nt":
        previous = os.umask(0o077)
        if _user_umask is None:
            _user_umask = previous


def shareable(path: Path) -> None:
    """Give a file saved where the user chose the user's usual permissions (their umask; often 0644).

    For what is meant to be printed or handed on and holds no list of people: a receipt or checklist
    (NIK masked), the office report (counts only). Lists of people (record export, waiting list,
    batch-check results) are left 0600. Windows: nothing to do (the folder's permissions apply).
    """
    if os.name == "nt":
        return
    usual = _user_umask if _user_umask is not None else _current_umask()
    if usual == 0o077:
        return
    try:
        path.chmod(0o666 & ~usual)
    except OSError as exc:  # a FAT stick has no permissions: nothing to open up
        logger.debug("could not set permissions of %s: %s", path.name, exc.strerror)


def _current_umask() -> int:
    """The process umask (read by setting it and back: Python has no getter before 3.12's os.umask)."""
    value = os.umask(0o077)
    os.umask(value)
    return value


def readable_by_others(path: Path) -> bool:
    """True on POSIX when group or others may read or write PATH."""
    if os.name == "nt":
        return False
    return bool(stat.S_IMODE(path.stat().st_mode) & 0o066)
