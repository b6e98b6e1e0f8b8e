"""File dialogs for the sync screen: Qt's own dialogs in tests, the system's in use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from prakerja_desktop.i18n import _
from ui.widgets.file_dialog import speak_our_language


class FileAsker:
    """Opens one non-modal file dialog at a time; `dialog` is the open one (tests drive it)."""

    use_native_dialogs = True  # tests turn this off to drive Qt's own dialogs

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.dialog: QFileDialog | None = None

    def _dialog(self, title: str, name: str, start: Path) -> QFileDialog:
        dialog = QFileDialog(self.parent, title, str(start))
        dialog.setObjectName(name)
        speak_our_language(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not FileAsker.use_native_dialogs)
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        return dialog

    def open_file(self, title: str, filters: list[str], chosen: Callable[[Path], None],
                  start: Path | None = None) -> None:
        """Ask for an existing file."""
        dialog = self._dialog(title, "openDialog", start or Path.home())
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([*filters, _("Semua berkas (*)")])
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Pilih"))
        dialog.fileSelected.connect(lambda name: chosen(Path(name)))
        dialog.open()

    def save_file(self, title: str, suggested: str, chosen: Callable[[Path], None],
                  start: Path | None = None) -> None:
        """Ask where to write a new file (a USB stick, usually)."""
        dialog = self._dialog(title, "saveDialog", start or Path.home())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.selectFile(suggested)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Simpan"))
        dialog.fileSelected.connect(lambda name: chosen(Path(name)))
        dialog.open()
