"""Staff-assisted registration: the applicant wizard, with every record entered by the staff member."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.staff.context import StaffContext
from ui.wizard.context import WizardContext
from ui.wizard.host import WizardHost


class AssistScreen(QWidget):
    """The wizard in staff mode; after "Selesai" the next person starts on a fresh Welcome."""

    record_requested = Signal(object)  # a record UUID: the staff area opens it (NIK already recorded)

    def __init__(self, context: StaffContext, today: Callable[[], date] = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assistScreen")
        self.wizard_context = WizardContext(app=context.app, tasks=context.tasks,
                                            staff=context.staff, today=today,
                                            open_record=self.record_requested.emit)
        self.wizard = WizardHost(self.wizard_context, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.wizard)
        self.wizard.finished.connect(self.wizard.start)
        self.wizard.start()

    def retranslate(self) -> None:
        """Nothing to do here: the wizard inside follows the language itself, keeping every answer."""
