"""The photo practice again, from Done: a window with the practice and "Tutup"."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from ui.style import follow_display
from ui.widgets.accessible import describe


class PhotoPracticeDialog(QDialog):
    """The practice in its own window; closing it releases the camera and forgets the pictures."""

    def __init__(self, parent: QWidget | None = None, *, allow_files: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("photoPracticeDialog")
        self.setWindowTitle(_("Latihan foto"))
        follow_display(self)
        from ui.photo.practice import PhotoPractice  # numpy and OpenCV: only where the extra is installed

        layout = QVBoxLayout(self)
        self.practice = PhotoPractice(self, allow_files=allow_files)
        layout.addWidget(self.practice)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = QPushButton(_("Tutup"), self)
        self.close_button.setObjectName("photoCloseButton")
        describe(self.close_button, _("Tutup"), _("Menutup latihan foto. Foto tidak disimpan."))
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.close_button)
        layout.addLayout(row)
        self.finished.connect(lambda _code: self.practice.release())


def add_practice_button(page: QWidget, layout: QVBoxLayout, *, allow_files: bool) -> QPushButton | None:
    """A "Latihan foto" button that opens the practice (None where this PC cannot run it)."""
    from prakerja_desktop import photo

    if not photo.library_available():
        return None
    button = QPushButton(_("Latihan foto KTP dan wajah"), page)
    button.setObjectName("photoPracticeButton")
    describe(button, _("Latihan foto KTP dan wajah"),
             _("Berlatih foto KTP dan foto wajah sebelum mendaftar online. Foto tidak disimpan."))

    def open_practice() -> None:
        dialog = PhotoPracticeDialog(page.window(), allow_files=allow_files)
        dialog.setModal(True)
        dialog.open()
        dialog.finished.connect(dialog.deleteLater)

    button.clicked.connect(open_practice)
    layout.addWidget(button)
    return button
