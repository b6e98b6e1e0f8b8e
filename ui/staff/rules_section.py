"""Admin: the registration status and the rule sets (check a file, see what changes, import, switch back)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from prakerja_desktop import settings_registry
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.domain.rules import RuleSetError
from prakerja_desktop.i18n import _
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.office_form import FieldGrid
from ui.staff.regions_panel import RegionsPanel
from ui.staff.sync_files import FileAsker
from ui.widgets.choice import OptionButtons
from ui.widgets.feedback import FeedbackLabel

AUTOMATIC = "__auto__"  # the choice "by date" in the list of rule sets


def _error_text(exc: Exception, doing: str) -> str:
    """A rule file's own message (file, line, problem), or the usual plain error."""
    return str(exc) if isinstance(exc, RuleSetError) else plain_error(exc, doing)


class RulesSection(QWidget):
    """Two parts, each saved with its own button: the registration status, and the rule sets."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesSection")
        self.context = context
        self.files = FileAsker(self)
        self._checked_path: Path | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.addWidget(heading(_("Status pendaftaran dan aturan Kartu Prakerja"), self, "sectionHeading"))
        self.summary = QLabel("", self)
        self.summary.setObjectName("rulesSummary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.open_button = big_button(_("Ubah status pendaftaran atau aturan…"), "openRules", self)
        outer.addWidget(self.open_button)
        # Rarely changed: the details open on request (the settings page stays short).
        self.details = QWidget(self)
        self.details.setVisible(False)
        outer.addWidget(self.details)
        layout = QVBoxLayout(self.details)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Status pendaftaran Kartu Prakerja"), self, "sectionHeading"))
        grid = FieldGrid()
        status_title = settings_registry.spec("registration_status").title
        self.status = OptionButtons([("closed", _("Belum dibuka")), ("open", _("Dibuka"))], status_title,
                                    columns=2, parent=self)
        self.status.setObjectName("registrationStatus")
        grid.add_row(status_title, self.status)
        self.wave = grid.add_edit(settings_registry.spec("registration_wave").title, "registrationWave", self)
        self.until = grid.add_edit(settings_registry.spec("registration_until").title, "registrationUntil", self,
                                   placeholder="2027-03-01")
        self.note = grid.add_edit(settings_registry.spec("registration_note").title, "registrationNote", self)
        layout.addLayout(grid)
        self.save_status = big_button(_("Simpan status pendaftaran"), "saveRegistration", self)
        self.status_feedback = FeedbackLabel(self)
        layout.addWidget(self.save_status)
        layout.addWidget(self.status_feedback)

        layout.addWidget(heading(_("Aturan Kartu Prakerja"), self, "sectionHeading"))
        self.sets_label = QLabel("", self)
        self.sets_label.setObjectName("ruleSets")
        self.sets_label.setWordWrap(True)
        layout.addWidget(self.sets_label)
        choice_label = QLabel(_("Kumpulan aturan yang dipakai (\u201cMenurut tanggal\u201d: yang terbaru yang sudah "
                                "berlaku):"), self)
        choice_label.setWordWrap(True)
        choice_label.setProperty("class", "fieldLabel")
        layout.addWidget(choice_label)
        self.choice_row = QHBoxLayout()
        layout.addLayout(self.choice_row)
        self.choice: OptionButtons | None = None
        self.use_button = big_button(_("Pakai aturan yang dipilih"), "useRuleSet", self)
        buttons = QVBoxLayout()  # one under the other: the section stays narrow in large text
        self.check_button = big_button(_("Periksa berkas aturan baru…"), "checkRuleFile", self)
        self.import_button = big_button(_("Simpan dan pakai aturan ini"), "importRuleFile", self)
        self.import_button.setEnabled(False)  # only after a file was checked and found valid
        for button in (self.use_button, self.check_button, self.import_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.differences = QLabel("", self)
        self.differences.setObjectName("ruleDifferences")
        self.differences.setWordWrap(True)
        layout.addWidget(self.differences)
        self.rules_feedback = FeedbackLabel(self)
        layout.addWidget(self.rules_feedback)
        self.regions = RegionsPanel(context, self)
        layout.addWidget(self.regions)

        self.save_status.clicked.connect(self._on_save_status)
        self.use_button.clicked.connect(self._on_use)
        self.check_button.clicked.connect(self._on_choose_file)
        self.open_button.clicked.connect(self.open_details)
        self.import_button.clicked.connect(self._on_import)
        self._show()

    # --- showing (memory only: the rule book keeps what it last read) -----------------------------------

    def open_details(self) -> None:
        """Show the registration status form and the rule sets."""
        self.details.setVisible(True)
        self.open_button.setVisible(False)

    def _show(self) -> None:
        rule_book = self.context.app.rules
        status = rule_book.registration()
        self.summary.setText(status.headline(rule_book.office_today()) + " " + _("Aturan yang berlaku: {id}.").format(
            id=rule_book.active().id))
        self.summary.setAccessibleName(self.summary.text())
        self.status.set_value("open" if status.open else "closed")
        self.wave.setText(str(status.wave or ""))
        self.until.setText(status.until.isoformat() if status.until else "")
        self.note.setText(status.note)
        entries = rule_book.entries()
        lines = [("\u25b6 " if e.active else "\u2022 ") + f"{e.id}: {e.rule_set.name.current()} \u2014 "
                 + _("berlaku mulai {date}").format(date=e.rule_set.valid_from.isoformat())
                 + (" (" + _("diimpor") + ")" if e.origin == "imported" else "") for e in entries]
        self.sets_label.setText("\n".join(lines))
        self.sets_label.setAccessibleName(self.sets_label.text())
        if self.choice is not None:
            self.choice.deleteLater()
        options = [(AUTOMATIC, _("Menurut tanggal"))] + [(e.id, e.id) for e in entries]
        self.choice = OptionButtons(options, _("Kumpulan aturan yang dipakai"), columns=2, parent=self)
        self.choice.setObjectName("ruleSetChoice")
        self.choice.set_value(rule_book.chosen() or AUTOMATIC)
        self.choice_row.addWidget(self.choice)

    # --- registration status ------------------------------------------------------------------------

    def _on_save_status(self) -> None:
        try:
            wave = int(self.wave.text().strip() or 0)
            until_text = self.until.text().strip()
            until = date.fromisoformat(until_text) if until_text else None
        except ValueError:
            self.status_feedback.show_text(_("Gelombang harus angka dan tanggal ditulis TTTT-BB-HH, misalnya "
                                             "2027-03-01."), Severity.ERROR)
            return
        is_open, note = self.status.value() == "open", self.note.text()
        app, staff = self.context.app, self.context.staff
        self.context.run(lambda: app.rules.put_registration(open_=is_open, wave=wave or None, until=until,
                                                            note=note, staff=staff),
                         self._on_status_saved, self._on_status_failed, owner=self)

    def _on_status_saved(self, status: Any) -> None:
        today = self.context.app.rules.office_today()
        self.status_feedback.show_text(_("Tersimpan: {headline}").format(headline=status.headline(today)))
        self._show()

    def _on_status_failed(self, exc: Exception) -> None:
        self.status_feedback.show_text(plain_error(exc, "saving the registration status"), Severity.ERROR)

    # --- rule sets ------------------------------------------------------------------------------------

    def _on_use(self) -> None:
        chosen = self.choice.value() if self.choice is not None else None
        app, staff = self.context.app, self.context.staff
        wanted = None if chosen in (None, AUTOMATIC) else chosen
        self.context.run(lambda: app.rules.use(wanted, staff), self._on_used, self._on_rules_failed, owner=self)

    def _on_used(self, rule_set: Any) -> None:
        self.rules_feedback.show_text(_("Berlaku sekarang: {id}").format(id=rule_set.id))
        self._show()

    def _on_choose_file(self) -> None:
        self.files.open_file(_("Pilih berkas aturan (.toml)"), [_("Berkas aturan (*.toml)")], self.check_file)

    def check_file(self, path: Path) -> None:
        """Validate the file and show how it differs from the rules in force (nothing is stored yet)."""
        self.import_button.setEnabled(False)
        self._checked_path = None
        app = self.context.app
        self.context.run(lambda: app.rules.check_file(path), lambda checked: self._on_checked(path, checked),
                         self._on_rules_failed, owner=self)

    def _on_checked(self, path: Path, checked: Any) -> None:
        self._checked_path = path
        lines = [_("Berkas sah: {id}, berlaku mulai {date}.").format(
            id=checked.rule_set.id, date=checked.rule_set.valid_from.isoformat())]
        if checked.differences:
            lines.append(_("Perbedaan dengan aturan yang berlaku sekarang ({id}):").format(id=checked.compared_with))
            lines += [f"\u2022 {line}" for line in checked.differences]
        else:
            lines.append(_("Sama dengan aturan yang berlaku sekarang ({id}).").format(id=checked.compared_with))
        self.differences.setText("\n".join(lines))
        self.differences.setAccessibleName(self.differences.text())
        self.rules_feedback.clear_findings()
        self.import_button.setEnabled(True)

    def _on_import(self) -> None:
        path, app, staff = self._checked_path, self.context.app, self.context.staff
        if path is None:
            return
        self.import_button.setEnabled(False)
        self.context.run(lambda: app.rules.import_file(path, staff), self._on_imported, self._on_rules_failed,
                         owner=self)

    def _on_imported(self, checked: Any) -> None:
        self._checked_path = None
        self.differences.setText("")
        self.rules_feedback.show_text(_("Tersimpan: {id}. Berlaku sekarang: {active}.").format(
            id=checked.rule_set.id, active=self.context.app.rules.active().id))
        self._show()

    def _on_rules_failed(self, exc: Exception) -> None:
        self.differences.setText("")
        self.rules_feedback.show_text(_error_text(exc, "rule sets") + " " + _("Tidak ada yang berubah."),
                                      Severity.ERROR)
