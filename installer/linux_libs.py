"""Linux shared libraries: which come from the system (and so from the .deb's Depends), which are ours.

PyInstaller copies every shared library it finds, system ones included. Libraries that belong to the
desktop (X11/xcb, OpenGL, fontconfig, GLib, D-Bus, CUPS, the C++ runtime) must come from the machine
the program runs on: a copy from the build machine can clash with the running X server, graphics
driver or printing system. They are left out of the bundle and become the .deb's Depends. Everything
else the bundle needs (Python and its libraries, Qt, ICU, OpenSSL) travels inside it.

Needs `objdump` (binutils), which PyInstaller itself needs on Linux.
"""

from __future__ import annotations

import fnmatch
import re
import subprocess
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path, PurePosixPath

# soname pattern -> Debian dependency (alternatives for Ubuntu 24.04's "t64" package names).
SYSTEM_LIBRARIES: dict[str, str] = {
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libdrm.so.2": "libdrm2",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0t64 | libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXext.so.6": "libxext6",
    "libXrender.so.1": "libxrender1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libcups.so.2": "libcups2t64 | libcups2",
    # Qt Multimedia (linked by Qt TextToSpeech, reading aloud) talks to the sound server through libpulse;
    # the speech-dispatcher engine plugin needs libspeechd (the daemon and voices are Recommends).
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
    "libspeechd.so.2": "libspeechd2",
}

# Part of every Debian/Ubuntu system (libc6); the version is worked out from the bundle.
LIBC_LIBRARIES = ("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libresolv.so.2",
                  "libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1")

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination, source, type code)


def system_dependency(soname: str) -> str | None:
    """The Debian dependency that provides soname, if it is a desktop system library."""
    for pattern, package in SYSTEM_LIBRARIES.items():
        if fnmatch.fnmatch(soname, pattern):
            return package
    return None


@cache
def elf_needed(path: str) -> tuple[str, ...]:
    """The DT_NEEDED entries of an ELF file (empty for anything objdump cannot read)."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return tuple(re.findall(r"^\s*NEEDED\s+(\S+)", result.stdout, re.MULTILINE))


def glibc_versions(path: str) -> set[tuple[int, ...]]:
    """The GLIBC_x.y symbol versions an ELF file requires."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    found = re.findall(r"\bGLIBC_(\d+(?:\.\d+)+)\b", result.stdout)
    return {tuple(int(n) for n in version.split(".")) for version in found}


def _is_root(dest: str, typecode: str) -> bool:
    """Entries loaded for their own sake (not only as another library's dependency): extensions, Qt
    plugins, QML module plugins (the on-screen keyboard's scene loads them by path), libpython."""
    name = PurePosixPath(dest).name
    path = dest.replace("\\", "/")
    return (typecode == "EXTENSION" or "/plugins/" in path or "/qml/" in path
            or name.startswith("libpython"))


def prune(entries: Iterable[Entry], needed: Callable[[str], Iterable[str]] = elf_needed
          ) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """(kept, [(dropped, why)]): system libraries go (they are Depends), and so do libraries that
    nothing kept needs any more (e.g. the GTK stack of a platform theme plugin we left out)."""
    entries = list(entries)
    dropped: list[tuple[Entry, str]] = []
    rest: list[Entry] = []
    for entry in entries:
        package = system_dependency(PurePosixPath(entry[0]).name)
        if package:
            dropped.append((entry, f"system library, Depends: {package}"))
        else:
            rest.append(entry)
    by_name = {PurePosixPath(e[0]).name: e for e in rest if e[2] != "SYMLINK"}
    reached: set[str] = set()
    queue = [PurePosixPath(e[0]).name for e in rest if _is_root(e[0], e[2])]
    while queue:
        name = queue.pop()
        if name in reached or name not in by_name:
            continue
        reached.add(name)
        queue.extend(needed(by_name[name][1]))
    kept = []
    for entry in rest:
        name = PurePosixPath(entry[0]).name
        if entry[2] in ("BINARY", "SYMLINK") and name not in reached and not _is_root(entry[0], entry[2]):
            dropped.append((entry, "needed by nothing we keep"))
        else:
            kept.append(entry)
    return kept, dropped


def bundle_elves(bundle: Path) -> list[Path]:
    """Every ELF file in the bundle (by magic number, symlinks skipped)."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def check_bundle(bundle: Path) -> tuple[list[str], list[str], tuple[int, ...]]:
    """(dependencies, problems, newest glibc version) for a built bundle.

    dependencies: the Debian packages the bundle's libraries need from the system; problems: libraries
    needed but neither in the bundle nor known system libraries (the bundle would not start somewhere).
    """
    elves = bundle_elves(bundle)
    inside = {p.name for p in bundle.rglob("*")}
    packages: set[str] = set()
    problems: list[str] = []
    glibc: set[tuple[int, ...]] = set()
    for path in elves:
        glibc |= glibc_versions(str(path))
        for soname in elf_needed(str(path)):
            if soname in inside or soname in LIBC_LIBRARIES:
                continue
            package = system_dependency(soname)
            if package is None:
                problems.append(f"{path.relative_to(bundle)} needs {soname}: not in the bundle, not a known "
                                "system library (add it to SYSTEM_LIBRARIES with its package, or bundle it)")
            else:
                packages.add(package)
    return sorted(packages), problems, max(glibc, default=(2, 17))
