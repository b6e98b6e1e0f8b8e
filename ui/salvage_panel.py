"""Salvage from the window: a damaged database's readable rows copied into a new folder, then put in use.

Shown under the "data damaged" message (no staff login is possible: the accounts are in the damaged
file). Staff type the confirmation word, the copy runs on the worker with progress and "Batal", the
counts of what was copied and lost are shown, and "Pakai data yang diselamatkan" puts the copy in
place the way a backup is restored (the damaged file is kept aside, this PC gets a new receipt code).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from prakerja_desktop.i18n import _, ngettext
from ui.operations import plain_error, run_in_background
from ui.staff.common import big_button
from ui.staff.progress import ProgressPanel
from ui.tasks import TaskRunner

CONFIRM_WORD = "SELAMATKAN"


def default_target(data_dir: Path) -> Path:
    """A new folder beside the data folder, named with the local time (never an existing one)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return data_dir.with_name(f"{data_dir.name}-diselamatkan-{stamp}")


class SalvagePanel(QWidget):
    """Confirm, salvage with progress and cancel, show the counts, then put the salvaged data in use."""

    adopted = Signal(object)  # the restore's result: the window reopens the data

    def __init__(self, tasks: TaskRunner, data_dir: Path, db_url: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("salvagePanel")
        self.tasks, self.data_dir, self.db_url = tasks, data_dir, db_url
        self.target = default_target(data_dir)
        self.intro = QLabel(_("Jika tidak ada cadangan yang baik: semua baris yang masih terbaca bisa disalin ke "
                              "folder baru {folder}. Berkas yang rusak tidak diubah. Ketik {word} untuk "
                              "melanjutkan.").format(folder=self.target, word=CONFIRM_WORD), self)
        self.intro.setObjectName("salvageIntro")
        self.intro.setWordWrap(True)
        self.word = QLineEdit(self)
        self.word.setObjectName("salvageWord")
        self.word.setAccessibleName(_("Kata konfirmasi penyelamatan"))
        self.word.setPlaceholderText(CONFIRM_WORD)
        self.word.setMinimumHeight(48)
        self.start_button = big_button(_("Selamatkan data yang masih terbaca"), "salvageStart", self)
        self.start_button.setEnabled(False)
        self.word.textChanged.connect(
            lambda text: self.start_button.setEnabled(text.strip().upper() == CONFIRM_WORD))
        self.start_button.clicked.connect(self.start)
        self.progress = ProgressPanel(self, name="salvageProgress")
        self.result = QLabel(self)
        self.result.setObjectName("salvageResult")
        self.result.setWordWrap(True)
        self.result.setVisible(False)
        self.use_button = big_button(_("Pakai data yang diselamatkan"), "salvageUse", self)
        self.use_button.setVisible(False)
        self.use_button.clicked.connect(self.use)
        self.setStyleSheet("QLabel, QLineEdit, QPushButton { font-size: 18px; }")  # like the message above it
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.word, self.start_button, self.progress, self.result, self.use_button):
            layout.addWidget(widget)

    def start(self) -> None:
        """Copy on the worker; the bar moves with the rows looked at, "Batal" stops between batches."""
        from prakerja_desktop.app import App

        self.start_button.setEnabled(False)
        self.word.setEnabled(False)
        self.result.setVisible(False)
        self.progress.start(_("Menyelamatkan data… Jangan matikan komputer."))
        target, data_dir, progress = self.target, self.data_dir, self.progress
        run_in_background(self.tasks, lambda: App.salvage(target, data_dir, progress=progress.report,
                                                          cancelled=progress.cancelled),
                          self._on_salvaged, self._on_failed, owner=self, doing="salvaging a damaged database",
                          progress=self.progress)

    def _on_salvaged(self, results: list) -> None:  # type: ignore[type-arg]
        copied, lost = sum(r.copied for r in results), sum(r.lost for r in results)
        records = next((r for r in results if r.table == "records"), None)
        lines = [ngettext("{n} baris disalin", "{n} baris disalin", copied).format(n=f"{copied:,}") + "; " + (
            ngettext("{n} baris tidak terbaca dan hilang.", "{n} baris tidak terbaca dan hilang.", lost).format(
                n=f"{lost:,}") if lost else _("tidak ada baris yang hilang."))]
        if records is not None:
            lines.append(_("Data orang: {copied} disalin, {lost} hilang.").format(
                copied=f"{records.copied:,}", lost=f"{records.lost:,}"))
        lines.append(_("Salinan ada di {folder}.").format(folder=self.target))
        self._show_result("\n".join(lines))
        self.use_button.setVisible(True)

    def _on_failed(self, exc: Exception) -> None:
        from prakerja_desktop.app import SalvageCancelled

        if isinstance(exc, SalvageCancelled):
            self._show_result(_("Penyelamatan dibatalkan. Folder baru tidak berisi data setengah jadi; berkas "
                                "yang rusak tidak diubah."))
        else:
            self._show_result(plain_error(exc, "salvaging a damaged database", _(
                "Data tidak bisa diselamatkan karena kesalahan program. Minta petugas melihat berkas log.")))
        self.target = default_target(self.data_dir)  # the next try starts in a fresh folder
        self.word.setEnabled(True)
        self.start_button.setEnabled(self.word.text().strip().upper() == CONFIRM_WORD)

    def use(self) -> None:
        """Put the salvaged copy in place like a restored backup (the damaged file is kept aside)."""
        from prakerja_desktop.app import App

        self.use_button.setEnabled(False)
        self.progress.start(_("Memasang data yang diselamatkan… Jangan matikan komputer."))
        target, data_dir, db_url = self.target, self.data_dir, self.db_url

        def adopt() -> object:
            salvaged = App.open(target)
            try:
                backup = salvaged.backups.make(target / "cadangan")
            finally:
                salvaged.close()
            return App.restore(backup.path, data_dir, db_url)

        run_in_background(self.tasks, adopt, self.adopted.emit, self._on_use_failed, owner=self,
                          doing="using salvaged data", progress=self.progress)

    def _on_use_failed(self, exc: Exception) -> None:
        self._show_result(plain_error(exc, "using salvaged data", _(
            "Data yang diselamatkan tidak bisa dipasang karena kesalahan program. Minta petugas melihat berkas log.")))
        self.use_button.setEnabled(True)

    def _show_result(self, text: str) -> None:
        self.result.setText(text)
        self.result.setAccessibleName(text)
        self.result.setVisible(True)
