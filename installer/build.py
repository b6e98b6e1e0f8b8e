"""Build the Linux bundle and the .deb (and check the Windows installer script compiles).

    python installer/build.py [--check-nsis] [--no-deb] [--reuse-bundle]

Run it with the project's environment (`.venv/bin/python installer/build.py`; PyInstaller comes with
the `installer` extra, `pip install -e .[installer]`). Steps:

1. PyInstaller, one-folder: dist/PrakerjaDesktop/ (work files in build/, log in build/pyinstaller.log)
2. checks: required files and modules there, unwanted ones not, every library either inside or a
   known system library, `PrakerjaDesktop --version`, the size budget (240 MB)
3. dist/prakerja-desktop_VERSION_ARCH.deb (dpkg-deb), size budget 100 MB
4. with --check-nsis: makensis compiles installer/windows/prakerja.nsi against a stand-in bundle

Prints sizes and times at the end and writes them to build/installer-report.json. Exits 1 with a
one-line reason on any failure (details above it), 0 when everything was built and checked.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from installer import bundle_rules, deb, linux_libs, nsis  # noqa: E402 - after the sys.path line above
from installer.bundle_sizes import biggest, human, tree_size  # noqa: E402 - after the sys.path line above

SPEC = ROOT / "installer" / "prakerja.spec"
BUILD = ROOT / "build"
DIST = ROOT / "dist"
BUNDLE = DIST / bundle_rules.APP_NAME
EXECUTABLE = BUNDLE / (bundle_rules.APP_NAME + (".exe" if os.name == "nt" else ""))
REPORT = BUILD / "installer-report.json"
PYINSTALLER_LOG = BUILD / "pyinstaller.log"
BUNDLE_BUDGET = 240_000_000  # bytes (with the on-screen keyboard, reading aloud and psycopg)
DEB_BUDGET = 100_000_000
LARGEST = 12  # how many of the biggest files and folders the summary lists


class BuildError(Exception):
    """A step failed; the message says which and why, in one line."""


def version() -> str:
    """prakerja_desktop.__version__, read from the source."""
    from prakerja_desktop import __version__

    return __version__


def say(message: str) -> None:
    """A progress line, at once (the output may be a pipe)."""
    print(message, flush=True)


def run_pyinstaller() -> int:
    """Step 1; returns how many libraries the spec left out."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise BuildError(f"PyInstaller is not installed for {sys.executable}: "
                         "pip install -e '.[installer]' (or run with .venv/bin/python)")
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        raise BuildError("objdump is missing (Debian/Ubuntu: apt-get install binutils)")
    BUILD.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(BUILD), str(SPEC)]
    with PYINSTALLER_LOG.open("w", encoding="utf-8") as log:
        result = subprocess.run(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, check=False)
    text = PYINSTALLER_LOG.read_text(encoding="utf-8", errors="replace")
    if result.returncode != 0 or not EXECUTABLE.is_file():
        print("\n".join(text.splitlines()[-30:]), file=sys.stderr)
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); full log: {PYINSTALLER_LOG}")
    return text.count("prakerja.spec: left out ")


def check_bundle(expected_version: str) -> tuple[list[str], tuple[int, ...]]:
    """Step 2; returns the system packages the bundle needs and its glibc version."""
    internal = BUNDLE / "_internal"
    problems = bundle_rules.bundle_problems(internal)
    pyz_toc = BUILD / SPEC.stem / "PYZ-00.toc"
    if pyz_toc.is_file():
        problems += bundle_rules.module_problems(bundle_rules.archived_modules(pyz_toc))
    else:
        problems.append(f"cannot list the bundled modules: {pyz_toc} is missing")
    packages: list[str] = []
    glibc: tuple[int, ...] = ()
    if sys.platform.startswith("linux"):
        packages, library_problems, glibc = linux_libs.check_bundle(BUNDLE)
        problems += library_problems
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([str(EXECUTABLE), "--version"], capture_output=True, text=True, env=env,
                            timeout=120, check=False)
    wanted = f"Prakerja Desktop {expected_version}"
    if result.returncode != 0 or result.stdout.strip() != wanted:
        problems.append(f"`{EXECUTABLE.name} --version` gave exit {result.returncode}, "
                        f"{(result.stdout + result.stderr).strip()!r}; expected {wanted!r}")
    if problems:
        for problem in problems:
            print(f"      {problem}", file=sys.stderr)
        raise BuildError(f"the bundle failed {len(problems)} check(s) (listed above)")
    return packages, glibc


def write_report(report: dict[str, object]) -> None:
    """build/installer-report.json: sizes, times, versions (read by tests/test_installer.py)."""
    BUILD.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def build(args: argparse.Namespace) -> dict[str, object]:
    """Run the steps; returns the report."""
    started = time.monotonic()
    the_version = version()
    seconds: dict[str, float] = {}
    report: dict[str, object] = {"version": the_version, "python": platform.python_version(),
                                 "seconds": seconds}
    try:
        import PyInstaller
        import PySide6

        report.update(pyinstaller=PyInstaller.__version__, pyside6=PySide6.__version__)
    except ImportError:
        pass
    steps = 2 + (not args.no_deb) + bool(args.check_nsis)
    say(f"installer: Prakerja Desktop {the_version} (Python {report['python']}, PyInstaller "
        f"{report.get('pyinstaller', '?')}, PySide6 {report.get('pyside6', '?')})")

    step = 1
    if args.reuse_bundle:
        if not EXECUTABLE.is_file():
            raise BuildError(f"--reuse-bundle: there is no bundle at {BUNDLE}")
        say(f"[{step}/{steps}] PyInstaller: reusing {BUNDLE.relative_to(ROOT)}")
    else:
        say(f"[{step}/{steps}] PyInstaller: building {BUNDLE.relative_to(ROOT)} "
            f"(about a minute; log: {PYINSTALLER_LOG.relative_to(ROOT)}) …")
        clock = time.monotonic()
        left_out = run_pyinstaller()
        seconds["bundle"] = round(time.monotonic() - clock, 1)
        say(f"      built in {seconds['bundle']:.0f} s; {left_out} system or unused libraries left out "
            "(listed in the log)")
    bundle_bytes = tree_size(BUNDLE)
    report["bundle_bytes"] = bundle_bytes
    report["bundle"] = str(BUNDLE)
    files, folders = biggest(BUNDLE, LARGEST, 4)
    report["largest_files"] = [[name, size] for size, name in files]
    report["largest_folders"] = [[name, size] for size, name in folders]

    step += 1
    say(f"[{step}/{steps}] checking the bundle: files, modules, libraries, --version …")
    clock = time.monotonic()
    packages, glibc = check_bundle(the_version)
    seconds["check"] = round(time.monotonic() - clock, 1)
    say(f"      ok: {human(bundle_bytes)} (budget {human(BUNDLE_BUDGET)}); from the system it needs "
        f"glibc {'.'.join(map(str, glibc)) or '?'} and {len(packages)} library packages")
    if bundle_bytes > BUNDLE_BUDGET:
        raise BuildError(f"the bundle is {human(bundle_bytes)}, over its {human(BUNDLE_BUDGET)} budget "
                         "(python installer/bundle_sizes.py shows the biggest files)")

    if not args.no_deb:
        step += 1
        if shutil.which("dpkg-deb") is None:
            raise BuildError("dpkg-deb is missing (it comes with dpkg on Debian/Ubuntu); or use --no-deb")
        say(f"[{step}/{steps}] .deb: packaging into {DIST.relative_to(ROOT)}/ (xz, about a minute) …")
        clock = time.monotonic()
        try:
            result = deb.build(BUNDLE, BUILD / "deb", DIST, the_version)
        except subprocess.CalledProcessError as exc:
            print(exc.stderr or exc.stdout or "", file=sys.stderr)
            raise BuildError(f"dpkg-deb failed (exit {exc.returncode})") from exc
        except RuntimeError as exc:
            raise BuildError(str(exc)) from exc
        seconds["deb"] = round(time.monotonic() - clock, 1)
        deb_bytes = result.path.stat().st_size
        report.update(deb=str(result.path), deb_bytes=deb_bytes, depends=result.depends)
        say(f"      {result.path.name}: {human(deb_bytes)} (budget {human(DEB_BUDGET)}), "
            f"installs {human(result.installed_size_kib * 1024)}")
        if deb_bytes > DEB_BUDGET:
            raise BuildError(f"the .deb is {human(deb_bytes)}, over its {human(DEB_BUDGET)} budget")

    if args.check_nsis:
        step += 1
        say(f"[{step}/{steps}] NSIS: compiling installer/windows/prakerja.nsi against a stand-in bundle …")
        clock = time.monotonic()
        try:
            setup = nsis.compile_check(the_version, BUILD / "nsis-check")
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            raise BuildError("the Windows installer script does not compile (makensis output above)") from exc
        seconds["nsis"] = round(time.monotonic() - clock, 1)
        say(f"      compiles ({setup.name}, {human(setup.stat().st_size)}, not a real installer)")

    seconds["total"] = round(time.monotonic() - started, 1)
    return report


def print_summary(report: dict[str, object]) -> None:
    """Sizes and times, the lines to paste into the issue."""
    seconds: dict[str, float] = report["seconds"]  # type: ignore[assignment]
    say("summary:")
    say(f"  bundle  {report['bundle']}  {human(int(report['bundle_bytes']))}  "
        f"(budget {human(BUNDLE_BUDGET)})")
    if "deb" in report:
        say(f"  .deb    {report['deb']}  {human(int(report['deb_bytes']))}  (budget {human(DEB_BUDGET)})")
    say("  time    " + ", ".join(f"{name} {value:.0f} s" for name, value in seconds.items()))
    for title, key in (("largest folders", "largest_folders"), ("largest files", "largest_files")):
        say(f"  {title}:")
        for name, size in report.get(key, []):  # type: ignore[attr-defined]
            say(f"    {human(int(size)):>9}  {name}")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, build, report."""
    parser = argparse.ArgumentParser(prog="installer/build.py", description=__doc__.splitlines()[0])
    parser.add_argument("--check-nsis", action="store_true",
                        help="also check that the Windows installer script compiles (needs makensis)")
    parser.add_argument("--no-deb", action="store_true", help="build and check the bundle only")
    parser.add_argument("--reuse-bundle", action="store_true",
                        help="skip PyInstaller and package the bundle already in dist/")
    args = parser.parse_args(argv)
    # A package's files must be readable by everyone (dpkg-deb refuses a 0700 control folder): never inherit
    # the app's private umask (077, set when a process opens the data folder, e.g. the test run that starts us).
    os.umask(0o022)
    try:
        report = build(args)
    except BuildError as exc:
        print(f"installer/build.py: FAILED: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("installer/build.py: interrupted", file=sys.stderr)
        return 130
    write_report(report)
    print_summary(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
