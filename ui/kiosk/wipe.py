"""Ending an idle kiosk session: what to keep of the person (only with consent) and what to clear."""

from __future__ import annotations

import copy
import logging
from typing import TYPE_CHECKING

from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QToolTip, QWidget

from prakerja_desktop.domain import flow
from ui.wizard.host import WizardHost

if TYPE_CHECKING:
    from ui.main_window import MainWindow

logger = logging.getLogger(__name__)


def keep_or_drop_draft(host: WizardHost) -> str:
    """Save the person's answers, the current page's unsaved edits included, only if they consented.

    Without consent (or with consent withdrawn on screen) a saved draft is deleted, as Next would.
    Returns "saved", "discarded" or "nothing" (Welcome, a finished person, or a submit in flight).
    """
    draft = host.draft
    # A submit on the worker turns the draft into a record; saving it again would bring the answers back.
    if host.busy or draft.step == flow.WELCOME or draft.step in flow.TERMINAL_STEPS:
        return "nothing"
    try:
        host.current_page().apply(draft.applicant)
    except Exception:  # noqa: BLE001 - a page bug must never stop the wipe
        logger.exception("applying the page before a kiosk wipe failed")
    context, snapshot = host.context, copy.deepcopy(draft)

    def failed(exc: Exception) -> None:
        logger.error("keeping or dropping the draft at a kiosk wipe failed", exc_info=exc)

    if snapshot.applicant.consent.store_record:
        context.run(lambda: context.app.drafts.save(snapshot, context.staff), lambda _r: None, failed)
        return "saved"
    context.run(lambda: context.app.drafts.discard(snapshot.id), lambda _r: None, failed)
    return "discarded"


def close_popups_and_dialogs(window: QWidget) -> None:
    """Close every popup, dialog, message box and tooltip; only the window itself stays."""
    QToolTip.hideText()
    for _guard in range(20):  # a popup may open another; never loop forever
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    for widget in QApplication.topLevelWidgets():
        if widget is window or not widget.isVisible():
            continue
        if isinstance(widget, QDialog):
            widget.reject()
        widget.close()


def clear_clipboard() -> None:
    """Empty the clipboard and, where there is one, the mouse selection and the find buffer."""
    clipboard = QGuiApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        clipboard.clear(QClipboard.Mode.FindBuffer)


def release_cameras() -> None:
    """Stop any camera the photo practice opened (nothing to do if the practice never loaded: no numpy then)."""
    import sys

    sources = sys.modules.get("ui.photo.sources")
    if sources is not None:
        sources.release_all()


def wipe_person(window: MainWindow) -> str:
    """End one person's session on WINDOW: their draft kept only with consent, then a fresh Welcome with no
    trace of them in any widget, dialog, the clipboard, the camera or the display mode. Returns the draft's fate.

    The kiosk and the shared-PC idle wipe both call this, so what "nothing of the person left" means is
    written once."""
    from ui.display import reset_display

    close_popups_and_dialogs(window)
    host = window.wizard
    outcome = keep_or_drop_draft(host) if host is not None else "nothing"
    if host is not None:
        window.new_wizard_host()
    clear_clipboard()
    release_cameras()  # no camera stays on for the next person
    reset_display()  # large text or high contrast was the previous person's choice
    return outcome
