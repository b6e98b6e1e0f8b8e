"""Step "Latihan foto": rehearse the KTP photo and the face check (optional, one big button skips it).

Nothing of it is kept: the pictures live in the practice widget's memory only, and the camera is
released when the step is left. The draft gets no answer from this step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.i18n import _
from ui.widgets.accessible import describe
from ui.wizard.context import WizardContext
from ui.wizard.page import WizardPage


class PhotoPage(WizardPage):
    """The practice, with a big "Lewati" for those who do not want it."""

    step = flow.PHOTO

    def __init__(self, context: WizardContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.add_text(_("Pendaftaran online sering gagal karena foto KTP atau foto wajah. Di sini Anda "
                        "bisa berlatih dulu. Foto tidak disimpan di mana pun."))
        self.skip_button = QPushButton(_("Lewati latihan foto ›"), self)
        self.skip_button.setObjectName("photoSkipButton")
        describe(self.skip_button, _("Lewati latihan foto"), _("Lanjut ke langkah berikutnya tanpa berlatih."))
        self.skip_button.setProperty("class", "choice")
        self.skip_button.clicked.connect(self.next_requested.emit)
        self.layout_.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignLeft)
        # A file dialog at the kiosk would let a stranger browse this computer: files only for staff.
        # numpy and OpenCV load only when the step is built (it is skipped without the photo extra): the page
        # class itself imports anywhere, e.g. in an installed bundle's smoke check, which has no numpy.
        from ui.photo.practice import PhotoPractice

        self.practice = PhotoPractice(self, allow_files=context.staff is not None)
        self.layout_.addWidget(self.practice)
        self.layout_.addStretch(1)

    def title(self) -> str:
        """The heading."""
        return _("Latihan foto")

    def load(self, draft: Draft) -> None:
        """Every visit starts with no result and no picture."""
        self.practice.release()
