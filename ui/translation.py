"""Qt's side of the language: Qt's own texts (standard buttons, file dialogs, context menus).

Qt ships no Indonesian translation (qtbase_id.qm does not exist), so the texts people actually meet in
Qt's own dialogs are message ids of our catalogue (`QtTextTranslator`): Indonesian by default, English
and any dropped-in language through the same .po files as everything else. For languages Qt does
translate (qtbase_<lang>.qm beside Qt, e.g. German), Qt's catalogue covers the rest of its texts.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from prakerja_desktop import i18n
from prakerja_desktop.i18n import N_, _

logger = logging.getLogger(__name__)

# (Qt context, Qt's English source text) -> our Indonesian message id. The source texts are Qt's own
# (qplatformtheme.cpp, qfiledialog.cpp, qlineedit.cpp...); a test checks them against qtbase_de.qm.
QT_TEXTS: dict[tuple[str, str], str] = {
    ("QPlatformTheme", "OK"): N_("OK"),
    ("QPlatformTheme", "Cancel"): N_("Batal"),
    ("QPlatformTheme", "&Yes"): N_("&Ya"),
    ("QPlatformTheme", "&No"): N_("&Tidak"),
    ("QPlatformTheme", "Save"): N_("Simpan"),
    ("QPlatformTheme", "Open"): N_("Buka"),
    ("QPlatformTheme", "Close"): N_("Tutup"),
    ("QPlatformTheme", "Apply"): N_("Terapkan"),
    ("QPlatformTheme", "Discard"): N_("Buang"),
    ("QPlatformTheme", "Help"): N_("Bantuan"),
    ("QPlatformTheme", "Reset"): N_("Atur ulang"),
    ("QPlatformTheme", "Retry"): N_("Coba lagi"),
    ("QPlatformTheme", "Ignore"): N_("Abaikan"),
    ("QPlatformTheme", "Abort"): N_("Hentikan"),
    ("QFileDialog", "File &name:"): N_("&Nama berkas:"),
    ("QFileDialog", "&Open"): N_("&Buka"),
    ("QFileDialog", "&Save"): N_("&Simpan"),
    ("QFileDialog", "&Choose"): N_("&Pilih"),
    ("QFileDialog", "Open"): N_("Buka"),
    ("QFileDialog", "Save As"): N_("Simpan sebagai"),
    ("QFileDialog", "Find Directory"): N_("Pilih folder"),
    ("QFileDialog", "Directory:"): N_("Folder:"),
    ("QFileDialog", "Back"): N_("Mundur"),
    ("QFileDialog", "Forward"): N_("Maju"),
    ("QFileDialog", "Parent Directory"): N_("Folder di atasnya"),
    ("QFileDialog", "Create New Folder"): N_("Buat folder baru"),
    ("QFileDialog", "New Folder"): N_("Folder baru"),
    ("QFileDialog", "&New Folder"): N_("Folder &baru"),
    ("QFileDialog", "List View"): N_("Daftar"),
    ("QFileDialog", "Detail View"): N_("Rincian"),
    ("QFileDialog", "All Files (*)"): N_("Semua berkas (*)"),
    ("QFileDialog", "Directories"): N_("Folder"),
    ("QFileDialog", "Recent Places"): N_("Tempat terakhir"),
    ("QFileDialog", "&Delete"): N_("&Hapus"),
    ("QFileDialog", "&Rename"): N_("&Ganti nama"),
    ("QFileDialog", "Show &hidden files"): N_("Tampilkan berkas &tersembunyi"),
    ("QFileDialog", "%1 already exists.\nDo you want to replace it?"): N_(
        "%1 sudah ada.\nGanti dengan yang baru?"),
    ("QFileDialog", "%1\nFile not found.\nPlease verify the correct file name was given."): N_(
        "%1\nBerkas tidak ditemukan.\nPeriksa lagi nama berkasnya."),
    ("QFileSystemModel", "Name"): N_("Nama"),
    ("QFileSystemModel", "Size"): N_("Ukuran"),
    ("QFileSystemModel", "Type"): N_("Jenis"),
    ("QFileSystemModel", "Date Modified"): N_("Tanggal diubah"),
    ("QLineEdit", "&Undo"): N_("&Urungkan"),
    ("QLineEdit", "&Redo"): N_("U&langi"),
    ("QLineEdit", "Cu&t"): N_("&Potong"),
    ("QLineEdit", "&Copy"): N_("&Salin"),
    ("QLineEdit", "&Paste"): N_("&Tempel"),
    ("QLineEdit", "Delete"): N_("Hapus"),
    ("QLineEdit", "Select All"): N_("Pilih semua"),
    ("QMessageBox", "Show Details..."): N_("Tampilkan rincian…"),
    ("QMessageBox", "Hide Details..."): N_("Sembunyikan rincian…"),
}


QM_MAGIC = bytes([0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95, 0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD])
_QM_HASHES, _QM_MESSAGES = 0x42, 0x69  # block tags of a .qm file (qtranslator.cpp)
_TAG_END, _TAG_TRANSLATION, _TAG_SOURCE, _TAG_CONTEXT = 1, 3, 6, 7


def _elf_hash(data: bytes) -> int:
    """Qt's hash of a source text in a .qm file (qtranslator.cpp elfHash)."""
    value = 0
    for byte in data:
        value = ((value << 4) + byte) & 0xFFFFFFFF
        high = value & 0xF0000000
        if high:
            value ^= high >> 24
        value &= ~high & 0xFFFFFFFF
    return value or 1


def qm_catalogue(texts: dict[tuple[str, str], str]) -> bytes:
    """A compiled Qt catalogue (.qm) of (context, source text) -> translation.

    Qt's own texts are answered from a .qm, not from a Python QTranslator subclass: Qt asks translators
    from any thread (the on-screen keyboard's QML loader thread), and a Python one then needs the GIL,
    which the GUI thread holds while it waits for that loader: the app froze on the first focused field.
    """
    entries = []
    for (context, source), translation in texts.items():
        source_bytes, context_bytes = source.encode("utf-8"), context.encode("utf-8")
        encoded = translation.encode("utf-16-be")
        entries.append((_elf_hash(source_bytes),
                        bytes([_TAG_TRANSLATION]) + len(encoded).to_bytes(4, "big") + encoded
                        + bytes([_TAG_SOURCE]) + len(source_bytes).to_bytes(4, "big") + source_bytes
                        + bytes([_TAG_CONTEXT]) + len(context_bytes).to_bytes(4, "big") + context_bytes
                        + bytes([_TAG_END])))
    entries.sort(key=lambda entry: entry[0])
    hashes, messages = b"", b""
    for hashed, message in entries:
        hashes += hashed.to_bytes(4, "big") + len(messages).to_bytes(4, "big")
        messages += message
    return (QM_MAGIC + bytes([_QM_HASHES]) + len(hashes).to_bytes(4, "big") + hashes
            + bytes([_QM_MESSAGES]) + len(messages).to_bytes(4, "big") + messages)


def qt_texts_in(language_texts: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """QT_TEXTS translated with the current language (the message ids are Indonesian)."""
    return {key: _(message) for key, message in language_texts.items()}


_installed: list[QTranslator] = []
_catalogues: list[bytes] = []  # the bytes of the installed catalogue (Qt does not copy them)


def apply_language(language: str) -> None:
    """Switch the core's language and Qt's own texts (the application must exist)."""
    i18n.set_language(language)
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_catalogue = QTranslator(app)
    if language != "en" and qt_catalogue.load(f"qtbase_{language}", qt_folder):
        QCoreApplication.installTranslator(qt_catalogue)
        _installed.append(qt_catalogue)
    ours = QTranslator(app)
    data = qm_catalogue(qt_texts_in(QT_TEXTS))
    _catalogues[:] = [data]  # Qt reads the bytes in place: they must live as long as the translator
    if ours.load(data):
        QCoreApplication.installTranslator(ours)  # installed last, so asked first
        _installed.append(ours)
    else:  # pragma: no cover - a malformed catalogue would be a bug of qm_catalogue
        logger.error("Qt's own texts: our catalogue did not load")
    logger.info("language set to %s", language)
