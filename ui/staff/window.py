"""The staff area: big navigation buttons on the left, one screen at a time on the right.

Screens come from a registry (name → ScreenSpec with a factory taking the StaffContext), so other
modules plug in. Screens written elsewhere are imported by name when first opened; if one is missing,
a plain "belum tersedia" note shows instead.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.i18n import _
from ui.staff.common import STAFF_QSS, big_button
from ui.staff.context import StaffContext
from ui.style import follow_display
from ui.widgets.display_controls import DisplayControls
from ui.widgets.language_picker import LanguagePicker, language_notifier
from ui.widgets.wheel_guard import install_wheel_guard

logger = logging.getLogger(__name__)

ScreenFactory = Callable[[StaffContext], QWidget]


@dataclass(frozen=True)
class ScreenSpec:
    """One entry of the navigation."""

    label: str
    factory: ScreenFactory
    admin_only: bool = False
    under: str = ""  # reached from that screen, whose navigation button it shares (no button of its own)


def unavailable(label: str) -> QWidget:
    """The note shown for a screen that is not part of this version yet."""
    note = QLabel(_("{name} belum tersedia di versi ini.").format(name=label))
    note.setObjectName("unavailableNote")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setWordWrap(True)
    note.setAccessibleName(note.text())
    return note


def lazy_screen(module: str, class_name: str, label: str) -> ScreenFactory:
    """A factory importing `module.class_name` on first use; a missing module gives a note."""
    def build(context: StaffContext) -> QWidget:
        try:
            screen_class = getattr(importlib.import_module(module), class_name)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise  # the screen is there but something it needs is not: a real bug
            logger.info("screen %s is not available (%s missing)", label, module)
            return unavailable(label)
        except AttributeError:
            logger.warning("screen %s: %s has no %s", label, module, class_name)
            return unavailable(label)
        return screen_class(context)

    return build


def default_screens(today: Callable[[], date] = date.today) -> dict[str, ScreenSpec]:
    """The staff area's screens, in navigation order."""
    def assist(context: StaffContext) -> QWidget:
        from ui.staff.assist import AssistScreen

        return AssistScreen(context, today)

    def accounts(context: StaffContext) -> QWidget:
        from ui.staff.accounts import AccountsScreen

        return AccountsScreen(context)

    def settings(context: StaffContext) -> QWidget:
        from ui.staff.settings_screen import SettingsScreen

        return SettingsScreen(context)

    def lazy(label: str, module: str, class_name: str) -> ScreenSpec:
        return ScreenSpec(label, lazy_screen(module, class_name, label))

    return {
        "records": lazy(_("Data orang"), "ui.staff.records", "RecordsScreen"),
        "assist": ScreenSpec(_("Bantu pendaftaran"), assist),
        "reports": lazy(_("Laporan"), "ui.staff.dashboard", "DashboardScreen"),
        "batch": lazy(_("Cek daftar desa"), "ui.staff.batch_check", "BatchCheckScreen"),
        # From "Data orang" (the navigation column has no room for another button at 768 px in large text).
        "receipt_check": ScreenSpec(_("Cek keaslian tanda terima"),
                                    lazy_screen("ui.staff.receipt_check", "ReceiptCheckScreen",
                                                _("Cek keaslian tanda terima")), under="records"),
        "sync": lazy(_("Laptop dan kantor"), "ui.staff.sync_screen", "SyncScreen"),
        "backups": lazy(_("Cadangan data"), "ui.staff.backups", "BackupsScreen"),
        "accounts": ScreenSpec(_("Akun petugas"), accounts, admin_only=True),
        "settings": ScreenSpec(_("Pengaturan kantor"), settings, admin_only=True),
    }


class StaffArea(QWidget):
    """Navigation and screens for one logged-in staff member; `logout_requested` on "Keluar"."""

    logout_requested = Signal()
    screen_shown = Signal(str)
    database_replaced = Signal(object)  # a backup was restored: the window reopens the database

    def __init__(self, context: StaffContext, screens: dict[str, ScreenSpec] | None = None,
                 today: Callable[[], date] = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffArea")
        follow_display(self, STAFF_QSS)
        install_wheel_guard()  # no wheel over a drop-down or spin box changes a value (once per program)
        self.context = context
        self._today = today
        self._default_specs = screens is None  # their labels can be made again in another language
        specs = screens if screens is not None else default_screens(today)
        self.specs = {name: spec for name, spec in specs.items() if context.is_admin or not spec.admin_only}
        self.screens: dict[str, QWidget] = {}
        self.nav_buttons: dict[str, QPushButton] = {}

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        nav = QWidget(self)
        nav.setObjectName("staffNav")
        nav.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(12, 12, 12, 12)
        nav_layout.setSpacing(6)
        self.who_label = QLabel(nav)
        self.who_label.setObjectName("whoLabel")
        self.who_label.setWordWrap(True)
        nav_layout.addWidget(self.who_label)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for name, spec in self.specs.items():
            if spec.under:
                continue
            button = big_button(spec.label, f"nav_{name}", nav)
            button.setCheckable(True)
            button.setProperty("class", "navButton")
            self._group.addButton(button)
            nav_layout.addWidget(button)
            self.nav_buttons[name] = button
            button.clicked.connect(lambda _checked=False, name=name: self.show_screen(name))
        nav_layout.addStretch(1)
        # Large text and contrast side by side, the languages on the next row: stacked one under another they
        # made the column taller than a 768 px screen once the language picker joined them.
        self.display_controls = DisplayControls(nav)
        nav_layout.addWidget(self.display_controls)
        self.language_picker = LanguagePicker(nav, compact=True)
        nav_layout.addWidget(self.language_picker)
        self.logout_button = big_button(_("Keluar"), "logoutButton", nav)
        self.logout_button.setProperty("class", "navButton")
        nav_layout.addWidget(self.logout_button)
        self.logout_button.clicked.connect(self.logout_requested)
        layout.addWidget(nav)

        page = QWidget(self)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(20, 14, 20, 14)
        self.stack = QStackedWidget(page)
        self.stack.setObjectName("staffStack")
        page_layout.addWidget(self.stack)
        # Large text makes some screens wider than a 1024 px window: they scroll instead of being cut.
        scroll = QScrollArea(self)
        scroll.setObjectName("staffScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        layout.addWidget(scroll, 1)
        self._translate_nav()
        language_notifier().changed.connect(self.retranslate)
        if self.specs:
            self.show_screen(next(iter(self.specs)))

    def _translate_nav(self) -> None:
        role = _("admin") if self.context.is_admin else _("petugas")
        self.who_label.setText(_("Masuk sebagai:\n{name} ({role})").format(
            name=self.context.staff.display_name, role=role))
        self.display_controls.retranslate()

    def retranslate(self, _language: str | None = None) -> None:
        """Show the area in the language now in force.

        A screen with a retranslate() method keeps its state and redoes its own texts (the assisted
        wizard keeps every answer); any other screen is built again from the database when shown.
        """
        if self._default_specs:
            fresh = default_screens(self._today)
            self.specs = {name: fresh[name] for name in self.specs}
        for name, button in self.nav_buttons.items():
            button.setText(self.specs[name].label)
            button.setAccessibleName(self.specs[name].label)
        self.logout_button.setText(_("Keluar"))
        self.logout_button.setAccessibleName(_("Keluar"))
        self._translate_nav()
        current = self.current_name()
        for name, screen in list(self.screens.items()):
            if hasattr(screen, "retranslate"):
                screen.retranslate()
                continue
            self.stack.removeWidget(screen)
            screen.deleteLater()
            del self.screens[name]
        if current is not None:
            self.show_screen(current)

    def show_screen(self, name: str) -> QWidget:
        """Open a screen (built on first use) and mark its button."""
        if name not in self.screens:
            spec = self.specs[name]
            try:
                screen = spec.factory(self.context)
            except Exception:  # noqa: BLE001 - one broken screen must not take the staff area down
                logger.exception("building the %s screen failed", name)
                screen = unavailable(spec.label)
            screen.setParent(self.stack)
            self.stack.addWidget(screen)
            self.screens[name] = screen
            if hasattr(screen, "record_requested"):  # e.g. the wizard found a NIK already recorded
                screen.record_requested.connect(self.open_record)
            if hasattr(screen, "database_replaced"):  # the backup screen restored a backup
                screen.database_replaced.connect(self.database_replaced)
            if hasattr(screen, "screen_requested"):  # e.g. "Data orang" opens "Cek keaslian tanda terima"
                screen.screen_requested.connect(self.show_screen)
        self._size_by(self.screens[name])
        self.stack.setCurrentWidget(self.screens[name])
        self.nav_buttons[self.specs[name].under or name].setChecked(True)
        self.screen_shown.emit(name)
        return self.screens[name]

    def _size_by(self, shown: QWidget) -> None:
        """Only the screen on show sizes the page: a wide screen opened earlier must not make every
        other screen scroll sideways (a stack is otherwise as large as its largest page)."""
        for screen in self.screens.values():
            if screen is shown:
                screen.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            else:
                screen.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack.updateGeometry()

    def open_record(self, record_uuid: object) -> None:
        """Show one record in the records screen."""
        screen = self.show_screen("records")
        if hasattr(screen, "open_record"):
            screen.open_record(record_uuid)

    def current_name(self) -> str | None:
        """The name of the screen on show."""
        for name, screen in self.screens.items():
            if screen is self.stack.currentWidget():
                return name
        return None
