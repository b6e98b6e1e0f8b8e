"""A page's "Cetak …" button: renders the PDF on the worker, then opens the preview (non-blocking)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _
from ui.operations import plain_error

if TYPE_CHECKING:  # QtPdf loads with the first preview, not with the page
    from ui.receipts.documents import PrintableDocument, Runner
    from ui.receipts.preview import ReceiptPreview

logger = logging.getLogger(__name__)

# Called on the GUI thread when the button is touched: returns the work to run on the worker thread
# (which renders the PDF), or None when there is nothing to print.
JobMaker = Callable[[], Callable[[], "PrintableDocument"] | None]


class PrintRow(QWidget):
    """A big print button with a line under it for "preparing…" and trouble."""

    preview_opened = Signal(object)  # the ReceiptPreview, once on screen

    def __init__(self, runner: Runner, make_job: JobMaker, text: str, *, silent: bool = False,
                 failure_hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printRow")
        self.runner = runner
        self.make_job = make_job
        self.silent = silent  # kiosk: the preview prints at once to the default printer
        self.failure_hint = failure_hint
        self._preview: ReceiptPreview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.button = QPushButton(text, self)
        self.button.setObjectName("printButton")
        self.button.setAccessibleName(text)
        self.button.clicked.connect(self._on_print_clicked)
        self.status = QLabel(self)
        self.status.setObjectName("printNote")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setVisible(False)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)

    def reset(self) -> None:
        """Forget the last message (a new person)."""
        self.status.clear()
        self.status.setVisible(False)
        self.button.setEnabled(True)

    def _on_print_clicked(self) -> None:
        job = self.make_job()
        if job is None:
            return
        self.button.setEnabled(False)  # one touch, one preview
        self._say(_("Sedang menyiapkan dokumen…"))
        self.runner.run(job, self._on_document_ready, self._on_document_failed, owner=self)

    def _on_document_ready(self, document: PrintableDocument) -> None:
        from ui.receipts.preview import ReceiptPreview

        self.button.setEnabled(True)
        self.status.setVisible(False)
        # Parented to the page: a kiosk wipe (which rebuilds the pages) takes the preview with it.
        preview = ReceiptPreview(document, self.runner, silent=self.silent, parent=self)
        self._preview = preview
        preview.open()
        self.preview_opened.emit(preview)

    @property
    def preview(self) -> ReceiptPreview | None:
        """The preview on screen (None once it was closed: it deletes itself)."""
        if self._preview is not None and not shiboken6.isValid(self._preview):
            self._preview = None
        return self._preview

    def _on_document_failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        message = plain_error(exc, "rendering a document to print",
                              _("Dokumen belum bisa dibuat karena kesalahan program."))
        self._say("⚠ " + " ".join(part for part in (message, self.failure_hint) if part))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setVisible(True)
