"""The registration status line on Welcome, About and Done (the office declares it; memory only, no database)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.wizard.context import WizardContext


def show_registration(label: QLabel, context: WizardContext, *, follow_up: bool | None = None) -> None:
    """Headline and the office's note; with follow_up given (Done), also what happens next."""
    app = context.app
    if app is None:  # the first moments after start: say nothing rather than guess
        label.setVisible(False)
        return
    status, today = app.rules.registration(), context.today()
    if follow_up is None:
        lines = [status.headline(today), status.explanation(today)]
    else:
        lines = list(status.lines(today, follow_up=follow_up))
    text = "\n".join(line for line in lines if line)
    label.setText(text)
    label.setAccessibleName(text)
    label.setVisible(True)
