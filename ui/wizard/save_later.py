""""Lanjutkan nanti": the draft's code, big, to print (A4 or roll, with a QR code) or hear, then stop for now."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.domain.spoken import spoken_code
from prakerja_desktop.i18n import _
from ui.style import follow_display
from ui.widgets.read_aloud import ReadAloudButton
from ui.wizard.context import WizardContext

SAVE_LATER_QSS = """
QLabel#slipCode { font-size: 44px; font-weight: bold; letter-spacing: 6px; padding: 8px 0; }
"""


def grouped(code: str) -> str:
    """The code in groups of three, as on the slip ("QKH YP7")."""
    return " ".join(code[i:i + 3] for i in range(0, len(code), 3))


class SaveForLaterDialog(QDialog):
    """Shows the code with print and read-aloud; "Selesai untuk sekarang" ends the session kept."""

    def __init__(self, context: WizardContext, code: str, on_stop: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveForLaterDialog")
        self.setWindowTitle(_("Lanjutkan nanti"))
        self.setModal(True)
        follow_display(self, SAVE_LATER_QSS)
        self.context, self.code = context, code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        intro = QLabel(_("Isian Anda sudah tersimpan. Catat, cetak atau foto kode ini. Untuk melanjutkan, "
                         "buka layar \"Selamat datang\" dan ketik kode ini."), self)
        intro.setWordWrap(True)
        intro.setObjectName("pageIntro")
        layout.addWidget(intro)
        self.code_label = QLabel(grouped(code), self)
        self.code_label.setObjectName("slipCode")
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code_label.setAccessibleName(_("Kode isian: {code}").format(code=spoken_code(code)))
        layout.addWidget(self.code_label)
        warning = QLabel(_("Siapa pun yang tahu kode ini bisa membuka isian Anda. Jangan berikan kepada "
                           "orang lain."), self)
        warning.setWordWrap(True)
        layout.addWidget(warning)

        from ui.receipts.print_row import PrintRow  # QtPdf and the renderer load with the first print

        self.print_row = PrintRow(context, self._print_job, _("Cetak kode"), parent=self,
                                  failure_hint=_("Catat kodenya dengan tangan."))
        self.read_button = ReadAloudButton(_("Bacakan kode"), "readCodeButton",
                                           _("Membacakan kode isian huruf demi huruf."), self.spoken, self)
        tools = QHBoxLayout()
        tools.addWidget(self.print_row, 1)
        tools.addWidget(self.read_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(tools)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("Kembali mengisi"), self)
        self.back_button.setObjectName("keepFillingButton")
        self.back_button.setAccessibleName(_("Kembali mengisi"))
        self.stop_button = QPushButton(_("Selesai untuk sekarang"), self)
        self.stop_button.setObjectName("stopForNowButton")
        self.stop_button.setAccessibleName(_("Selesai untuk sekarang"))
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        layout.addLayout(buttons)
        self.back_button.clicked.connect(self.reject)
        self.stop_button.clicked.connect(self.accept)
        self.accepted.connect(on_stop)
        self.finished.connect(self.deleteLater)

    def spoken(self) -> str:
        """What "Bacakan kode" says."""
        return _("Kode isian Anda: {code}.").format(code=spoken_code(self.code))

    def _print_job(self):  # type: ignore[no-untyped-def]
        """The slip, rendered on the worker in the office's receipt layout."""
        from ui.receipts.documents import MEDIA_OF_LAYOUT, PrintableDocument, office_layout

        context, code = self.context, self.code

        def render() -> PrintableDocument:
            app = context.app
            assert app is not None  # work sent with run() waits for the opening
            layout = office_layout(app)
            return PrintableDocument(app.drafts.slip_pdf(code, layout), _("Lanjutkan nanti"),
                                     "kode-isian.pdf", MEDIA_OF_LAYOUT[layout])  # no code in print queues

        return render
