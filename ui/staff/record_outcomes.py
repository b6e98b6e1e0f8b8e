"""Outcomes per wave (gelombang) on the record view: what is known, and a form to add or update one."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from prakerja_desktop.app import WaveOutcome
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from ui.operations import plain_error
from ui.staff.common import big_button, heading
from ui.staff.context import StaffContext
from ui.staff.progress import StatusLine
from ui.widgets.choice import OptionButtons


def _three(accessible_name: str, parent: QWidget) -> OptionButtons:
    return OptionButtons((("yes", _("Ya")), ("no", _("Tidak")), ("unknown", _("Belum tahu"))),
                         accessible_name, parent=parent)


def _to_value(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _from_value(value: str | None) -> bool | None:
    return None if value in (None, "unknown") else value == "yes"


def outcome_line(outcome: WaveOutcome) -> str:
    """"Gelombang 70: ikut, diterima, selesai pelatihan: belum tahu, insentif: belum tahu"."""
    def word(value: bool | None) -> str:
        return _("belum tahu") if value is None else (_("ya") if value else _("tidak"))

    accepted = {True: _("diterima"), False: _("tidak diterima"),
                None: _("hasil belum tahu")}[outcome.accepted]
    return _("Gelombang {wave}: {joined}, {accepted}, selesai pelatihan: {finished}, insentif diterima: "
             "{paid}").format(wave=outcome.wave, joined=_("ikut") if outcome.joined else _("tidak ikut"),
                              accepted=accepted, finished=word(outcome.training_finished),
                              paid=word(outcome.incentive_received))


class OutcomePanel(QWidget):
    """The person's waves, each a button that fills the form; the form saves through set_outcome."""

    saved = Signal(int)  # wave

    def __init__(self, context: StaffContext, record_uuid: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomePanel")
        self.context = context
        self.record_uuid = record_uuid
        self.outcomes: list[WaveOutcome] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(_("Hasil per gelombang"), self, "sectionHeading"))
        self.list_box = QVBoxLayout()
        layout.addLayout(self.list_box)
        form = QGridLayout()
        form.setVerticalSpacing(4)
        self.wave_box = QSpinBox(self)
        self.wave_box.setObjectName("outcomeWave")
        self.wave_box.setRange(1, 999)
        self.wave_box.setValue(1)
        self.wave_box.setMinimumHeight(48)
        self.wave_box.setMinimumWidth(120)
        self.wave_box.setMaximumWidth(220)
        self.wave_box.valueChanged.connect(self._fill_from_known)
        self.joined = OptionButtons((("yes", _("Ya")), ("no", _("Tidak"))), _("Ikut gelombang ini"),
                                    parent=self)
        self.accepted = _three(_("Diterima"), self)
        self.finished = _three(_("Selesai pelatihan"), self)
        self.paid = _three(_("Insentif diterima"), self)
        rows = ((_("Gelombang ke"), self.wave_box), (_("Ikut gelombang ini"), self.joined),
                (_("Diterima"), self.accepted), (_("Selesai pelatihan"), self.finished),
                (_("Insentif diterima"), self.paid))
        for row, (text, widget) in enumerate(rows):
            label = QLabel(text, self)
            label.setProperty("class", "fieldLabel")
            label.setBuddy(widget)
            widget.setAccessibleName(text)
            form.addWidget(label, row * 2, 0)
            form.addWidget(widget, row * 2 + 1, 0)
        layout.addLayout(form)
        self.message = StatusLine(self)
        self.message.setObjectName("outcomeMessage")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = big_button(_("Simpan hasil gelombang"), "saveOutcome", self)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._reset_form()

    def show_outcomes(self, outcomes: list[WaveOutcome]) -> None:
        """List the known waves (newest first); each opens in the form when touched."""
        self.outcomes = outcomes
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        if not outcomes:
            empty = QLabel(_("Belum ada hasil gelombang yang dicatat."), self)
            empty.setObjectName("noOutcomes")
            self.list_box.addWidget(empty)
        for outcome in sorted(outcomes, key=lambda o: -o.wave):
            button = big_button(outcome_line(outcome), f"outcome_{outcome.wave}", self)
            button.setStyleSheet("text-align: left;")
            button.clicked.connect(lambda _checked=False, wave=outcome.wave: self.wave_box.setValue(wave))
            self.list_box.addWidget(button)
        if outcomes:
            self.wave_box.setValue(max(o.wave for o in outcomes))
            self._fill_from_known()

    def _reset_form(self) -> None:
        self.joined.set_value("yes")
        for box in (self.accepted, self.finished, self.paid):
            box.set_value("unknown")

    def _fill_from_known(self) -> None:
        known = next((o for o in self.outcomes if o.wave == self.wave_box.value()), None)
        if known is None:
            self._reset_form()
            return
        self.joined.set_value("yes" if known.joined else "no")
        self.accepted.set_value(_to_value(known.accepted))
        self.finished.set_value(_to_value(known.training_finished))
        self.paid.set_value(_to_value(known.incentive_received))

    def save(self) -> None:
        """Store the wave's outcome on the worker."""
        self.message.clear_findings()
        context, record_uuid, wave = self.context, self.record_uuid, self.wave_box.value()
        values = {"joined": self.joined.value() != "no", "accepted": _from_value(self.accepted.value()),
                  "training_finished": _from_value(self.finished.value()),
                  "incentive_received": _from_value(self.paid.value())}
        self.save_button.setEnabled(False)
        context.run(lambda: context.records.set_outcome(record_uuid, wave, context.staff, **values),
                    lambda _outcome: self._on_saved(wave), self._on_failed, owner=self)

    def _on_saved(self, wave: int) -> None:
        self.save_button.setEnabled(True)
        self.message.show_text(_("✔ Hasil gelombang {wave} tersimpan.").format(wave=wave))
        self.saved.emit(wave)

    def _on_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.message.show_text(plain_error(exc, "saving an outcome"), Severity.ERROR)
