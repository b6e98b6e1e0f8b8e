"""The one way the GUI runs core work in the background: owner guard, progress, one failure display.

Modelled on Anki's `CollectionOp`: the work is a plain function run on the database worker thread
(it never touches a widget); its result comes back on the GUI thread to `on_done`, but only while
the owner widget still exists (the person may have moved on, or the kiosk wiped the session).
A failure goes to `on_error` when given; otherwise to the default display: `plain_error()` in a
message box over the owner, or in the log for work nobody is waiting for. No failure is dropped
without at least a log line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from prakerja_desktop.errors import UserInputError, classify
from prakerja_desktop.i18n import _
from ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


class Progress(Protocol):
    """What an operation needs of a progress display (ui.staff.progress.ProgressPanel has it)."""

    def finish(self) -> None:
        """Hide the display: the work ended, however it ended."""


def plain_error(exc: BaseException, doing: str, bug_message: str | None = None) -> str:
    """The message a person sees for a failure; bugs are logged with their traceback, never shown.

    A refused input says why (its own message), an environment problem (disk full, locked or
    damaged database…) gets its plain message, anything else is a bug: logged as `doing` failed,
    and the person reads `bug_message` (default: a short apology that points to the log).
    """
    if isinstance(exc, UserInputError):
        return str(exc)
    problem = classify(exc)
    if problem is not None:
        logger.warning("%s: %s", doing, problem.kind)
        return problem.user_message
    logger.error("%s failed", doing, exc_info=exc)
    return bug_message or _("Maaf, terjadi kesalahan program. Minta petugas melihat berkas log.")


def log_failure(doing: str) -> Callable[[Exception], None]:
    """A failure handler for work the person is not waiting for: it writes one log line, shows nothing."""

    def failed(exc: Exception) -> None:
        plain_error(exc, doing)

    return failed


def show_failure(owner: QObject | None, doing: str) -> Callable[[Exception], None]:
    """The default failure display: the plain message in a box over the owner window."""

    def failed(exc: Exception) -> None:
        message = plain_error(exc, doing)
        parent = owner.window() if isinstance(owner, QWidget) and shiboken6.isValid(owner) else None
        if parent is None:
            return  # nobody to tell: plain_error() has logged it
        box = QMessageBox(QMessageBox.Icon.Warning, "Prakerja Desktop", message,
                          QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    return failed


def run_in_background(tasks: TaskRunner, function: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None,
                      doing: str = "background work", progress: Progress | None = None) -> int:
    """Run `function` on the worker; `on_done`/`on_error` come back on the GUI thread.

    With an owner, both callbacks are dropped once the owner was deleted. Without `on_error` the
    failure goes to show_failure() (a box over the owner; the log when there is no owner).
    A `progress` display is finished before either callback runs.
    """
    failure = on_error if on_error is not None else show_failure(owner, doing)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def done(result: Any) -> None:
        if progress is not None and alive():
            progress.finish()
        if alive():
            on_done(result)

    def failed(exc: Exception) -> None:
        if progress is not None and alive():
            progress.finish()
        if alive():
            failure(exc)
        else:
            plain_error(exc, doing)  # the screen is gone, the failure is still logged

    return tasks.submit(function, done, failed)
