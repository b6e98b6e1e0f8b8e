"""What goes into the frozen bundle and what stays out: plain data and pure functions, no PyInstaller.

prakerja.spec imports this module to filter PyInstaller's collection; tests/test_installer.py checks the
rules without building. Every exclusion says why: a reviewer must be able to tell "not used" from
"forgot". Paths are the bundle's destination paths with forward slashes (e.g.
"PySide6/Qt/plugins/platforms/libqxcb.so").
"""

from __future__ import annotations

import ast
import fnmatch
import posixpath
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

APP_NAME = "PrakerjaDesktop"

# --- Python modules ------------------------------------------------------------------------------------

# PySide6 modules we never import. Excluding the Python binding also stops PyInstaller's Qt hooks from
# collecting the module's plugins, QML folders and translations. (The on-screen keyboard needs Qt Quick's
# C++ libraries and a few QML modules, not their Python bindings: QML_FOLDERS below.)
EXCLUDED_QT_MODULES = (
    # Qt Quick / QML bindings: we are a widgets application (and WebEngine pulls in 200 MB by itself).
    "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebChannel", "QtWebView",
    "QtWebSockets", "QtHttpServer", "QtNetworkAuth", "QtRemoteObjects",
    # 3D, graphs and data visualisation other than Qt Charts.
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtDataVisualization", "QtGraphs", "QtGraphsWidgets", "QtCanvasPainter",
    # Hardware and media we do not use. (QtTextToSpeech, reading aloud, is kept: its C++ library links
    # libQt6Multimedia, kept too, but not Multimedia's Python binding, plugins or FFmpeg libraries.)
    "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtBluetooth", "QtNfc",
    "QtPositioning", "QtLocation", "QtSensors", "QtSerialPort", "QtSerialBus",
    # Tools and the rest: the database is SQLAlchemy's, not QtSql; no network, no D-Bus calls of ours.
    "QtSql", "QtTest", "QtDesigner", "QtHelp", "QtUiTools", "QtXml", "QtScxml", "QtStateMachine",
    "QtConcurrent", "QtNetwork", "QtDBus", "QtAxContainer", "QtAsyncio",
    # Qt Charts links the OpenGL C++ libraries (kept) but works without their Python bindings (9 MB).
    "QtOpenGL", "QtOpenGLWidgets",
)

EXCLUDED_MODULES = (
    *(f"PySide6.{name}" for name in EXCLUDED_QT_MODULES),
    # Test tools (the test extra is installed in the build environment).
    # (pypdfium2 and zxing-cpp are application libraries since issue 15: checking a receipt's photo or PDF.)
    "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf", "py", "pluggy",
    # Never imported by the application.
    "tkinter", "_tkinter", "PyInstaller", "pip", "setuptools", "pkg_resources", "distutils",
    "lib2to3", "pydoc_data", "IPython", "numpy",
    # The photo practice's optional extra (OpenCV, ~160 MB, and numpy): not frozen; the step hides itself.
    "cv2", "skimage", "scipy",
    # phonenumbers: place names and time zones per prefix (40 MB of Python), unused: we only need the
    # metadata, short numbers and carrier names (collected below).
    "phonenumbers.geocoder", "phonenumbers.geodata", "phonenumbers.timezone", "phonenumbers.tzdata",
    # email-validator imports dnspython only to check deliverability; we are offline
    # (check_deliverability=False in prakerja_desktop/domain/email.py).
    "dns", "email_validator.deliverability",
    # Pillow (reportlab reads office logos, PNG/JPEG, through it): not its Tk/Qt bridges, text
    # rendering (FreeType, HarfBuzz), colour management or WebP/AVIF codecs; Pillow skips what is missing.
    "PIL.ImageTk", "PIL._imagingtk", "PIL.ImageQt", "PIL.AvifImagePlugin", "PIL._avif", "PIL._webp",
    "PIL._imagingft", "PIL._imagingcms",
)

# Packages whose submodules are imported by name at run time (importlib), so analysis cannot see them.
DYNAMIC_PACKAGES = (
    "prakerja_desktop",  # commands/__init__.py imports the command modules by name
    "ui",  # wizard pages and staff screens are imported when first shown
    "phonenumbers.data",  # region metadata, loaded lazily by module name
    "phonenumbers.shortdata",
    "phonenumbers.carrierdata",
    "sqlalchemy.dialects.sqlite",
    "alembic.ddl",
)

# --- Data files ----------------------------------------------------------------------------------------

# Babel locale data: Bahasa Indonesia and English (and what they inherit from); 35 MB for all locales.
BABEL_LOCALES = ("root", "id", "id_ID", "en", "en_001", "en_ID", "en_US", "en_US_POSIX", "en_GB", "en_150")

# Qt's own translations (standard dialogs): Qt ships none for Indonesian; English only otherwise.
QT_TRANSLATION_LANGUAGES = ("id", "en")

# --- Qt plugins and libraries --------------------------------------------------------------------------

# plugin folder -> file stems kept (without "lib" and ".so"/".dll"); a folder not listed is dropped.
QT_PLUGINS: dict[str, tuple[str, ...]] = {
    # xcb: X11 desktops and kiosks (Wayland sessions run it through XWayland); offscreen: tests and
    # headless smoke runs; minimal: diagnostics. Windows needs "qwindows".
    "platforms": ("qxcb", "qoffscreen", "qminimal", "qwindows"),
    # OpenGL on X11 (Qt Charts' OpenGL series, any QOpenGLWidget); small.
    "xcbglintegrations": ("qxcb-glx-integration", "qxcb-egl-integration"),
    "printsupport": ("cupsprintersupport", "windowsprintersupport"),
    "imageformats": ("qsvg", "qjpeg", "qico"),  # PNG is built into QtGui
    "iconengines": ("qsvgicon",),
    # compose: dead keys and compose sequences on X11; ibus: input methods people may have set up;
    # qtvirtualkeyboardplugin: the on-screen keyboard (QT_IM_MODULE=qtvirtualkeyboard, ui/keyboard.py).
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin",
                              "qtvirtualkeyboardplugin"),
    # Reading aloud: speech-dispatcher on Linux (libspeechd from the system), SAPI and WinRT on Windows.
    # Not "mock" (a test double) nor "flite" (not in the wheels).
    "texttospeech": ("qtexttospeech_speechd", "qtexttospeech_sapi", "qtexttospeech_winrt"),
    "styles": ("qmodernwindowsstyle", "qwindowsvistastyle"),  # Windows look
}

# Qt shared libraries that may still be pulled in by a dependency scan but are never loaded by what we
# keep (name patterns, matched against the file name); KEPT_QT_LIBRARIES are the exceptions.
EXCLUDED_QT_LIBRARIES = (
    "*Qt6Quick*", "*Qt6Qml*", "*Qt6WebEngine*", "*Qt6WebChannel*", "*Qt6WebSockets*", "*Qt6WebView*",
    "*Qt63D*", "*Qt6Multimedia*", "*Qt6SpatialAudio*", "*Qt6TextToSpeech*", "*Qt6Wayland*",
    "*Qt6VirtualKeyboard*", "*Qt6ShaderTools*", "*Qt6Designer*", "*Qt6Sql*", "*Qt6Test*",
    "*Qt6Location*", "*Qt6Positioning*", "*Qt6Sensors*", "*Qt6Bluetooth*", "*Qt6Nfc*", "*Qt6Serial*",
    "*Qt6Graphs*", "*Qt6DataVisualization*", "*Qt6LabsStyleKit*", "*Qt6QuickControls2*",
    "*avcodec*", "*avformat*", "*avutil*", "*swresample*", "*swscale*",
)
# What the on-screen keyboard (Qt Quick, QML and the keyboard's own libraries) and reading aloud
# (TextToSpeech, and Multimedia, which it links) load: traced with strace on a running keyboard.
# "*Qt6Quick.*" matches libQt6Quick.so.6 and Qt6Quick.dll, not libQt6Quick3D.so.6.
KEPT_QT_LIBRARIES = (
    "*Qt6Quick.*", "*Qt6QuickLayouts.*", "*Qt6Qml.*", "*Qt6QmlModels.*", "*Qt6QmlMeta.*",
    "*Qt6QmlWorkerScript.*", "*Qt6VirtualKeyboard.*", "*Qt6VirtualKeyboardQml.*",
    "*Qt6VirtualKeyboardSettings.*", "*Qt6LabsFolderListModel.*", "*Qt6TextToSpeech.*", "*Qt6Multimedia.*",
)

# QML modules the keyboard's scene imports (the rest of qml/ stays out): QtQml and QtQuick themselves
# (only the files directly in their folders), and these folders whole.
QML_FOLDERS = ("QtQuick/VirtualKeyboard", "QtQuick/Layouts", "QtQuick/Window", "QtQml/Models",
               "QtQml/WorkerScript", "Qt/labs/folderlistmodel")
QML_TOP_FOLDERS = ("QtQml", "QtQuick")

# Folders of the Qt tree that never belong in the bundle (QML modules, WebEngine resources, tools).
EXCLUDED_QT_FOLDERS = ("qml", "resources", "libexec", "metatypes", "typesystems", "include", "doc")


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def _stem(file_name: str) -> str:
    name = file_name.removeprefix("lib")
    for suffix in (".so", ".dll", ".dylib"):
        if suffix in name:
            return name[: name.index(suffix)]
    return name


def keep_qml_file(inside_qml: tuple[str, ...]) -> bool:
    """True for a file of a QML module the on-screen keyboard imports (path parts below qml/)."""
    folder = "/".join(inside_qml[:-1])
    return folder in QML_TOP_FOLDERS or any(folder == kept or folder.startswith(kept + "/")
                                            for kept in QML_FOLDERS)


def keep_qt_file(dest: str) -> bool:
    """True when a file under PySide6/Qt (or PySide6/ for Windows wheels) belongs in the bundle."""
    parts = _parts(dest)
    if not parts or parts[0] != "PySide6":
        return True
    name = parts[-1]
    if (any(fnmatch.fnmatch(name, pattern) for pattern in EXCLUDED_QT_LIBRARIES)
            and not any(fnmatch.fnmatch(name, pattern) for pattern in KEPT_QT_LIBRARIES)):
        return False
    inner = parts[2:] if len(parts) > 2 and parts[1] == "Qt" else parts[1:]
    if not inner:
        return True
    if inner[0] == "qml" and len(inner) > 1:
        return keep_qml_file(inner[1:])
    if inner[0] in EXCLUDED_QT_FOLDERS and len(inner) > 1:
        return False
    if inner[0] == "plugins" and len(inner) > 2:
        return _stem(name) in QT_PLUGINS.get(inner[1], ())
    if inner[0] == "translations" and len(inner) > 1:
        language = name.rsplit(".", 1)[0].rsplit("_", 1)[-1]
        return language in QT_TRANSLATION_LANGUAGES
    return True


def keep_babel_file(dest: str) -> bool:
    """True for Babel's global data and the locales we speak."""
    parts = _parts(dest)
    if len(parts) >= 3 and parts[0] == "babel" and parts[1] == "locale-data":
        return parts[-1].removesuffix(".dat") in BABEL_LOCALES or parts[-1] == "LICENSE.unicode"
    return True


def keep(dest: str) -> bool:
    """The single rule applied to every collected binary and data file."""
    return keep_qt_file(dest) and keep_babel_file(dest)


def filter_toc(entries: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """PyInstaller TOC entries (dest, source, type) that pass keep()."""
    return [entry for entry in entries if keep(entry[0])]


def drop_dangling_symlinks(entries: Iterable[tuple[str, str, str]], *others: Iterable[tuple[str, str, str]]
                           ) -> list[tuple[str, str, str]]:
    """Entries without the SYMLINK entries whose target is no longer collected.

    PyInstaller links Qt libraries into the top folder ("libQt6Quick.so.6 -> PySide6/Qt/lib/…"); a SYMLINK
    entry is (link, target relative to the link's folder, "SYMLINK"). `others`: further TOCs whose files
    count as collected (the datas when filtering the binaries).
    """
    entries = list(entries)
    collected = {posixpath.normpath(e[0].replace("\\", "/")) for toc in (entries, *others) for e in toc
                 if e[2] != "SYMLINK"}
    kept = []
    for entry in entries:
        if entry[2] == "SYMLINK":
            link = entry[0].replace("\\", "/")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(link), entry[1].replace("\\", "/")))
            if target not in collected:
                continue
        kept.append(entry)
    return kept


# --- Files of our own ----------------------------------------------------------------------------------


def qml_files(qml: Path, dest: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(binaries, datas) as (source file, destination folder) for the QML modules we keep.

    PyInstaller collects qml/ only for the QtQml binding, which we leave out; the plugin libraries go in
    as binaries, so their Qt libraries are found and collected too.
    """
    binaries, datas = [], []
    for path in sorted(qml.rglob("*")):
        relative = path.relative_to(qml)
        if not path.is_file() or not keep_qml_file(relative.parts):
            continue
        pair = (str(path), f"{dest}/{relative.parent.as_posix()}")
        (binaries if path.suffix in (".so", ".dll", ".dylib") else datas).append(pair)
    return binaries, datas


def tree_datas(source: Path, dest: str, patterns: tuple[str, ...] = ("*",)) -> list[tuple[str, str]]:
    """(source file, destination folder) pairs for every file under source (no caches)."""
    pairs = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        if not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
            continue
        relative = path.parent.relative_to(source).as_posix()
        pairs.append((str(path), dest if relative == "." else f"{dest}/{relative}"))
    return pairs


def migration_imports(migrations: Path) -> list[str]:
    """Modules that the migration scripts import: Alembic loads them by path, so analysis cannot see
    them; they become hidden imports."""
    found: set[str] = set()
    for script in sorted(migrations.rglob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    found.discard("__future__")
    return sorted(found)


# --- Checks on a built Linux bundle (paths relative to its _internal folder) ---------------------------

REQUIRED_FILES = (
    "resources/rules/2023.toml", "resources/options.toml", "resources/consent.toml",
    "resources/styles/app.qss", "resources/images/ktp.svg", "resources/fonts/DejaVuSans.ttf",
    "resources/icons/prakerja.svg",
    "prakerja_desktop/storage/migrations/env.py", "prakerja_desktop/storage/migrations/script.py.mako",
    "prakerja_desktop/storage/migrations/versions/0001_initial_schema.py",
    "resources/regions/wilayah.csv", "babel/global.dat", "babel/locale-data/id.dat", "babel/locale-data/en.dat",
    "babel/locale-data/root.dat", "reportlab/fonts/Vera.ttf",
    "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so", "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Charts.so.6", "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/QtCharts.abi3.so", "PySide6/QtPdfWidgets.abi3.so", "PySide6/QtPrintSupport.abi3.so",
    "PySide6/QtSvg.abi3.so",
    # The on-screen keyboard: the input context plugin, Qt Quick, the keyboard's QML modules and layouts.
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", "PySide6/Qt/qml/QtQuick/VirtualKeyboard/qmldir",
    "PySide6/Qt/qml/QtQuick/VirtualKeyboard/Layouts/libqtvkblayoutsplugin.so",
    "PySide6/Qt/qml/QtQuick/VirtualKeyboard/Styles/Builtin/libqtvkbbuiltinstylesplugin.so",
    "PySide6/Qt/qml/QtQuick/Layouts/libqquicklayoutsplugin.so", "PySide6/Qt/qml/QtQuick/Window/qmldir",
    "PySide6/Qt/qml/Qt/labs/folderlistmodel/qmldir",
    # Reading aloud: Qt TextToSpeech and its speech-dispatcher engine.
    "PySide6/QtTextToSpeech.abi3.so", "PySide6/Qt/lib/libQt6TextToSpeech.so.6",
    "PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so",
)

# Nothing matching these may be in the bundle (fnmatch against the path relative to _internal).
FORBIDDEN_FILES = (
    "*WebEngine*", "*qtwebengine*", "PySide6/Qt/qml/QtQuick/Controls/*", "PySide6/Qt/qml/QtQuick3D/*",
    "PySide6/Qt/qml/QtMultimedia/*", "*Qt6Quick3D*", "*Qt6QuickControls2*", "*Qt6QuickTemplates2*",
    "*Qt6QmlCompiler*", "*Qt63D*", "*Qt6MultimediaQuick*", "*Qt6MultimediaWidgets*", "*avcodec*",
    "*Qt6Bluetooth*", "*Qt6Location*", "*Qt6Sensors*", "*Qt6Sql*",
    "*Qt6WebSockets*", "PySide6/QtQml*", "PySide6/QtQuick*", "PySide6/QtNetwork*", "PySide6/QtOpenGL*",
    "PySide6/QtMultimedia*", "PySide6/Qt/plugins/platformthemes/*", "PySide6/Qt/plugins/multimedia/*",
    "PySide6/Qt/plugins/texttospeech/*mock*", "PySide6/Qt/plugins/tls/*",
    "phonenumbers/geodata/*", "pytest/*", "_pytest/*", "hypothesis/*",
)


def bundle_problems(internal: Path) -> list[str]:
    """Required files missing from, and forbidden files present in, a built bundle's _internal folder."""
    problems = [f"missing: {name}" for name in REQUIRED_FILES if not (internal / name).exists()]
    for path in internal.rglob("*"):
        relative = path.relative_to(internal).as_posix()
        if any(fnmatch.fnmatch(relative, pattern) for pattern in FORBIDDEN_FILES):
            problems.append(f"should not be there: {relative}")
    # A Qt translation we do not ship a language for.
    for path in (internal / "PySide6" / "Qt" / "translations").glob("*.qm"):
        if not keep_qt_file(f"PySide6/Qt/translations/{path.name}"):
            problems.append(f"should not be there: {path.relative_to(internal).as_posix()}")
    return problems


# Python modules (in the PYZ archive) that must be there, and prefixes that must not.
REQUIRED_MODULES = (
    "prakerja_desktop.commands.receipt", "prakerja_desktop.commands.info", "ui.app",
    "ui.wizard.welcome", "ui.staff.dashboard_charts", "ui.receipts.preview",
    "phonenumbers.data.region_ID", "phonenumbers.shortdata.region_ID", "phonenumbers.carrierdata",
    "alembic.ddl.sqlite", "sqlalchemy.dialects.sqlite.pysqlite", "babel.dates", "segno", "openpyxl",
    "argon2", "cryptography.hazmat.primitives.asymmetric.ed25519", "email_validator", "stdnum.id.nik",
    "prakerja_desktop.domain.region_data", "zxingcpp", "pypdfium2",
    # Reading aloud (the helper process is the bundle itself: main.py --speech-helper; the QtTextToSpeech
    # extension is a file: REQUIRED_FILES) and the office server.
    "ui.speech_helper", "psycopg", "psycopg_binary",
    "sqlalchemy.dialects.postgresql.psycopg",
)
FORBIDDEN_MODULES = (
    "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "PySide6.QtMultimedia", "PySide6.QtSql",
    "PySide6.QtNetwork", "PySide6.QtOpenGL", "phonenumbers.geodata", "dns", "pytest", "_pytest",
    "hypothesis", "pypdf", "tkinter", "PyInstaller",
)


def module_problems(modules: set[str]) -> list[str]:
    """Required modules missing from, and forbidden ones present in, the bundle's module archive."""
    problems = [f"module missing: {name}" for name in REQUIRED_MODULES if name not in modules]
    for name in sorted(modules):
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_MODULES):
            problems.append(f"module should not be there: {name}")
    return problems


def archived_modules(pyz_toc: Path) -> set[str]:
    """Module names listed in PyInstaller's build/<spec>/PYZ-00.toc (a Python literal)."""
    _archive, entries = ast.literal_eval(pyz_toc.read_text(encoding="utf-8"))
    return {entry[0] for entry in entries}
