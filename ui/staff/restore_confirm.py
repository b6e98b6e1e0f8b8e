"""The strong confirmation before a restore: say what happens, and make the person type a word."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from ui.staff.common import big_button, secret_edit
from ui.style import follow_display

CONFIRM_WORD = "PULIHKAN"


class RestoreConfirmDialog(QDialog):
    """accepted() only after the confirmation word is typed exactly (upper or lower case)."""

    def __init__(self, backup_label: str, parent: QWidget | None = None, *, ask_passphrase: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("restoreConfirmDialog")
        self.setWindowTitle(_("Pulihkan cadangan"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        text = QLabel(_(
            "Semua data di komputer ini akan diganti dengan isi cadangan {backup}.\n\n"
            "• Data yang dimasukkan sesudah cadangan itu dibuat tidak ada di dalamnya.\n"
            "• Sebelum diganti, data yang sekarang disimpan dulu sebagai salinan pengaman di folder data "
            "(tidak dihapus).\n"
            "• Sesudahnya aplikasi membuka data yang dipulihkan dan Anda perlu masuk lagi.\n\n"
            "Ketik {word} untuk melanjutkan.").format(backup=backup_label, word=CONFIRM_WORD), self)
        text.setObjectName("restoreConfirmText")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setStyleSheet("font-size: 17px;")
        layout.addWidget(text)
        self.word_edit = QLineEdit(self)
        self.word_edit.setObjectName("restoreConfirmWord")
        self.word_edit.setAccessibleName(_("Ketik {word} untuk melanjutkan").format(word=CONFIRM_WORD))
        self.word_edit.setPlaceholderText(CONFIRM_WORD)
        self.word_edit.setMaxLength(40)
        self.word_edit.setMinimumHeight(48)
        self.word_edit.setStyleSheet("font-size: 20px;")
        layout.addWidget(self.word_edit)
        self.passphrase_edit = secret_edit("restorePassphrase", self)
        self.passphrase_edit.setAccessibleName(_("Kata sandi pemulihan kantor"))
        self.passphrase_edit.setPlaceholderText(_("Kata sandi pemulihan kantor"))
        self.passphrase_edit.setMinimumHeight(48)
        passphrase_note = QLabel(_("Cadangan ini dibuat di komputer lain: ketik juga kata sandi pemulihan "
                                   "kantor."), self)
        passphrase_note.setWordWrap(True)
        for widget in (passphrase_note, self.passphrase_edit):
            widget.setVisible(ask_passphrase)
            layout.addWidget(widget)
        self.ask_passphrase = ask_passphrase
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = big_button(_("Batal"), "restoreCancel", self)  # no default: Enter only confirms
        self.restore_button = big_button(_("Ganti data dengan cadangan"), "restoreConfirm", self)
        self.restore_button.setEnabled(False)
        follow_display(self.restore_button, "QPushButton#restoreConfirm:enabled { background: @error@; color: @on_primary@; }",
                       base=False)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.word_edit.textChanged.connect(self._on_text_changed)
        self.passphrase_edit.textChanged.connect(self._on_text_changed)
        self.passphrase_edit.returnPressed.connect(self._on_restore_clicked)
        self.word_edit.returnPressed.connect(self._on_restore_clicked)
        self.word_edit.setFocus()

    def confirmed(self) -> bool:
        """True when the typed word is the confirmation word (and a passphrase is typed if asked)."""
        word_ok = self.word_edit.text().strip().upper() == CONFIRM_WORD
        return word_ok and (not self.ask_passphrase or bool(self.passphrase_edit.text()))

    def passphrase(self) -> str | None:
        """The typed recovery passphrase, or None when not asked."""
        return self.passphrase_edit.text() if self.ask_passphrase else None

    def _on_text_changed(self, _text: str) -> None:
        self.restore_button.setEnabled(self.confirmed())

    def _on_restore_clicked(self) -> None:
        if self.confirmed():  # Enter with a wrong word does nothing
            self.accept()
