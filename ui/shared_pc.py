"""A shared PC that is not a kiosk: the same "Masih di sana?" and wipe after the office's idle time, and a
question before the window closes with a person's answers on it.

At a library or village-office PC the next person must not find the previous one's answers. The kiosk
does this with its own short time; an ordinary window uses the office setting `wizard_idle_minutes`.
The countdown and the wipe are the kiosk's own (ui/kiosk/countdown.py, ui/kiosk/wipe.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit, QMessageBox

from prakerja_desktop.domain import flow
from prakerja_desktop.i18n import _
from ui.kiosk.countdown import CountdownOverlay
from ui.kiosk.wipe import wipe_person
from ui.operations import plain_error
from ui.staff.idle import IdleWatcher
from ui.style import follow_display

if TYPE_CHECKING:
    from ui.main_window import MainWindow

logger = logging.getLogger(__name__)

DEFAULT_MINUTES = 5


def in_progress(window: MainWindow) -> bool:
    """True when a person's answers are on screen: a wizard step past Welcome, not yet finished."""
    host = window.wizard
    return (host is not None and window.staff_area is None and host.isVisible()
            and host.draft.step != flow.WELCOME and host.draft.step not in flow.TERMINAL_STEPS)


def typed_on_welcome(window: MainWindow) -> bool:
    """True when something is typed on Welcome (a draft code must not wait there for the next person)."""
    host = window.wizard
    return (host is not None and window.staff_area is None and host.isVisible() and host.draft.step == flow.WELCOME
            and any(edit.text() for edit in host.findChildren(QLineEdit)))


class SharedPcGuard(QObject):
    """The idle watch of an ordinary window; does nothing while the window is a kiosk (it has its own)."""

    def __init__(self, window: MainWindow, idle_ms: int = DEFAULT_MINUTES * 60_000) -> None:
        super().__init__(window)
        self.window = window
        self.idle = IdleWatcher(idle_ms, self)
        self.countdown = CountdownOverlay(window)
        self.idle.timed_out.connect(self._on_idle)
        self.countdown.continued.connect(self.idle.start)
        self.countdown.expired.connect(self.wipe_session)
        self.idle.start()

    def set_idle_ms(self, idle_ms: int) -> None:
        """The office's time without input before "Masih di sana?"."""
        self.idle.set_timeout(idle_ms)

    def _on_idle(self) -> None:
        if self.window.is_kiosk:
            self.idle.stop()  # the kiosk controller watches from now on
            return
        if not in_progress(self.window) and not typed_on_welcome(self.window):
            self.idle.start()  # nothing of anybody on screen: keep watching
            return
        self.countdown.begin()

    def wipe_session(self) -> str:
        """Keep the draft only with consent, then a fresh Welcome with nothing of the person left."""
        self.countdown.cancel()
        outcome = wipe_person(self.window)  # the camera too: the shared-PC copy of this had forgotten it
        logger.info("shared-PC session wiped after no input (draft: %s)", outcome)
        self.idle.start()
        return outcome

    def stop(self) -> None:
        """Stop watching (the window closes)."""
        self.idle.stop()
        self.countdown.cancel()


def ask_before_closing(window: MainWindow, then_close: Callable[[], None]) -> QMessageBox:
    """Keep the answers with their code, or discard them; "Batal" keeps the window open."""
    host = window.wizard
    assert host is not None
    code = host.draft.code
    consented = host.draft.applicant.consent.store_record
    box = QMessageBox(QMessageBox.Icon.Question, _("Tutup aplikasi?"), "", QMessageBox.StandardButton.NoButton,
                      window)
    box.setObjectName("closeMidWizardBox")
    follow_display(box)  # big buttons, our colours and the display mode, as on the wizard
    keep = None
    if consented and code:
        box.setText(_("Isian belum selesai. Simpan untuk dilanjutkan nanti dengan kode {code}, atau hapus "
                      "isian ini?").format(code=code))
        keep = box.addButton(_("Simpan, kode {code}").format(code=code), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepDraftButton")
    else:
        box.setText(_("Isian belum selesai dan belum disimpan. Tutup dan hapus jawaban ini?"))
    discard = box.addButton(_("Hapus isian"), QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discardDraftButton")
    cancel = box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancelCloseButton")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def failed(exc: Exception) -> None:  # the window stays open: nothing is lost
        failed_box = QMessageBox(QMessageBox.Icon.Warning, _("Tutup aplikasi?"),
                                 plain_error(exc, "closing mid-wizard"), QMessageBox.StandardButton.Ok, window)
        failed_box.finished.connect(failed_box.deleteLater)
        failed_box.open()

    def answered(_result: int) -> None:
        clicked = box.clickedButton()
        if clicked is None or clicked is cancel:
            return
        host.current_page().apply(host.draft.applicant)
        context, draft = host.context, host.draft
        if clicked is keep:
            context.run(lambda: context.app.drafts.save(draft, context.staff), lambda _r: then_close(), failed)
        else:
            context.run(lambda: context.app.drafts.discard(draft.id), lambda _r: then_close(), failed)

    box.finished.connect(answered)
    box.finished.connect(box.deleteLater)
    box.open()
    return box
