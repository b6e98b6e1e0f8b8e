"""The kiosk controller: a fullscreen window nobody closes, idle sessions wiped, staff out with a PIN."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLineEdit

from prakerja_desktop.domain import flow
from prakerja_desktop.i18n import _
from ui.kiosk.countdown import DEFAULT_COUNTDOWN_SECONDS, CountdownOverlay
from ui.kiosk.guard import HOLD_MS, KioskGuard
from ui.kiosk.pin_pad import PinOverlay
from ui.kiosk.recovery import CrashRecovery
from ui.kiosk.wipe import wipe_person
from ui.staff.idle import IdleWatcher

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.wizard.host import WizardHost

logger = logging.getLogger(__name__)

DEFAULT_IDLE_MS = 90_000


class KioskController(QObject):
    """Turns a MainWindow into a kiosk; `quit_requested` (exit code) once staff close it with the PIN."""

    quit_requested = Signal(int)
    wiped = Signal(str)  # "saved", "discarded" or "nothing": what happened to the person's draft

    def __init__(self, window: MainWindow, *, idle_ms: int | None = None,
                 countdown_seconds: int = DEFAULT_COUNTDOWN_SECONDS, hold_ms: int = HOLD_MS,
                 crashed_at: datetime | None = None) -> None:
        super().__init__(window)
        self.window = window
        window.kiosk = self  # type: ignore[attr-defined]  # MainWindow.is_kiosk asks it
        self.active = False
        self._idle_from_setting = idle_ms is None  # tests give milliseconds; otherwise the office setting
        self.guard = KioskGuard(window, hold_ms=hold_ms)
        self.idle = IdleWatcher(idle_ms or DEFAULT_IDLE_MS, self)
        self.countdown = CountdownOverlay(window, countdown_seconds)
        self.pin = PinOverlay(window, window.app, window.tasks)
        self.recovery = CrashRecovery(window.data_dir, window.tasks, crashed_at)
        self.guard.staff_gesture.connect(self._on_staff_gesture)
        self.idle.timed_out.connect(self._on_idle)
        self.countdown.continued.connect(self.idle.start)
        self.countdown.expired.connect(self.wipe_session)
        self.pin.staff_login_requested.connect(self._open_staff_login)
        self.pin.quit_requested.connect(self.quit)
        self.pin.closed.connect(self._restart_idle)

    # --- switching on -------------------------------------------------------------------------------

    def activate(self) -> None:
        """Fullscreen and frameless, closing refused, no staff button, the idle watch armed."""
        if self.active:
            return
        self.active = True
        window = self.window
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.staff_bar.setVisible(False)  # the public sees no door; staff use the gesture
        self.guard.install()
        qt_app = QApplication.instance()
        if qt_app is not None:  # however the event loop ends, the filters go first (else a crash at exit)
            qt_app.aboutToQuit.connect(self._on_about_to_quit)
        window.showFullScreen()
        window.context.draft_offer = self.recovery.draft_offer
        window.app_ready.connect(self._on_app_ready)
        window.app_failed.connect(self._on_app_failed)
        window.staff_entered.connect(self._on_staff_entered)
        window.staff_left.connect(self._on_staff_left)
        window.wizard_replaced.connect(self._follow_host)
        if window.has_staff is False:  # the set-up may have opened before the kiosk switched on
            self._close_first_run()
            window.show_kiosk_not_set_up()
        if window.app is not None:  # kiosk by the office setting: the window has been in use
            self._on_app_ready(window.app)
            host = window.wizard
            if host is not None and host.draft.step == flow.WELCOME and window.staff_area is None:
                window.new_wizard_host()  # its Welcome may already offer a recent draft: not at a kiosk
        if window.wizard is not None:
            self._follow_host(window.wizard)
        self._restart_idle()
        logger.info("kiosk mode on%s", " (restarted after a crash)" if self.recovery.crashed_at else "")

    def _close_first_run(self) -> None:
        """Close an office set-up dialog if one is open: the public must never see it."""
        from ui.staff.first_run import FirstRunDialog

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstRunDialog):
                widget.close()

    def _on_app_ready(self, app: Any) -> None:
        self.pin.app = app
        self._read_settings()

    def _on_app_failed(self, _message: str) -> None:
        """Without a database there is nobody's data to guard and no PIN to check: staff must be able
        to close the window (or restore a backup) without killing it."""
        logger.warning("kiosk released: the database could not be opened")
        self.release()

    def _read_settings(self, then: Any = None) -> None:
        """Read the kiosk settings on the worker; apply the idle time, then call `then(settings)`."""
        app = self.window.app
        if app is None:
            return

        def read() -> Any:
            return app.kiosk.settings()

        def apply(settings: Any) -> None:
            if self._idle_from_setting:
                self.set_idle_ms(settings.idle_seconds * 1000)
            if then is not None:
                then(settings)

        self.window.tasks.submit(read, apply,
                                 lambda exc: logger.error("kiosk settings unreadable", exc_info=exc))

    def set_idle_ms(self, idle_ms: int) -> None:
        """Time without input before "Masih di sana?" (counted from the last input)."""
        self.idle.set_timeout(idle_ms)

    def _follow_host(self, host: WizardHost) -> None:
        host.draft_saved.connect(lambda _code, h=host: self.recovery.note(h.draft.id))
        host.step_shown.connect(self._on_step_shown)
        host.finished.connect(self.recovery.forget)

    def _on_step_shown(self, step: str) -> None:
        if step != flow.WELCOME:
            self.recovery.end_offer()  # the first session after a restart has begun (resumed or new)

    # --- idle: "Masih di sana?", then the wipe ------------------------------------------------------

    def _restart_idle(self) -> None:
        if self.active and self.window.staff_area is None:
            self.idle.start()

    def _on_idle(self) -> None:
        if self.window.staff_area is not None or self.window.not_set_up_panel is not None:
            return
        if self._pristine():
            self.idle.start()  # nothing of anybody on screen: no need to ask
            return
        self.pin.close_pad()
        self.countdown.begin()

    def _pristine(self) -> bool:
        """Welcome with nothing typed and nothing else open."""
        host = self.window.wizard
        if host is None or host.draft.step != flow.WELCOME or self.pin.isVisible():
            return False
        if any(edit.text() for edit in host.findChildren(QLineEdit)):
            return False
        return not any(w.isVisible() for w in QApplication.topLevelWidgets() if w is not self.window)

    def wipe_session(self) -> str:
        """End the person's session: keep their draft only with consent, then a fresh Welcome with no
        trace of them in any widget, dialog, completer, undo history or the clipboard."""
        self.countdown.cancel()
        self.pin.close_pad()
        outcome = wipe_person(self.window)
        self.recovery.end_offer()
        self.recovery.forget()
        logger.info("kiosk session wiped after no input (draft: %s)", outcome)
        self._restart_idle()
        self.wiped.emit(outcome)
        return outcome

    # --- staff ----------------------------------------------------------------------------------------

    def _on_staff_gesture(self) -> None:
        """Ctrl+Alt+P or the long press: the PIN pad (or the staff menu when staff are logged in)."""
        window = self.window
        if not self.active:
            return
        self.countdown.cancel()
        if window.staff_area is not None:
            self.pin.show_menu(logged_in=True)
            return
        if window.app is None:
            window.statusBar().showMessage(_("Data belum siap. Tunggu sebentar, lalu coba lagi."), 5000)
            self._restart_idle()
            return
        if window.has_staff is False:
            # "Kiosk belum disiapkan": nothing to guard and nobody to ask a PIN of; the set-up happens
            # outside kiosk mode, never in front of the public.
            logger.info("kiosk closed by the staff gesture: no admin account yet")
            self.quit()
            return
        self.idle.stop()  # staff at the kiosk; the watch restarts when the pad closes
        self._read_settings(self._open_door)

    def _open_door(self, settings: Any) -> None:
        if settings.pin_set:
            self.pin.ask_pin()
        else:  # no kiosk PIN yet: a staff member's own account is the way out (and in, to set one)
            self._open_staff_login()

    def _open_staff_login(self) -> None:
        self.window.open_login()
        self._restart_idle()

    def _on_staff_entered(self, _staff: Any) -> None:
        self.idle.stop()
        self.countdown.cancel()
        self.recovery.forget()

    def _on_staff_left(self) -> None:
        self.window.staff_bar.setVisible(False)
        if self.active and not self.window.isFullScreen():
            self.window.showFullScreen()
        self._restart_idle()

    def quit(self) -> None:
        """Staff close the kiosk: audited, the window closes (database closed), exit code 0."""
        app = self.window.app
        if app is not None:
            self.window.tasks.submit(app.kiosk.record_quit, lambda _r: None,
                                     lambda exc: logger.error("kiosk quit not audited", exc_info=exc))
        self.release()
        self.window.close()
        logger.info("kiosk closed by staff")
        QTimer.singleShot(0, lambda: self.quit_requested.emit(0))

    def _on_about_to_quit(self) -> None:
        """The application ends (staff quit, log-out, smoke run): stop guarding, close the window
        (which closes the database) while every object still exists."""
        self.release()
        self.window.close()

    def release(self) -> None:
        """Stop guarding: the window may close again (staff quit; tests)."""
        self.guard.allow_close = True
        self.guard.uninstall()
        self.idle.stop()
        self.countdown.cancel()
        self.active = False


def start_kiosk(window: MainWindow, crashed_at: datetime | None = None) -> KioskController:
    """Make the window a kiosk; the application exits with the code staff quit with."""
    controller = KioskController(window, crashed_at=crashed_at)
    window.kiosk = controller  # type: ignore[attr-defined]
    qt_app = QApplication.instance()
    controller.quit_requested.connect(lambda code: qt_app.exit(code) if qt_app is not None else None)
    controller.activate()
    return controller

