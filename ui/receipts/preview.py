"""The receipt preview: the PDF as it will print, with big "Cetak", "Simpan PDF…" and "Tutup" buttons.

With CUPS (Linux) the PDF goes to the queue as is, on the worker thread; without it (Windows) Qt
prints each page rendered by QtPdf. Printer trouble is said in plain words and "Simpan PDF…" is
offered instead. Printing never touches records, so nothing can be submitted twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop import printing
from prakerja_desktop.i18n import _
from ui.receipts import qt_print
from ui.receipts.documents import PrintableDocument, Runner, save_problem_message, write_pdf
from ui.style import follow_display
from ui.widgets.file_dialog import speak_our_language

logger = logging.getLogger(__name__)

PREVIEW_STYLE = """
QLabel#printStatus { padding: 12px; font-size: 19px; border: 2px solid @primary@; background: @tint@; }
QLabel#printStatus[kind="problem"] { border-color: @banner_border@; background: @banner@; }
QPushButton#printButton, QPushButton#closeButton { min-width: 140px; }
QPushButton#saveButton { min-width: 170px; }
QPushButton#printButton { font-weight: bold; }
QPushButton#saveButton[highlight="true"] { font-weight: bold; border: 4px solid @warning@; background: @banner@; }
QComboBox#printerChoice { min-width: 200px; }
"""

ROLL_VIEW_WIDTH = 460  # pixels: an 80 mm roll is shown this wide
_last_folder: Path | None = None  # the folder chosen last, remembered for this session only


class ReceiptPreview(QDialog):
    """Shows a PDF and prints or saves it; open it with .open() or .show(), never exec()."""

    printed = Signal(str)  # the printer's name, once it accepted the job
    saved = Signal(str)  # the path of the saved file
    problem_shown = Signal(str)  # a message about printer or saving trouble
    use_native_dialogs: ClassVar[bool] = True  # tests turn this off to drive Qt's own folder dialog

    def __init__(self, document: PrintableDocument, runner: Runner, *, silent: bool = False,
                 use_cups: bool | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptPreview")
        follow_display(self, PREVIEW_STYLE)
        self.setWindowTitle(_("Pratinjau: {title}").format(title=document.title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.document = document
        self.runner = runner
        self.silent = silent  # kiosk: straight to the default printer, no dialogs
        self.use_cups = printing.cups_available() if use_cups is None else use_cups
        self.make_qt_printer: Callable[[], QPrinter] = qt_print.default_printer  # tests print to a file
        self.folder_dialog: QFileDialog | None = None
        self._qt_printer: QPrinter | None = None
        self._busy = False
        self._shown_once = False

        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(document.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.pdf)
        single = self.pdf.pageCount() <= 1  # receipts are one page: no scrolling between pages
        self.view.setPageMode(QPdfView.PageMode.SinglePage if single else QPdfView.PageMode.MultiPage)
        self._set_zoom()
        self.view.setAccessibleName(_("Pratinjau dokumen"))
        QScroller.grabGesture(self.view.viewport(), QScroller.ScrollerGestureType.TouchGesture)  # finger scroll

        self.status_label = QLabel(self)
        self.status_label.setObjectName("printStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setVisible(False)
        self.printer_label = QLabel(_("Printer:"), self)
        self.printer_choice = QComboBox(self)
        self.printer_choice.setObjectName("printerChoice")
        self.printer_label.setBuddy(self.printer_choice)
        self.printer_choice.setAccessibleName(_("Printer"))
        self.printer_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.printer_choice.setMinimumContentsLength(12)  # a long queue name never widens the window
        self.print_button = self._button(_("Cetak"), "printButton", self.print_now)
        self.save_button = self._button(_("Simpan PDF…"), "saveButton", self.choose_folder)
        self.close_button = self._button(_("Tutup"), "closeButton", self.close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 20)
        layout.setSpacing(12)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        for widget in (self.printer_label, self.printer_choice, self.print_button, self.save_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        choose = self.use_cups and not silent
        self.printer_label.setVisible(choose)
        self.printer_choice.setVisible(choose)
        self._fit_to(parent)

    def _set_zoom(self) -> None:
        """A4: the whole page in view. Roll: a strip about as wide as a hand (scroll down to read)."""
        if not self.document.media.startswith("roll") or self.pdf.pageCount() == 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
            if self.pdf.pageCount() <= 1:  # the whole page is in view: a scrollbar would only distract
                self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
                self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            return
        pixels_per_point = self.logicalDpiX() / 72
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(ROLL_VIEW_WIDTH / (self.pdf.pagePointSize(0).width() * pixels_per_point))

    def _button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(text.rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _fit_to(self, parent: QWidget | None) -> None:
        """Most of the parent window (or 900×700), never smaller than a kiosk screen allows."""
        window = parent.window() if parent is not None else None
        if window is not None and window.width() > 0:
            self.resize(max(640, int(window.width() * 0.9)), max(520, int(window.height() * 0.9)))
        else:
            self.resize(900, 700)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """On first show: list the printers (staff), or print at once (kiosk)."""
        super().showEvent(event)
        if self._shown_once:
            return
        self._shown_once = True
        if self.silent:
            QTimer.singleShot(0, self, self.print_now)  # once the preview is on screen
        elif self.use_cups:
            self.runner.run(printing.printers, self._on_printers, self._on_printers_failed, owner=self)

    # --- printing ----------------------------------------------------------------------------------

    def chosen_printer(self) -> str | None:
        """The queue picked in the list (None: the default one)."""
        if self.silent or not self.use_cups or self.printer_choice.currentIndex() < 0:
            return None
        return self.printer_choice.currentData()

    def print_now(self) -> None:
        """Print: to CUPS on the worker, or with Qt where CUPS is missing."""
        if self._busy:
            return  # one touch, one job
        if not self.use_cups:
            self._print_with_qt()
            return
        self._set_busy(True)
        self._show_status(_("Sedang mengirim ke printer…"), problem=False)
        pdf, queue, title, media = self.document.pdf, self.chosen_printer(), self.document.title, self.document.media
        self.runner.run(lambda: printing.print_pdf(pdf, queue, title, media), self._on_printed,
                        self._on_print_failed, owner=self)

    def _on_printers(self, found: list[printing.PrinterInfo]) -> None:
        self.printer_choice.clear()
        for info in found:
            label = info.name
            if info.is_default:
                label = _("{name} (utama)").format(name=info.name)
            if not info.enabled:
                label = _("{name} (berhenti)").format(name=label)
            self.printer_choice.addItem(label, info.name)
        if not found:
            self._show_problem(printing.PrinterProblem(printing.PrinterProblemKind.NO_PRINTER, "none installed"))

    def _on_printers_failed(self, exc: Exception) -> None:
        self._show_problem(exc)

    def _on_printed(self, job: printing.PrintJob) -> None:
        self._set_busy(False)
        self._show_status(_("✔ Sudah dikirim ke printer {printer}. Silakan ambil kertasnya di printer.").format(
            printer=job.printer), problem=False)
        self.printed.emit(job.printer)

    def _on_print_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_problem(exc)

    def _print_with_qt(self) -> None:
        try:
            printer = self.make_qt_printer()
        except printing.PrinterProblem as exc:
            self._show_problem(exc)
            return
        qt_print.set_media(printer, self.pdf, self.document.media)
        printer.setDocName(printing.safe_title(self.document.title))
        if self.silent:
            self._paint(printer)
            return
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        # The dialog points at the printer: the printer is kept here until the next print, and the
        # dialog is deleted before that (never a dialog outliving its printer).
        self._qt_printer = printer
        dialog.accepted.connect(self._on_print_dialog_accepted)
        dialog.finished.connect(dialog.deleteLater)
        QDialog.open(dialog)  # PySide's QPrintDialog.open wants a receiver; Windows shows it natively

    def _on_print_dialog_accepted(self) -> None:
        if self._qt_printer is not None:
            self._paint(self._qt_printer)

    def _paint(self, printer: QPrinter) -> None:
        self._set_busy(True)
        try:
            qt_print.paint_pdf(self.pdf, printer)
        except Exception as exc:  # noqa: BLE001 - any printer failure is shown, never a traceback
            self._set_busy(False)
            self._show_problem(exc)
            return
        self._set_busy(False)
        name = printer.printerName() or printer.outputFileName()
        self._show_status(_("✔ Sudah dikirim ke printer {printer}. Silakan ambil kertasnya di printer.").format(
            printer=name), problem=False)
        self.printed.emit(name)

    # --- saving ------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Ask for a folder (a USB stick); the PDF is written there once one is chosen."""
        dialog = QFileDialog(self, _("Pilih folder untuk menyimpan PDF"),
                             str(_last_folder or Path.home()))
        dialog.setObjectName("folderDialog")
        speak_our_language(dialog)
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.use_native_dialogs)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Simpan di sini"))
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.fileSelected.connect(lambda folder: self.save_to(Path(folder)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folder_dialog = dialog
        dialog.open()

    def save_to(self, folder: Path) -> None:
        """Write the PDF into this folder (on the worker: a USB stick may be slow)."""
        global _last_folder
        _last_folder = folder
        self._show_status(_("Sedang menyimpan…"), problem=False)
        pdf, name = self.document.pdf, self.document.file_name
        self.runner.run(lambda: write_pdf(pdf, folder, name), self._on_saved, self._on_save_failed, owner=self)

    def _on_saved(self, path: Path) -> None:
        self._show_status(_("✔ PDF tersimpan: {path}").format(path=str(path)), problem=False)
        self.saved.emit(str(path))

    def _on_save_failed(self, exc: Exception) -> None:
        logger.warning("saving a PDF failed: %s", type(exc).__name__)
        message = save_problem_message(exc)
        self._show_status("⚠ " + message, problem=True)
        self.problem_shown.emit(message)

    # --- messages ----------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.print_button.setEnabled(not busy)

    def _show_problem(self, exc: Exception) -> None:
        """Printer trouble: a plain message, and "Simpan PDF…" offered as the way out."""
        if isinstance(exc, printing.PrinterProblem):
            logger.warning("printing failed: %s", exc)
            message = exc.user_message
        else:
            logger.error("printing failed unexpectedly", exc_info=exc)
            message = printing.PrinterProblem(printing.PrinterProblemKind.JOB_FAILED).user_message
        self._show_status("⚠ " + message, problem=True)
        self.save_button.setProperty("highlight", True)
        self.save_button.style().unpolish(self.save_button)
        self.save_button.style().polish(self.save_button)
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.problem_shown.emit(message)

    def _show_status(self, text: str, *, problem: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setAccessibleName(text)
        self.status_label.setProperty("kind", "problem" if problem else "ok")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setVisible(True)
