"""The Debian package: the bundle in /opt/prakerja-desktop, a launcher, a menu entry, an icon.

    /opt/prakerja-desktop/                          the PyInstaller one-folder bundle
    /usr/bin/prakerja-desktop                       launcher script (all arguments pass through)
    /usr/share/applications/prakerja-desktop.desktop
    /usr/share/icons/hicolor/{256x256,scalable}/apps/prakerja-desktop.{png,svg}
    /usr/share/doc/prakerja-desktop/                copyright, kiosk examples (autostart entry, systemd user unit)

Depends are worked out from the bundle (linux_libs.check_bundle): the desktop libraries it was built
to take from the system, and the glibc version its binaries need.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

from installer import linux_libs

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "linux"
ICONS = ROOT / "resources" / "icons"
PACKAGE = "prakerja-desktop"
INSTALL_DIR = "opt/prakerja-desktop"
# Beyond the libraries: a font for the interface (Qt finds none on a bare system).
EXTRA_DEPENDS = ("fonts-dejavu-core | fonts-freefont-ttf",)
# lp/lpstat for printing receipts (the app explains when they are missing); reading aloud: the
# speech-dispatcher daemon with the eSpeak NG voices (Indonesian among them). Without them the read-aloud
# buttons do not show.
RECOMMENDS = ("cups", "cups-client", "speech-dispatcher", "speech-dispatcher-espeak-ng", "espeak-ng")
MAINTAINER = "Prakerja Desktop engineers <prakerja-desktop@localhost>"
DESCRIPTION = """\
Offline helper for Kartu Prakerja registrations (Disnaker)
 Prakerja Desktop walks applicants, at a touch kiosk in the district labour
 office or beside a staff member on a laptop, through eligibility, ID numbers,
 contact details and documents, catches the mistakes that make the online
 registration fail, and prints a receipt with the next steps. Staff search and
 follow up records, make reports and pre-check village lists. No network needed.
 .
 Each user's data (database, logs, device identity) is kept in
 ~/.local/share/PrakerjaDesktop and is never removed by this package."""


@dataclass(frozen=True)
class DebResult:
    """What was built."""

    path: Path
    depends: str
    installed_size_kib: int


def architecture() -> str:
    """The Debian architecture of this machine (amd64, arm64…)."""
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def depends_field(packages: list[str], glibc: tuple[int, ...]) -> str:
    """The Depends line: libc6 at the version the binaries need, the system libraries, a font."""
    libc = f"libc6 (>= {'.'.join(str(n) for n in glibc)})"
    return ", ".join([libc, *sorted(set(packages)), *EXTRA_DEPENDS])


def control_text(version: str, arch: str, depends: str, installed_size_kib: int) -> str:
    """The DEBIAN/control file."""
    return (f"Package: {PACKAGE}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
            f"Installed-Size: {installed_size_kib}\nDepends: {depends}\nRecommends: {', '.join(RECOMMENDS)}\n"
            f"Section: misc\nPriority: optional\nDescription: {DESCRIPTION}\n")


def _copy(source: Path, target: Path, mode: int) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(mode)


def _normalise_modes(tree: Path) -> None:
    """Directories 0755, executables 0755, everything else 0644 (a umask must not leak in)."""
    for path in [tree, *tree.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)


def _md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink() and "DEBIAN" not in path.relative_to(tree).parts:
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {path.relative_to(tree).as_posix()}\n")
    return "".join(lines)


def stage(bundle: Path, tree: Path, version: str, arch: str) -> str:
    """Lay out the package tree under `tree`; returns the Depends line."""
    if tree.exists():
        shutil.rmtree(tree)
    shutil.copytree(bundle, tree / INSTALL_DIR, symlinks=True)
    _copy(TEMPLATES / "prakerja-desktop", tree / "usr/bin/prakerja-desktop", 0o755)
    _copy(TEMPLATES / "prakerja-desktop.desktop", tree / f"usr/share/applications/{PACKAGE}.desktop", 0o644)
    _copy(ICONS / "prakerja.png", tree / f"usr/share/icons/hicolor/256x256/apps/{PACKAGE}.png", 0o644)
    _copy(ICONS / "prakerja.svg", tree / f"usr/share/icons/hicolor/scalable/apps/{PACKAGE}.svg", 0o644)
    doc = tree / f"usr/share/doc/{PACKAGE}"
    _copy(TEMPLATES / "copyright", doc / "copyright", 0o644)
    _copy(TEMPLATES / "kiosk-autostart.desktop", doc / "kiosk-autostart.desktop", 0o644)
    _copy(TEMPLATES / "prakerja-kiosk.service", doc / "prakerja-kiosk.service", 0o644)
    _normalise_modes(tree)
    packages, problems, glibc = linux_libs.check_bundle(tree / INSTALL_DIR)
    if problems:
        raise RuntimeError("the bundle needs libraries it neither holds nor declares:\n  "
                           + "\n  ".join(problems))
    depends = depends_field(packages, glibc)
    size_kib = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    control = tree / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(control_text(version, arch, depends, size_kib), encoding="utf-8")
    (control / "md5sums").write_text(_md5sums(tree), encoding="utf-8")
    _copy(TEMPLATES / "postrm", control / "postrm", 0o755)
    return depends


def build(bundle: Path, work: Path, out_dir: Path, version: str) -> DebResult:
    """Stage and build dist/prakerja-desktop_VERSION_ARCH.deb with dpkg-deb (xz, root-owned files)."""
    arch = architecture()
    tree = work / f"{PACKAGE}_{version}_{arch}"
    depends = stage(bundle, tree, version, arch)
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    deb.unlink(missing_ok=True)
    command = ["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(tree), str(deb)]
    help_text = subprocess.run(["dpkg-deb", "--help"], capture_output=True, text=True, check=False).stdout
    if "--threads-max" in help_text:  # dpkg >= 1.21.9; the build machine is shared: 2 threads at most
        command.insert(1, f"--threads-max={max(1, min(2, os.cpu_count() or 1))}")
    subprocess.run(command, check=True, capture_output=True, text=True)
    size_kib = int((tree / "DEBIAN" / "control").read_text().split("Installed-Size: ")[1].split()[0])
    return DebResult(path=deb, depends=depends, installed_size_kib=size_kib)
