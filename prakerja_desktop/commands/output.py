"""Output files and folders named on the command line: checked before any work, and write errors in words.

A command module lists its output arguments (`OUTPUT_FILES = ("out",)`, `OUTPUT_FOLDERS = ("to",)`);
main.py checks them before the command runs and turns an OS error while writing them into
UnwritableOutput: exit 3 with one plain line, never a traceback (README, docs/security.md).
A device node (/dev/sda) or a symbolic link is refused as an output: the app writes only regular
files it creates or replaces itself, never through a link to somewhere else.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from prakerja_desktop.errors import EnvironmentProblem, ProblemKind
from prakerja_desktop.i18n import _

NAME_MAX = 255  # bytes in one file name on every file system we support
# The OS errors that mean "this output cannot be written there" (not a bug of ours).
OUTPUT_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.EIO,
                           errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENXIO,
                           errno.ENODEV, errno.ELOOP, errno.EEXIST})


class UnwritableOutput(EnvironmentProblem):
    """An output file or folder named by the person cannot be written; the message says why."""

    def __init__(self, path: Path, reason: str, detail: str = "") -> None:
        kind = ProblemKind.DISK_FULL if detail == "ENOSPC" else ProblemKind.READ_ONLY
        super().__init__(kind, detail or "output", _("berkas {path} tidak bisa ditulis: {reason}.").format(
            path=path, reason=reason))
        self.path = path


def reason_for(exc: OSError) -> str:
    """Why an OS error stopped a write, in plain words."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("penyimpanan penuh")
    if code in (errno.EACCES, errno.EPERM):
        return _("tidak ada izin menulis di folder itu")
    if code == errno.EROFS:
        return _("penyimpanannya hanya bisa dibaca")
    if code == errno.EISDIR:
        return _("itu sebuah folder; sebutkan nama berkas, misalnya tanda-terima.pdf")
    if code == errno.ENOENT:
        return _("foldernya tidak ada")
    if code == errno.ENOTDIR:
        return _("ada berkas biasa, bukan folder, di jalurnya")
    if code == errno.ENAMETOOLONG:
        return _("namanya terlalu panjang")
    if code in (errno.EIO, errno.ENXIO, errno.ENODEV):
        return _("penyimpanannya tidak bisa ditulis (flashdisk dicabut atau rusak?)")
    return exc.strerror or type(exc).__name__


def _error(code: int, path: Path) -> OSError:
    return OSError(code, os.strerror(code), str(path))


def _refuse(path: Path, exc: OSError) -> UnwritableOutput:
    return UnwritableOutput(path, reason_for(exc), errno.errorcode.get(exc.errno or 0, "unknown"))


def _check_parent(path: Path, *, must_exist: bool = True) -> None:
    """The folder that will hold PATH exists, is a folder, and can be written."""
    for part in path.parents:
        if part.exists() or part.is_symlink():
            if not part.is_dir():
                raise _refuse(path, _error(errno.ENOTDIR, path))
            if not os.access(part, os.W_OK | os.X_OK):
                raise _refuse(path, _error(errno.EACCES, path))
            if must_exist and part != path.parent:
                raise _refuse(path, _error(errno.ENOENT, path))
            return


def check_file(path: Path) -> None:
    """Refuse, before any work, an output file that cannot be a regular file written there."""
    path = Path(path)
    if any(len(os.fsencode(p)) > NAME_MAX for p in path.parts):
        raise _refuse(path, _error(errno.ENAMETOOLONG, path))
    if path.is_symlink():
        raise UnwritableOutput(path, _("itu tautan (symlink) ke tempat lain; sebutkan berkas biasa"), "symlink")
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):  # each command's own answer stands (report: a wrong argument, 2; others 3)
            return
        if not stat.S_ISREG(mode):
            raise UnwritableOutput(path, _("itu bukan berkas biasa (perangkat atau pipa); sebutkan nama berkas"),
                                   "not a regular file")
    _check_parent(path.absolute())


def check_folder(path: Path) -> None:
    """Refuse, before any work, an output folder that cannot be made or written (a link to a folder is fine)."""
    path = Path(path)
    if any(len(os.fsencode(p)) > NAME_MAX for p in path.parts):
        raise _refuse(path, _error(errno.ENAMETOOLONG, path))
    if path.exists():
        if not path.is_dir():
            raise _refuse(path, _error(errno.ENOTDIR, path))
        if not os.access(path, os.W_OK | os.X_OK):
            raise _refuse(path, _error(errno.EACCES, path))
        return
    _check_parent(path.absolute() / "x", must_exist=False)


def outputs(module: ModuleType, args: argparse.Namespace) -> tuple[list[Path], list[Path]]:
    """The output files and folders this command invocation names."""
    files = [Path(v) for name in getattr(module, "OUTPUT_FILES", ()) if (v := getattr(args, name, None))]
    folders = [Path(v) for name in getattr(module, "OUTPUT_FOLDERS", ()) if (v := getattr(args, name, None))]
    return files, folders


@contextmanager
def writing(module: ModuleType, args: argparse.Namespace) -> Iterator[None]:
    """Check the command's outputs first; an OS error on one of them while it runs is UnwritableOutput."""
    files, folders = outputs(module, args)
    for path in files:
        check_file(path)
    for path in folders:
        check_folder(path)
    try:
        yield
    except OSError as exc:
        target = _which(exc, [*files, *folders])
        if target is None or exc.errno not in OUTPUT_ERRNOS:
            raise
        raise _refuse(target, exc) from exc


def _which(exc: OSError, paths: list[Path]) -> Path | None:
    """The output an OS error is about: named in the error, or the only one (EIO names no file)."""
    if not paths:
        return None
    for name in (exc.filename, exc.filename2):
        if name is None:
            continue
        failed = Path(os.fsdecode(name)).absolute()
        for path in paths:
            whole = path.absolute()
            if failed == whole or whole in failed.parents or (
                    failed.parent == whole.parent and whole.stem in failed.name):  # its temp file
                return path
        return None  # another file (an input, the database): not ours to explain
    return paths[0] if len(paths) == 1 else None
