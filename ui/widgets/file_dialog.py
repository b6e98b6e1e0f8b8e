"""Qt's own file dialog, wholly in the chosen language and readable: our labels, headers that fit.

Qt asks no translator for the file dialog's form labels ("Look in:", "Files of type:"), so
ui/translation.py cannot reach them: every file dialog gets its labels set here (a native dialog ignores
them and speaks the system's language anyway), and the detail view's columns are sized to fit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView

from prakerja_desktop.i18n import _

MINIMUM_SIZE = (900, 560)  # room for the four columns and the places list at large text


class _ColumnsFit(QObject):
    """A child of the dialog: once shown, the name column stretches and the others fit their contents."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Size the columns when the dialog is shown (its views exist by then)."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog):
            for view in watched.findChildren(QTreeView):
                header = view.header()
                header.setMinimumSectionSize(110)
                header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
                for column in range(1, header.count()):
                    header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        return False


def speak_our_language(dialog: QFileDialog) -> QFileDialog:
    """Our labels on a file dialog and columns that fit; returns the dialog."""
    dialog.setLabelText(QFileDialog.DialogLabel.LookIn, _("Lihat di:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileName, _("Nama berkas:"))
    dialog.setLabelText(QFileDialog.DialogLabel.FileType, _("Jenis berkas:"))
    dialog.setLabelText(QFileDialog.DialogLabel.Reject, _("Batal"))
    dialog.setMinimumSize(*MINIMUM_SIZE)
    dialog.installEventFilter(_ColumnsFit(dialog))
    return dialog
