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


class QtTextTranslator(QTranslator):
    """Answers Qt's own texts from our catalogues; anything else falls through to Qt's .qm files."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,  # noqa: D102
                  n: int = -1) -> str | None:
        message = QT_TEXTS.get((context, source_text))
        # None (a null QString) means "not mine": Qt asks the next catalogue or keeps its text. An empty
        # string would count as a translation and blank every other Qt text.
        return _(message) if message is not None else None

    def isEmpty(self) -> bool:  # noqa: N802, D102 - Qt's name
        return False


_installed: list[QTranslator] = []


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
    ours = QtTextTranslator(app)
    QCoreApplication.installTranslator(ours)  # installed last, so asked first
    _installed.append(ours)
    logger.info("language set to %s", language)
