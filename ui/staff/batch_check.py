"""Batch pre-check of a village list: choose a CSV/XLSX file and an output folder, check every row on the
worker (progress bar, "Batal"), then show the summary and where the annotated XLSX and PDF are."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from prakerja_desktop.batch import CheckSummary
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _, ngettext
from ui.operations import plain_error
from ui.staff.common import STAFF_QSS, big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import ProgressPanel, StatusLine
from ui.style import follow_display
from ui.widgets.choice import CheckRow
from ui.widgets.file_dialog import speak_our_language

logger = logging.getLogger(__name__)


def output_paths(source: Path, folder: Path, pdf: bool) -> tuple[Path, Path | None]:
    """"desa-hasil-cek.xlsx" (and .pdf) in the folder, numbered when such files are there already."""
    for number in range(1, 1000):
        stem = f"{source.stem}-hasil-cek" + (f" ({number})" if number > 1 else "")
        xlsx, pdf_path = folder / f"{stem}.xlsx", folder / f"{stem}.pdf"
        if not xlsx.exists() and not (pdf and pdf_path.exists()):
            return xlsx, pdf_path if pdf else None
    raise FileExistsError(str(folder))


class BatchCheckScreen(QWidget):
    """Check a list from a village before the outreach visit."""

    finished = Signal(object)  # CheckSummary
    use_native_dialogs: ClassVar[bool] = True  # tests turn this off to drive Qt's own dialogs

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchCheckScreen")
        follow_display(self, STAFF_QSS)
        self.context = context
        self.source: Path | None = None
        self.folder: Path | None = None
        self.summary: CheckSummary | None = None
        self.dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Cek daftar desa"), self))
        intro = QLabel(_("Pilih daftar dari desa (CSV atau Excel) dengan kolom nama, NIK, KK, nomor HP, "
                         "email dan tanggal lahir. Setiap baris diperiksa dengan aturan yang sama seperti di "
                         "layar pendaftaran. Hasilnya berkas Excel dengan catatan per baris, dan PDF untuk "
                         "dicetak."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.file_button = big_button(_("Pilih berkas…"), "chooseFile", self)
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(_("Belum ada berkas dipilih."), self)
        self.folder_button = big_button(_("Folder hasil…"), "chooseFolder", self)
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_label = QLabel(_("Sama dengan folder berkasnya."), self)
        for row, (button, label) in enumerate(((self.file_button, self.file_label),
                                               (self.folder_button, self.folder_label))):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(button, row, 0)
            grid.addWidget(label, row, 1)
        layout.addLayout(grid)
        self.pdf_row = CheckRow(_("Buat juga PDF untuk dicetak (NIK disamarkan)"), self)
        self.pdf_row.setChecked(True)
        layout.addWidget(self.pdf_row)
        self.check_button = big_button(_("Periksa daftar"), "runCheck", self, default=True)
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.start)
        layout.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress = ProgressPanel(self, name="batchProgress")
        layout.addWidget(self.progress)
        self.message = StatusLine(self)
        self.message.setObjectName("batchMessage")
        layout.addWidget(self.message)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("batchResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.result_label)
        layout.addWidget(scroll, 1)
        self.open_button = big_button(_("Buka folder hasil"), "openFolder", self)
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setVisible(False)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    # --- choosing -------------------------------------------------------------------------------

    def _dialog(self, title: str) -> QFileDialog:
        start = self.folder or (self.source.parent if self.source else Path.home())
        dialog = QFileDialog(self, title, str(start))
        speak_our_language(dialog)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.use_native_dialogs)
        dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        return dialog

    def choose_file(self) -> None:
        """Ask for the list (CSV or XLSX)."""
        dialog = self._dialog(_("Pilih daftar dari desa"))
        dialog.setObjectName("sourceDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Daftar (*.csv *.xlsx)"), _("Semua berkas (*)")])
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Pilih"))
        dialog.fileSelected.connect(lambda name: self.set_source(Path(name)))
        dialog.open()

    def choose_folder(self) -> None:
        """Ask where the results go."""
        dialog = self._dialog(_("Pilih folder untuk hasilnya"))
        dialog.setObjectName("folderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Pilih folder ini"))
        dialog.fileSelected.connect(lambda name: self.set_folder(Path(name)))
        dialog.open()

    def set_source(self, path: Path) -> None:
        """Use this list."""
        self.source = path
        self.file_label.setText(str(path))
        self.file_label.setAccessibleName(_("Berkas: {path}").format(path=path))
        if self.folder is None:
            self.folder_label.setText(str(path.parent))
        self.check_button.setEnabled(True)
        self.message.clear_findings()

    def set_folder(self, folder: Path) -> None:
        """Write the results here."""
        self.folder = folder
        self.folder_label.setText(str(folder))
        self.folder_label.setAccessibleName(_("Folder hasil: {path}").format(path=folder))

    # --- checking -------------------------------------------------------------------------------

    def start(self) -> None:
        """Check the list on the worker."""
        if self.source is None or self.progress.isVisible():
            return
        source, folder = self.source, self.folder or self.source.parent
        try:
            xlsx, pdf = output_paths(source, folder, self.pdf_row.isChecked())
        except OSError as exc:
            self.message.show_text(plain_error(exc, "choosing output files"), Severity.ERROR)
            return
        self.result_label.clear()
        self.open_button.setVisible(False)
        self.message.clear_findings()
        self.check_button.setEnabled(False)
        panel, app = self.progress, self.context.app
        stop = panel.start(_("Sedang memeriksa {name}…").format(name=source.name))

        def check() -> CheckSummary:
            return app.batch.check(source, xlsx, pdf, cancelled=stop.is_set,
                                   progress=lambda done, total: panel.report(done, total or 0))

        self.context.run(check, self._on_done, self._on_failed, owner=self)

    def _on_done(self, summary: CheckSummary) -> None:
        self.progress.finish()
        self.check_button.setEnabled(True)
        self.summary = summary
        lines = [_("Hasil Excel: {path}").format(path=summary.out_xlsx)]
        if summary.out_pdf is not None:
            lines.append(_("Hasil PDF: {path}").format(path=summary.out_pdf))
        lines += summary.lines()
        problems = summary.top_problems(5)
        if problems:
            lines.append(_("Masalah terbanyak:"))
            lines += [ngettext("• {problem}: {n} baris", "• {problem}: {n} baris", n).format(problem=p, n=n)
                      for p, n in problems]
        text = "\n".join(lines)
        self.result_label.setText(text)
        self.result_label.setAccessibleName(text)
        self.open_button.setVisible(True)
        if summary.cancelled:
            self.message.show_text(_("Pemeriksaan dibatalkan; hasilnya hanya untuk baris yang sudah "
                                     "diperiksa."), Severity.WARNING)
        else:
            self.message.show_text(_("✔ Selesai: {line}.").format(line=summary.counts_line()))
        self.finished.emit(summary)

    def _on_failed(self, exc: Exception) -> None:
        self.progress.finish()
        self.check_button.setEnabled(True)
        self.message.show_text(plain_error(exc, "checking a list"), Severity.ERROR)

    def open_folder(self) -> None:
        """Show the results folder in the file manager."""
        if self.summary is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.summary.out_xlsx.parent)))
