"""Admin: the list of staff accounts, a new account, switching an account off or on again."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.clock import utcnow
from prakerja_desktop.domain.findings import Severity
from prakerja_desktop.i18n import _
from prakerja_desktop.staff import accounts as staff_accounts
from prakerja_desktop.staff.accounts import AccountInfo
from ui.operations import plain_error
from ui.staff.common import big_button, heading, secret_edit
from ui.staff.context import StaffContext
from ui.widgets.choice import OptionButtons
from ui.widgets.feedback import FeedbackLabel
from ui.widgets.vertical_scroll import VerticalScroll

FieldT = TypeVar("FieldT", bound=QWidget)


def role_options() -> tuple[tuple[str, str], ...]:
    """The roles in words."""
    return (("staff", _("Petugas")), ("admin", _("Admin")))


def _status(account: AccountInfo) -> str:
    """Active, switched off, or locked for now."""
    if not account.active:
        return _("Nonaktif")
    if account.locked_until is not None and account.locked_until > utcnow():
        return _("Terkunci sementara")
    return _("Aktif")


class AccountsScreen(QWidget):
    """Every account (never a password hash) and a form for a new one."""

    def __init__(self, context: StaffContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsScreen")
        self.context = context
        self.accounts: list[AccountInfo] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = VerticalScroll(self)  # as wide as its form: the page scrolls sideways, never cuts it
        outer.addWidget(scroll)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 12, 0)
        column.setSpacing(12)
        scroll.setWidget(body)

        column.addWidget(heading(_("Akun petugas"), body))
        self.table = QTableWidget(0, 4, body)
        self.table.setObjectName("accountsTable")
        self.table.setAccessibleName(_("Daftar akun petugas"))
        self.table.setHorizontalHeaderLabels([_("Nama pengguna"), _("Nama"), _("Peran"), _("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        column.addWidget(self.table)
        actions = QHBoxLayout()
        self.toggle_button = big_button(_("Nonaktifkan akun"), "toggleActiveButton", body)
        self.toggle_button.setEnabled(False)
        actions.addWidget(self.toggle_button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.list_feedback = FeedbackLabel(body)
        self.list_feedback.setObjectName("listFeedback")
        column.addWidget(self.list_feedback)

        column.addWidget(heading(_("Buat akun baru"), body, "sectionHeading"))
        form = QGridLayout()
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(4)
        self.username_edit = self._field(form, body, 0, 0, _("Nama pengguna"), QLineEdit(body), "newUsername")
        self.username_edit.setMaxLength(64)
        self.username_edit.setPlaceholderText(_("huruf, angka, titik; misalnya rina.w"))
        self.display_edit = self._field(form, body, 0, 1, _("Nama yang ditampilkan"), QLineEdit(body),
                                        "newDisplayName")
        self.display_edit.setMaxLength(200)
        secret_label = _("Kata sandi atau PIN (minimal {n} karakter)").format(
            n=staff_accounts.MIN_SECRET_LENGTH)
        self.secret_edit = self._field(form, body, 2, 0, secret_label, secret_edit("newSecret", body),
                                       "newSecret")
        self.repeat_edit = self._field(form, body, 2, 1, _("Ulangi kata sandi atau PIN"),
                                       secret_edit("newSecretRepeat", body), "newSecretRepeat")
        self.role_choice = OptionButtons(role_options(), _("Peran"), parent=body)
        self.role_choice.setObjectName("newRole")
        self.role_choice.set_value("staff")
        self._field(form, body, 4, 0, _("Peran"), self.role_choice, "newRole")
        self.create_button = big_button(_("Buat akun"), "createAccountButton", body)
        form.addWidget(self.create_button, 5, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 1)
        column.addLayout(form)
        self.create_feedback = FeedbackLabel(body)
        self.create_feedback.setObjectName("createFeedback")
        column.addWidget(self.create_feedback)
        column.addStretch(1)

        self.table.itemSelectionChanged.connect(self._refresh_toggle)
        self.toggle_button.clicked.connect(self._on_toggle_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self.repeat_edit.returnPressed.connect(self._on_create_clicked)
        self.reload()

    @staticmethod
    def _field(grid: QGridLayout, parent: QWidget, row: int, col: int, text: str, field: FieldT,
               name: str) -> FieldT:
        """A label above its field; the label is the field's accessible name."""
        label = QLabel(text, parent)
        label.setProperty("class", "fieldLabel")
        label.setWordWrap(True)
        label.setBuddy(field)
        field.setObjectName(name)
        field.setAccessibleName(text)
        grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignBottom)
        grid.addWidget(field, row + 1, col)
        return field

    # --- the list -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the accounts on the worker."""
        app = self.context.app
        self.context.run(app.staff.list_accounts, self._show_accounts,
                         self._on_list_failed, owner=self)

    def _show_accounts(self, accounts: list[AccountInfo]) -> None:
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        roles = dict(role_options())
        for row, account in enumerate(accounts):
            for col, text in enumerate((account.username, account.display_name,
                                        roles.get(account.role, account.role), _status(account))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self._refresh_toggle()

    def selected(self) -> AccountInfo | None:
        """The account chosen in the list."""
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows and rows[0].row() < len(self.accounts) else None

    def _refresh_toggle(self) -> None:
        account = self.selected()
        text = _("Aktifkan lagi") if account is not None and not account.active else _("Nonaktifkan akun")
        self.toggle_button.setText(text)
        self.toggle_button.setAccessibleName(text)
        self.toggle_button.setEnabled(account is not None and account.username != self.context.staff.username)

    def _on_toggle_clicked(self) -> None:
        account = self.selected()
        if account is None:
            return
        app, staff, make_active = self.context.app, self.context.staff, not account.active
        self.toggle_button.setEnabled(False)
        done = _("Akun {name} aktif lagi.") if make_active else _("Akun {name} dinonaktifkan.")
        self.context.run(lambda: app.staff.set_active(account.username, make_active, staff),
                         lambda _r: self._on_changed(done.format(name=account.username)),
                         self._on_list_failed, owner=self)

    def _on_changed(self, message: str) -> None:
        self.list_feedback.show_text(message)
        self.reload()

    def _on_list_failed(self, exc: Exception) -> None:
        self.list_feedback.show_text(plain_error(exc, "accounts list"), Severity.ERROR)
        self._refresh_toggle()

    # --- a new account ----------------------------------------------------------------------------

    def _on_create_clicked(self) -> None:
        username, display = self.username_edit.text().strip(), self.display_edit.text().strip()
        secret, role = self.secret_edit.text(), self.role_choice.value() or "staff"
        if not username:
            self.create_feedback.show_text(_("Nama pengguna belum diisi."), Severity.ERROR)
            return
        if not secret or secret != self.repeat_edit.text():
            self.create_feedback.show_text(_("Kedua kata sandi tidak sama. Ketik ulang keduanya."),
                                           Severity.ERROR)
            return
        app, staff = self.context.app, self.context.staff
        self.create_button.setEnabled(False)
        self.context.run(lambda: app.staff.create(username, display, role, secret, by=staff),
                         self._on_created, self._on_create_failed, owner=self)

    def _on_created(self, account) -> None:  # type: ignore[no-untyped-def]
        self.create_button.setEnabled(True)
        for edit in (self.username_edit, self.display_edit, self.secret_edit, self.repeat_edit):
            edit.clear()
        self.role_choice.set_value("staff")
        self.create_feedback.show_text(_("Akun {name} sudah dibuat.").format(name=account.username))
        self.reload()

    def _on_create_failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        self.create_feedback.show_text(plain_error(exc, "account creation"), Severity.ERROR)
