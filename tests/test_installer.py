"""Installers: the PyInstaller bundle, the .deb and the Windows script (installer/).

The fast tests check the packaging rules and files without building. The slow ones build the bundle and
the .deb once (`python installer/build.py`, about two minutes) and use them as a person would: start it
offscreen (and on an X server when there is one), print a receipt, open a database of the first
released schema, install, upgrade and purge the .deb in a scratch dpkg root. Without PyInstaller,
dpkg-deb, makensis or Xvfb those tests skip and say why; under CI=true a missing tool fails them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from installer import bundle_rules, deb, linux_libs, nsis
from prakerja_desktop import __version__, paths
from prakerja_desktop.storage import encryption
from tests.conftest import ROOT
from tests.installer_build import build_once, need, relabelled

LINUX = sys.platform.startswith("linux")
BUNDLE = ROOT / "dist" / bundle_rules.APP_NAME
EXECUTABLE = BUNDLE / bundle_rules.APP_NAME
# stderr lines the offscreen platform prints for any window; not ours, not a problem.
HARMLESS_STDERR = ("This plugin does not support propagateSizeHints()",)

# The frozen bundle opens its own SQLite file here (its PostgreSQL driver: tests/test_clean_root.py).
pytestmark = pytest.mark.sqlite_only("the frozen bundle and its SQLite file")


# --- fast: the rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", True),  # the on-screen keyboard is a Qt Quick scene
    ("PySide6/Qt/lib/libQt6Quick3D.so.6", False),
    ("PySide6/Qt/lib/libQt6QuickControls2.so.6", False),
    ("PySide6/Qt/lib/libQt6TextToSpeech.so.6", True),
    ("PySide6/Qt/lib/libQt6Multimedia.so.6", True),  # linked by TextToSpeech
    ("PySide6/Qt/lib/libQt6MultimediaWidgets.so.6", False),
    ("PySide6/Qt/lib/libQt6WebEngineCore.so.6", False),
    ("PySide6/Qt/lib/libavcodec.so.61", False),
    ("PySide6/Qt/qml/QtQuick/VirtualKeyboard/qmldir", True),
    ("PySide6/Qt/qml/QtQuick/VirtualKeyboard/Layouts/libqtvkblayoutsplugin.so", True),
    ("PySide6/Qt/qml/QtQuick/qmldir", True),
    ("PySide6/Qt/qml/QtQuick/Controls/Basic/Button.qml", False),
    ("PySide6/Qt/qml/QtQuick3D/qmldir", False),
    ("PySide6/Qt/qml/QtWebEngine/qmldir", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
    ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so", True),
    ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock.so", False),
    ("PySide6/Qt/resources/qtwebengine_resources.pak", False),
    ("PySide6/Qt/translations/qtbase_en.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qtbase_pt_BR.qm", False),
    ("babel/locale-data/id.dat", True),
    ("babel/locale-data/en.dat", True),
    ("babel/locale-data/root.dat", True),
    ("babel/locale-data/fr.dat", False),
    ("babel/global.dat", True),
    # Windows wheels keep plugins beside the package, with backslashes in the TOC.
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\Qt6Quick.dll", True),
    ("PySide6\\Qt6Quick3D.dll", False),
    ("PySide6\\qml\\QtQuick\\VirtualKeyboard\\qmldir", True),
    ("PySide6\\plugins\\texttospeech\\qtexttospeech_sapi.dll", True),
    ("resources/rules/2023.toml", True),
])
def test_bundle_rules_keep_what_we_use_and_drop_the_rest(dest: str, kept: bool) -> None:
    assert bundle_rules.keep(dest) is kept


def test_prune_leaves_out_system_libraries_and_what_only_dropped_plugins_needed() -> None:
    entries = [
        ("PySide6/QtGui.abi3.so", "/w/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/w/libQt6Gui.so.6", "BINARY"),
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libfontconfig.so.1", "/usr/lib/libfontconfig.so.1", "BINARY"),
        ("libexpat.so.1", "/usr/lib/libexpat.so.1", "BINARY"),  # needed by fontconfig only
        ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),  # needed by nothing kept
        ("libpython3.11.so.1.0", "/p/libpython3.11.so.1.0", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/w/libqxcb.so", "BINARY"),
        # A QML module's plugin: loaded by path when the keyboard's scene imports it.
        ("PySide6/Qt/qml/QtQuick/Layouts/libqquicklayoutsplugin.so", "/w/libqquicklayoutsplugin.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6QuickLayouts.so.6", "/w/libQt6QuickLayouts.so.6", "BINARY"),
    ]
    needed = {"/w/QtGui.abi3.so": ["libQt6Gui.so.6"], "/w/libQt6Gui.so.6": ["libfontconfig.so.1"],
              "/usr/lib/libfontconfig.so.1": ["libexpat.so.1"], "/w/libqxcb.so": ["libxcb.so.1"],
              "/w/libqquicklayoutsplugin.so": ["libQt6QuickLayouts.so.6"]}
    kept, dropped = linux_libs.prune(entries, lambda source: needed.get(source, []))
    assert [e[0] for e in kept] == [
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6", "libQt6Gui.so.6", "libpython3.11.so.1.0",
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/qml/QtQuick/Layouts/libqquicklayoutsplugin.so",
        "PySide6/Qt/lib/libQt6QuickLayouts.so.6"]
    why = {entry[0]: reason for entry, reason in dropped}
    assert why["libfontconfig.so.1"] == "system library, Depends: libfontconfig1"
    assert why["libexpat.so.1"] == why["libcairo.so.2"] == "needed by nothing we keep"


def test_dangling_symlinks_are_dropped() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/w/libQt6Core.so.6", "BINARY"),
                ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
                ("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK")]
    assert [e[0] for e in bundle_rules.drop_dangling_symlinks(binaries)] == [
        "PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6"]


def test_migration_imports_become_hidden_imports() -> None:
    found = bundle_rules.migration_imports(ROOT / "prakerja_desktop" / "storage" / "migrations")
    assert {"alembic", "sqlalchemy", "prakerja_desktop.storage.models"} <= set(found)
    assert "__future__" not in found


def test_depends_names_libc_at_the_needed_version_and_the_system_libraries() -> None:
    line = deb.depends_field(["libxcb-cursor0", "libegl1", "libegl1"], (2, 35))
    assert line.startswith("libc6 (>= 2.35), libegl1, libxcb-cursor0, ")
    assert "fonts-dejavu-core" in line
    control = deb.control_text("1.2.3", "amd64", line, 1234)
    assert "Package: prakerja-desktop\nVersion: 1.2.3\nArchitecture: amd64\n" in control
    assert "Recommends: cups" in control and "Installed-Size: 1234\n" in control
    # Every continuation line of the description starts with a space; " ." marks a blank line.
    description = control.split("Description: ", 1)[1].splitlines()[1:]
    assert description and all(line.startswith(" ") for line in description)


def test_desktop_entries_and_launcher() -> None:
    linux = ROOT / "installer" / "linux"
    entry = (linux / "prakerja-desktop.desktop").read_text(encoding="utf-8")
    for line in ("[Desktop Entry]", "Type=Application", "Name=Prakerja Desktop", "Exec=prakerja-desktop",
                 "Icon=prakerja-desktop", "Terminal=false"):
        assert line in entry.splitlines()
    kiosk = (linux / "kiosk-autostart.desktop").read_text(encoding="utf-8")
    assert "Exec=prakerja-desktop --kiosk" in kiosk.splitlines()
    unit = (linux / "prakerja-kiosk.service").read_text(encoding="utf-8").splitlines()
    assert "ExecStart=/usr/bin/prakerja-desktop --kiosk" in unit and "Restart=on-failure" in unit
    from prakerja_desktop.kiosk.supervisor import EXIT_GAVE_UP

    assert f"RestartPreventExitStatus={EXIT_GAVE_UP}" in unit  # the supervisor's "gave up" code
    launcher = (linux / "prakerja-desktop").read_text(encoding="utf-8")
    assert launcher.startswith("#!/bin/sh\n")
    assert 'exec /opt/prakerja-desktop/PrakerjaDesktop "$@"' in launcher
    assert os.access(linux / "prakerja-desktop", os.X_OK) and os.access(linux / "postrm", os.X_OK)
    validator = shutil.which("desktop-file-validate")
    if validator:  # desktop-file-utils: the freedesktop.org rules in full
        for name in ("prakerja-desktop.desktop", "kiosk-autostart.desktop"):
            result = subprocess.run([validator, str(linux / name)], capture_output=True, text=True,
                                    check=False)
            assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout


def test_icons_are_our_drawing_in_every_format() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "prakerja.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    png = (icons / "prakerja.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (256, 256)
    ico = (icons / "prakerja.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and struct.unpack("<H", ico[4:6])[0] >= 4  # several sizes


def test_postrm_never_touches_a_users_data(tmp_path: Path) -> None:
    script = ROOT / "installer" / "linux" / "postrm"
    text = script.read_text(encoding="utf-8")
    commands = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    for forbidden in ("$HOME", "~", "/home", ".local", "PrakerjaDesktop", "/root"):
        assert not any(forbidden in line for line in commands), forbidden
    root = tmp_path / "root"
    cache = root / "opt" / "prakerja-desktop" / "_internal" / "prakerja_desktop" / "__pycache__"
    cache.mkdir(parents=True)
    (cache / "env.cpython-311.pyc").write_bytes(b"cache")
    home = tmp_path / "home"
    data = home / ".local" / "share" / "PrakerjaDesktop"
    data.mkdir(parents=True)
    (data / "prakerja.sqlite3").write_bytes(b"the office's records")
    for action in ("remove", "purge"):
        subprocess.run(["sh", str(script), action], check=True,
                       env={**os.environ, "DPKG_ROOT": str(root), "HOME": str(home)})
    assert not (root / "opt" / "prakerja-desktop").exists()
    assert (data / "prakerja.sqlite3").read_bytes() == b"the office's records"


def test_windows_uninstaller_keeps_the_data_folder_where_platformdirs_puts_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs.windows

    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda csidl: {"CSIDL_LOCAL_APPDATA": r"C:\Users\ani\AppData\Local"}[csidl])
    folder = platformdirs.windows.Windows(paths.APP_NAME, paths.APP_AUTHOR).user_data_dir
    assert folder.replace("/", "\\") == r"C:\Users\ani\AppData\Local\Disnaker\PrakerjaDesktop"
    script = nsis.NSI.read_text(encoding="utf-8")
    assert '!define DATA_DIR "$LOCALAPPDATA\\Disnaker\\PrakerjaDesktop"' in script
    uninstall = script.split('Section "Uninstall"', 1)[1].split("SectionEnd", 1)[0]
    removals = [line.strip() for line in uninstall.splitlines()
                if line.strip().startswith(("RMDir", "Delete", "DeleteRegKey"))]
    assert removals, "the uninstaller removes nothing?"
    for line in removals:
        assert "DATA_DIR" not in line and "APPDATA" not in line and "PROFILE" not in line, line
    # Never a recursive delete of the install folder itself (it could be a folder the person chose).
    assert 'RMDir /r "$INSTDIR"' not in script
    kiosk = script.split('Section /o "Kiosk auto-start"', 1)[1].split("SectionEnd", 1)[0]
    assert '"--kiosk"' in kiosk and "$SMSTARTUP" in kiosk


# --- slow: the real build ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """The build's outputs and report."""

    report: dict[str, object]
    executable: Path
    deb: Path | None


@pytest.fixture(scope="module")
def built(request: pytest.FixtureRequest) -> Built:
    """Build the bundle (and the .deb where dpkg-deb exists) once for the run (tests/installer_build.py)."""
    import importlib.util

    need(importlib.util.find_spec("PyInstaller") is not None,
         "PyInstaller is not installed (pip install -e '.[installer]')")
    need(LINUX, "the Linux bundle and .deb build on Linux only (Windows: installer/windows/README.md)")
    need(shutil.which("objdump") is not None, "objdump (binutils) is missing")
    report = build_once()
    seconds = report["seconds"]
    line = (f"installer build: bundle {report['bundle_bytes'] / 1e6:.1f} MB"
            + (f", .deb {report['deb_bytes'] / 1e6:.1f} MB" if "deb_bytes" in report else "")
            + " in " + ", ".join(f"{k} {v:.0f} s" for k, v in seconds.items()))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:  # in the run's output, past the output capture
        with capture.global_and_fixture_disabled():
            reporter.write("\n")
            reporter.write_line(line)
    return Built(report=report, executable=EXECUTABLE, deb=Path(report["deb"]) if "deb" in report else None)


def run_bundle(executable: Path, *args: str, env: dict[str, str] | None = None,
               timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """Run the frozen program offscreen and return what it did."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=environment,
                          timeout=timeout, cwd=executable.parent.parent, check=False)


def unexpected_stderr(text: str) -> list[str]:
    """stderr lines other than the offscreen platform's harmless notes."""
    return [line for line in text.splitlines() if line.strip() and line.strip() not in HARMLESS_STDERR]


@pytest.mark.slow
def test_bundle_says_its_version(built: Built) -> None:
    result = run_bundle(built.executable, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Prakerja Desktop {__version__}"


@pytest.mark.slow
def test_bundle_is_within_budget(built: Built) -> None:
    assert built.report["bundle_bytes"] <= 240_000_000  # with the keyboard, reading aloud and psycopg
    if built.deb is not None:
        assert built.report["deb_bytes"] <= 100_000_000
        assert built.deb.stat().st_size == built.report["deb_bytes"]


@pytest.mark.slow
def test_bundle_holds_what_it_needs_and_nothing_it_does_not(built: Built) -> None:
    assert bundle_rules.bundle_problems(BUNDLE / "_internal") == []
    packages, problems, _glibc = linux_libs.check_bundle(BUNDLE)
    assert problems == []
    assert {"libxcb-cursor0", "libegl1", "libfontconfig1"} <= set(packages)


@pytest.mark.slow
def test_bundle_opens_the_window_and_the_welcome_screen_offscreen(built: Built, tmp_path: Path) -> None:
    result = run_bundle(built.executable, "--data-dir", str(tmp_path / "data"),
                        env={"PRAKERJA_SMOKE_EXIT_MS": "300"})
    assert result.returncode == 0, result.stderr
    assert "smoke ok" in result.stdout
    assert unexpected_stderr(result.stderr) == []
    assert (tmp_path / "data" / paths.DB_FILENAME).is_file()


@pytest.fixture
def x_display() -> Iterator[str]:
    """A private Xvfb server's display (":N")."""
    xvfb = shutil.which("Xvfb")
    need(xvfb is not None, "Xvfb is not installed (apt-get install xvfb): the X11 (xcb) start is not tested")
    read_end, write_end = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"], pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    try:
        with os.fdopen(read_end) as handle:
            number = handle.readline().strip()
        assert number, "Xvfb did not report its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_bundle_starts_on_an_x_server(built: Built, x_display: str, tmp_path: Path) -> None:
    # The platform a kiosk uses: the xcb plugin with the system libraries the .deb depends on.
    result = run_bundle(built.executable, "--data-dir", str(tmp_path / "data"),
                        env={"QT_QPA_PLATFORM": "xcb", "DISPLAY": x_display, "PRAKERJA_SMOKE_EXIT_MS": "300"})
    assert result.returncode == 0, result.stderr
    assert "smoke ok" in result.stdout
    assert unexpected_stderr(result.stderr) == []


@pytest.mark.slow
def test_bundle_prints_receipts_with_its_fonts(built: Built, tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = tmp_path / "data"
    made = run_bundle(built.executable, "demo-data", "--count", "3", "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    with closing(encryption.open_file(data / paths.DB_FILENAME)) as connection:
        number = connection.execute("SELECT receipt_number FROM records ORDER BY id LIMIT 1").fetchone()[0]
    for layout in ("a4", "roll80"):
        out = tmp_path / f"receipt-{layout}.pdf"
        result = run_bundle(built.executable, "receipt", number, "--out", str(out), "--layout", layout,
                            "--data-dir", str(data))
        assert result.returncode == 0, result.stderr
        reader = PdfReader(out)
        fonts = {str(font["/BaseFont"]) for page in reader.pages
                 for font in page["/Resources"]["/Font"].values()}
        assert any(name.endswith("DejaVuSans") for name in fonts), fonts  # our font, embedded
        assert number in reader.pages[0].extract_text()


@pytest.mark.slow
def test_bundle_checks_a_village_list(built: Built, tmp_path: Path) -> None:
    # NIK (resources/regions districts), phone (phonenumbers metadata, carriers), email, XLSX and PDF output.
    from datetime import date

    from openpyxl import load_workbook

    from tests.batch_files import person, write_csv

    rows = [person("Budi Santoso", date(1995, 5, 17), 1),
            person("Siti Aminah", date(1990, 1, 2), 2, phone="12345", email="siti@gmial.com")]
    source = write_csv(tmp_path / "desa.csv", rows)
    result = run_bundle(built.executable, "check", str(source), "--out", str(tmp_path / "hasil.xlsx"),
                        "--pdf", str(tmp_path / "hasil.pdf"), "--no-db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 baris diperiksa: 1 siap, 1 perbaiki")
    assert load_workbook(tmp_path / "hasil.xlsx").active.max_row >= 3
    assert (tmp_path / "hasil.pdf").read_bytes().startswith(b"%PDF")


def make_first_schema_database(folder: Path) -> None:
    """A database at revision 0001 (the first released schema) holding one record, made from source."""
    from alembic import command

    from prakerja_desktop.storage.database import alembic_config, create_db_engine

    folder.mkdir(parents=True, exist_ok=True)
    engine = create_db_engine(paths.default_db_url(folder), encrypt=False)  # as before encryption
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    with sqlite3.connect(folder / paths.DB_FILENAME) as raw:
        # The same row as tests/test_storage.py's upgrade test: the columns of revision 0001.
        raw.execute(
            "INSERT INTO records (receipt_number, submitted_at, entered_by_name, rule_set_id,"
            " eligibility_outcome, eligibility_reasons, nik, full_name, name_norm, training_interests,"
            " eligibility_answers, readiness, consent, uuid, device_id, created_at, updated_at)"
            " VALUES ('OLD01-000013', '2026-01-01 00:00:00', '', '2023', 'eligible', '[]',"
            " '3508201705000001', 'Budi Lama', 'budi lama', '[]', '{}', '{}', '{}',"
            " 'a' || hex(randomblob(15)) || 'b', 'c' || hex(randomblob(15)) || 'd',"
            " '2026-01-01', '2026-01-01')")
    raw.close()


def assert_upgraded_and_kept(folder: Path, info_output: str) -> None:
    """`info` reports the newest schema and the record; the name search still finds it."""
    from prakerja_desktop.storage import records
    from prakerja_desktop.storage.database import head_revision, open_database

    facts = dict(line.split(None, 1) for line in info_output.splitlines() if line.strip())
    assert facts["schema"] == head_revision() != "0001"
    assert facts["records"] == "1"
    db = open_database(paths.default_db_url(folder), migrate=False)
    try:
        with db.read() as session:
            assert [hit.full_name for hit in records.search_names(session, "budi")] == ["Budi Lama"]
    finally:
        db.dispose()


@pytest.mark.slow
def test_bundle_upgrades_a_database_of_the_first_schema_and_keeps_the_record(built: Built,
                                                                             tmp_path: Path) -> None:
    data = tmp_path / "old-data"
    make_first_schema_database(data)
    result = run_bundle(built.executable, "info", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    assert_upgraded_and_kept(data, result.stdout)


@pytest.mark.slow
def test_deb_lists_the_launcher_menu_entry_icon_and_kiosk_example(built: Built) -> None:
    need(built.deb is not None, "dpkg-deb is missing: no .deb was built")
    assert built.deb is not None
    assert built.deb.name == f"prakerja-desktop_{__version__}_{deb.architecture()}.deb"
    info = subprocess.run(["dpkg-deb", "--info", str(built.deb)], capture_output=True, text=True,
                          check=True).stdout
    assert "Package: prakerja-desktop" in info and f"Version: {__version__}" in info
    depends = next(line for line in info.splitlines() if line.strip().startswith("Depends:"))
    for package in ("libc6 (>=", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3",
                    "libxcb-cursor0"):
        assert package in depends
    assert "Recommends: cups" in info
    contents = subprocess.run(["dpkg-deb", "--contents", str(built.deb)], capture_output=True, text=True,
                              check=True).stdout
    listed = {line.split()[5].removeprefix(".") for line in contents.splitlines()}
    for path in ("/usr/bin/prakerja-desktop", "/usr/share/applications/prakerja-desktop.desktop",
                 "/usr/share/icons/hicolor/256x256/apps/prakerja-desktop.png",
                 "/usr/share/icons/hicolor/scalable/apps/prakerja-desktop.svg",
                 "/usr/share/doc/prakerja-desktop/kiosk-autostart.desktop",
                 "/usr/share/doc/prakerja-desktop/copyright", "/opt/prakerja-desktop/PrakerjaDesktop"):
        assert path in listed, path
    assert not any("__pycache__" in path or path.endswith(".pyc") for path in listed)
    assert not any(path.startswith(("/home", "/root", "/etc")) for path in listed)


@pytest.mark.slow
def test_deb_dependencies_resolve_with_apt(built: Built) -> None:
    # A simulated install: every Depends (or one of its alternatives) exists in this machine's archive.
    need(built.deb is not None and shutil.which("apt-get") is not None, "apt-get/dpkg-deb are missing")
    assert built.deb is not None
    result = subprocess.run(["apt-get", "install", "--simulate", "--no-install-recommends", str(built.deb)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Inst prakerja-desktop" in result.stdout


def dpkg(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """dpkg on a scratch root (no chroot: scripts run with DPKG_ROOT set); dependencies not checked."""
    command = ["dpkg", f"--root={root}", "--log=/dev/null", "--force-depends", "--force-script-chrootless"]
    if os.geteuid() != 0:
        command.append("--force-not-root")
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_deb_installs_upgrades_and_purges_without_touching_the_data(built: Built, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    need(built.deb is not None and shutil.which("dpkg") is not None, "dpkg/dpkg-deb are missing")
    assert built.deb is not None
    root = tmp_path / "root"
    for folder in ("info", "updates", "triggers"):
        (root / "var" / "lib" / "dpkg" / folder).mkdir(parents=True)
    (root / "var" / "lib" / "dpkg" / "status").touch()
    installed = root / "opt" / "prakerja-desktop" / bundle_rules.APP_NAME
    # The person's data, where platformdirs puts it, in the old (first) schema.
    home_data = tmp_path / "home" / ".local" / "share"
    data = home_data / paths.APP_NAME
    make_first_schema_database(data)
    env = {"XDG_DATA_HOME": str(home_data), "HOME": str(tmp_path / "home")}
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)  # the default data folder, as after a real install

    assert dpkg(root, "-i", str(built.deb)).returncode == 0
    result = run_bundle(installed, "info", env=env)
    assert result.returncode == 0, result.stderr
    assert f"data_dir   {data}" in result.stdout
    assert_upgraded_and_kept(data, result.stdout)

    newer = relabelled(built.deb, tmp_path, f"{__version__}+test1")
    upgrade = dpkg(root, "-i", str(newer))
    assert upgrade.returncode == 0, upgrade.stderr
    assert "Unpacking prakerja-desktop (" in upgrade.stdout and "over (" in upgrade.stdout
    result = run_bundle(installed, "info", env=env)
    assert result.returncode == 0, result.stderr
    assert_upgraded_and_kept(data, result.stdout)

    purge = dpkg(root, "--purge", "prakerja-desktop")
    assert purge.returncode == 0, purge.stderr
    assert not (root / "opt" / "prakerja-desktop").exists()
    assert not (root / "usr" / "bin" / "prakerja-desktop").exists()
    assert (data / paths.DB_FILENAME).is_file()  # purged the program, kept the records
    assert_upgraded_and_kept(data, run_bundle(built.executable, "info", "--data-dir", str(data)).stdout)


@pytest.mark.slow
def test_windows_installer_script_compiles(tmp_path: Path) -> None:
    need(nsis.makensis() is not None, "makensis is not installed (apt-get install nsis)")
    setup = nsis.compile_check(__version__, tmp_path / "nsis")
    assert setup.stat().st_size > 10_000
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program
