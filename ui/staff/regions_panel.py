"""Admin: the Kemendagri region codes in use; check and load an office's newer set, or go back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.domain.region_data import OLD_CODES_FILE, RegionFileError
from prakerja_desktop.i18n import _
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.sync_files import FileAsker
from ui.widgets.feedback import FeedbackLabel

SHOWN_CODES = 10  # codes listed per kind of change; the rest is counted


def _error_text(exc: Exception, doing: str) -> str:
    """A region file's own message (file, line, problem), or the usual plain error."""
    return str(exc) if isinstance(exc, RegionFileError) else plain_error(exc, doing)


def old_codes_beside(path: Path) -> Path | None:
    """kode_lama.csv in the same folder as the chosen file, when there is one (loaded with it)."""
    beside = path.with_name(OLD_CODES_FILE)
    return beside if beside != path and beside.exists() else None


class RegionsPanel(QWidget):
    """The set in use, a check of a new file with its differences, then keep it; or back to the shipped set."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("regionsPanel")
        self.context = context
        self.files = FileAsker(self)
        self._checked: tuple[Path, Path | None] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Kode wilayah Kemendagri"), self, "sectionHeading"))
        self.summary = QLabel("", self)
        self.summary.setObjectName("regionsSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.check_button = big_button(_("Periksa berkas kode wilayah baru…"), "checkRegionFile", self)
        self.import_button = big_button(_("Simpan dan pakai kode wilayah ini"), "importRegionFile", self)
        self.import_button.setEnabled(False)  # only after a file was checked and found valid
        self.shipped_button = big_button(_("Kembali ke kode wilayah bawaan"), "shippedRegions", self)
        for button in (self.check_button, self.import_button, self.shipped_button):
            layout.addWidget(button)
        self.differences = QLabel("", self)
        self.differences.setObjectName("regionDifferences")
        self.differences.setWordWrap(True)
        layout.addWidget(self.differences)
        self.feedback = FeedbackLabel(self)
        layout.addWidget(self.feedback)
        self.check_button.clicked.connect(self._on_choose_file)
        self.import_button.clicked.connect(self._on_import)
        self.shipped_button.clicked.connect(self._on_shipped)
        self.show_in_use()

    def show_in_use(self) -> None:
        """The version, origin and counts of the set in use (memory only)."""
        room = self.context.app.regions
        data = room.info()
        origin = _("dimuat kantor") if room.is_office_set() else _("bawaan program")
        lines = [_("Kode wilayah: {version} ({origin})").format(version=data.version, origin=origin),
                 _("{p} provinsi, {r} kabupaten/kota, {d} kecamatan, {o} kode lama").format(
                     p=data.count(2), r=data.count(4), d=data.count(6), o=len(data.old_codes))]
        if "dasar" in data.meta:
            lines.append(data.meta["dasar"])
        self.summary.setText("\n".join(lines))
        self.summary.setAccessibleName(self.summary.text())
        self.shipped_button.setVisible(room.is_office_set())

    def _on_choose_file(self) -> None:
        self.files.open_file(_("Pilih berkas kode wilayah (wilayah.csv)"), [_("Berkas kode wilayah (*.csv)")],
                             self.check_file)

    def check_file(self, path: Path) -> None:
        """Validate the file (and kode_lama.csv beside it) and show what changes (nothing is stored yet)."""
        self.import_button.setEnabled(False)
        self._checked = None
        old, room = old_codes_beside(path), self.context.app.regions
        self.context.run(lambda: room.check_files(path, old), lambda checked: self._on_checked(path, old, checked),
                         self._on_failed, owner=self)

    def _on_checked(self, path: Path, old: Path | None, checked: Any) -> None:
        self._checked = (path, old)
        names = checked.data.names
        lines = [_("Berkas sah: {version}").format(version=checked.data.version)]
        for title, items in ((_("kode baru"), [f"{c} {names[c]}" for c in checked.added]),
                             (_("kode yang hilang"), list(checked.removed)),
                             (_("nama berubah"), [f"{c}: {a} \u2192 {b}" for c, a, b in checked.renamed])):
            if items:
                lines.append(f"{title}: {len(items)}")
                lines += [f"\u2022 {item}" for item in items[:SHOWN_CODES]]
        if len(lines) == 1:
            lines.append(_("Kodenya sama dengan yang dipakai sekarang ({version}).").format(
                version=checked.compared_with))
        self.differences.setText("\n".join(lines))
        self.differences.setAccessibleName(self.differences.text())
        self.feedback.clear_findings()
        self.import_button.setEnabled(True)

    def _on_import(self) -> None:
        if self._checked is None:
            return
        (path, old), room, staff = self._checked, self.context.app.regions, self.context.staff
        self.import_button.setEnabled(False)
        self.context.run(lambda: room.import_files(path, old, staff), self._on_done, self._on_failed, owner=self)

    def _on_shipped(self) -> None:
        room, staff = self.context.app.regions, self.context.staff
        self.context.run(lambda: room.use_shipped(staff), self._on_done, self._on_failed, owner=self)

    def _on_done(self, _result: Any) -> None:
        self._checked = None
        self.differences.setText("")
        self.feedback.show_text(_("Dipakai sekarang: kode wilayah {version}.").format(
            version=self.context.app.regions.info().version))
        self.show_in_use()

    def _on_failed(self, exc: Exception) -> None:
        self.differences.setText("")
        self.feedback.show_text(_error_text(exc, "region codes") + " " + _("Tidak ada yang berubah."),
                                Severity.ERROR)
