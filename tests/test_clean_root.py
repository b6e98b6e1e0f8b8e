"""What is installed is what is tested: the .deb in a clean Debian root, installed with apt from the archive.

The package is built (tests/installer_build.py, shared with tests/test_installer.py), a minimal Debian root
is made from the archive (tests/clean_root.py, cached for the run), and apt installs the package there, so
every library comes from its Depends and nothing from this machine. Inside, on an Xvfb display (the server
runs outside: none of its libraries enter the root), the installed program's self-check
(PRAKERJA_SMOKE_CHECKS, ui/smoke.py) shows the on-screen keyboard on the NIK field, lists an Indonesian
voice once speech-dispatcher is installed, opens the CI PostgreSQL server and makes a receipt PDF. An
upgrade from the previous build keeps the data; remove keeps it; purge asks nothing and removes only the
program. Slow (about 10 minutes, most of it apt and dpkg); needs root, mmdebstrap and the Debian archive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from prakerja_desktop import __version__
from tests.clean_root import CleanRoot, base_tarball
from tests.installer_build import build_once, need, relabelled

PREVIOUS = f"{__version__}~previous"
SERVER_ENV = "PRAKERJA_CLEAN_ROOT_DB_URL"  # the CI server, without turning the whole run into a server run
DATA = "/root/.local/share/PrakerjaDesktop"  # the default data folder of root inside the clean root
GUI_ENV = {"DISPLAY": "", "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": "/tmp/xdg-root",
           "PRAKERJA_ONSCREEN_KEYBOARD": "1", "PRAKERJA_SMOKE_EXIT_MS": "300"}

pytestmark = [pytest.mark.slow, pytest.mark.sqlite_only("the clean root installs the package once, on SQLite")]


@dataclass
class Installed:
    """The clean root with the package installed (upgraded from the previous build), and the times."""

    root: CleanRoot
    display: str
    seconds: dict[str, float] = field(default_factory=dict)


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private Xvfb (outside the root; its socket folder is mounted inside)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24", "-nolisten",
                               "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as handle:
        number = handle.readline().strip()
    assert number, "Xvfb did not report its display"
    return server, f":{number}"


def ok(result: subprocess.CompletedProcess[str]) -> str:
    """The output of a command that must have succeeded."""
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def smoke(installed: Installed, checks: str, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """The installed program's self-check under Xvfb; its JSON report."""
    environment = {**GUI_ENV, "DISPLAY": installed.display, "PRAKERJA_SMOKE_CHECKS": checks,
                   "PRAKERJA_SMOKE_RECEIPT_OUT": "/tmp/smoke-receipt.pdf", **(env or {})}
    command = "mkdir -p -m 700 /tmp/xdg-root && prakerja-desktop " + " ".join(args)
    output = ok(installed.root.run(command, environment, timeout=600))
    assert "smoke ok" in output, output
    line = next(line for line in output.splitlines() if line.startswith("smoke report: "))
    return json.loads(line.removeprefix("smoke report: "))


def report_line(request: pytest.FixtureRequest, line: str) -> None:
    """A line in the run's output, past the output capture."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write("\n")
            reporter.write_line(line)


@pytest.fixture(scope="module")
def installed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build, make the clean root, install the previous build with apt, add data, upgrade to this build."""
    import importlib.util

    need(os.geteuid() == 0, "needs root (chroot, mount)")
    for tool, package in (("mmdebstrap", "mmdebstrap"), ("Xvfb", "xvfb"), ("dpkg-deb", "dpkg"),
                          ("objdump", "binutils")):
        need(shutil.which(tool) is not None, f"{tool} is missing (apt-get install {package})")
    need(importlib.util.find_spec("PyInstaller") is not None, "PyInstaller is not installed")
    started = time.monotonic()
    seconds: dict[str, float] = {}
    report = build_once()
    seconds["build"] = round(time.monotonic() - started, 1)
    work = tmp_path_factory.mktemp("clean-root")
    clock = time.monotonic()
    tarball, made = base_tarball()
    seconds["base root (made)" if made else "base root (cached)"] = round(time.monotonic() - clock, 1)
    server, display = start_xvfb()
    root = CleanRoot(work / "root")
    try:
        root.open(tarball)
        current = Path(report["deb"])
        shutil.copyfile(current, root.path / "tmp" / "current.deb")
        shutil.copyfile(relabelled(current, work, PREVIOUS), root.path / "tmp" / "previous.deb")
        clock = time.monotonic()
        # As an office would: apt resolves the Depends from the archive (no Recommends yet: they come below).
        output = ok(root.run("apt-get install -y --no-install-recommends /tmp/previous.deb"))
        assert f"Setting up prakerja-desktop ({PREVIOUS})" in output
        seconds["install"] = round(time.monotonic() - clock, 1)
        assert "added 2 demo people" in ok(root.run("prakerja-desktop demo-data --count 2"))
        clock = time.monotonic()
        output = ok(root.run("apt-get install -y --no-install-recommends /tmp/current.deb"))
        assert f"Unpacking prakerja-desktop ({__version__}) over ({PREVIOUS})" in output
        seconds["upgrade"] = round(time.monotonic() - clock, 1)
        result = Installed(root=root, display=display, seconds=seconds)
        yield result
        seconds["total"] = round(time.monotonic() - started, 1)
        report_line(request, "clean root: " + ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items()))
    finally:
        root.close()
        server.terminate()
        server.wait(timeout=30)


def facts(installed: Installed, *args: str) -> dict[str, str]:
    """`prakerja-desktop info` inside the root."""
    output = ok(installed.root.run("prakerja-desktop info " + " ".join(args)))
    return dict(line.split(None, 1) for line in output.splitlines() if line.strip())


def test_the_upgrade_from_the_previous_build_kept_the_data(installed: Installed) -> None:
    found = facts(installed)
    assert found["version"] == __version__ and found["records"] == "2"
    assert found["data_dir"] == DATA


def test_keyboard_and_receipt_work_with_the_depends_alone(installed: Installed) -> None:
    clock = time.monotonic()
    report = smoke(installed, "keyboard,voice,server,receipt")
    installed.seconds["smoke"] = round(time.monotonic() - clock, 1)
    keyboard = report["keyboard"]
    assert isinstance(keyboard, dict)
    assert keyboard["shown"] is True and keyboard["locale"] == "id_ID", keyboard
    assert keyboard["focused"] is True and keyboard["digits_only"] is True, keyboard
    assert keyboard["field_above"] is True, keyboard  # the NIK field is not under the keyboard
    assert report["voice"] == {"engines": [], "indonesian": []}  # no speech-dispatcher: no voice, no buttons
    assert report["server"] == {"office_server": False, "database": "sqlite", "schema": facts(installed)["schema"],
                                "records": 2}
    receipt = report["receipt"]
    assert isinstance(receipt, dict) and receipt["made"] is True, receipt
    check_receipt(installed.root.path / "tmp" / "smoke-receipt.pdf", str(receipt["number"]))
    # The command line prints the same receipt.
    ok(installed.root.run(f"prakerja-desktop receipt {receipt['number']} --out /tmp/receipt.pdf --layout roll80"))
    check_receipt(installed.root.path / "tmp" / "receipt.pdf", str(receipt["number"]))


def check_receipt(path: Path, number: str) -> None:
    """A receipt PDF with its number and our embedded font."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any(name.endswith("DejaVuSans") for name in fonts), fonts
    assert number in reader.pages[0].extract_text()


def test_with_speech_dispatcher_installed_an_indonesian_voice_is_listed(installed: Installed) -> None:
    # The package's Recommends for reading aloud (cups, also recommended, is not needed here).
    ok(installed.root.run("apt-get install -y --no-install-recommends speech-dispatcher "
                          "speech-dispatcher-espeak-ng espeak-ng"))
    voice = smoke(installed, "voice")["voice"]
    assert isinstance(voice, dict)
    assert voice["engines"] == ["speechd"], voice
    assert voice["indonesian"], voice  # e.g. "Indonesian (id_ID)" from eSpeak NG


def test_the_installed_program_opens_the_office_server(installed: Installed, request: pytest.FixtureRequest) -> None:
    # This module runs in the SQLite pass (it is slow): CI hands the server over by SERVER_ENV there.
    url = request.config.getoption("--db-url") or os.environ.get(SERVER_ENV)
    if not url:
        pytest.skip(reason=f"no PostgreSQL server to connect to: PRAKERJA_TEST_DB_URL and {SERVER_ENV} are unset "
                           "(.ci/run sets it)")
    import psycopg

    database = f"prakerja_clean_root_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        own = url.rsplit("/", 1)[0] + "/" + database
        report = smoke(installed, "server", "--db", own, env={"PRAKERJA_ONSCREEN_KEYBOARD": "0"})
        assert report["server"] == {"office_server": True, "database": "postgresql",
                                    "schema": facts(installed)["schema"], "records": 0}, report
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def packages(installed: Installed) -> set[str]:
    """Every package dpkg knows in the root (installed or with its configuration left)."""
    return set(ok(installed.root.run("dpkg-query -W -f '${Package}\\n'")).split())


def test_remove_keeps_the_data_and_purge_removes_only_the_program(installed: Installed) -> None:
    database = installed.root.path / DATA.lstrip("/") / "prakerja.sqlite3"
    before = database.read_bytes()
    known = packages(installed)
    ok(installed.root.run("apt-get remove -y prakerja-desktop"))
    assert not (installed.root.path / "opt" / "prakerja-desktop").exists()
    assert not (installed.root.path / "usr" / "bin" / "prakerja-desktop").exists()
    assert database.read_bytes() == before  # the office's records stay
    # Purge with no terminal to answer on and no frontend set: a question would fail it here.
    output = ok(installed.root.run("apt-get purge -y prakerja-desktop"))
    assert "Purging configuration files for prakerja-desktop" in output
    assert known - packages(installed) == {"prakerja-desktop"}  # nothing else went
    assert packages(installed) >= {"libpulse0", "libspeechd2", "speech-dispatcher"}
    assert database.read_bytes() == before
    assert installed.root.run("dpkg -L prakerja-desktop").returncode != 0
