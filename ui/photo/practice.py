"""The practice widget: choose KTP or face, take (or choose) a picture, hear what to change.

Used by the wizard step "Latihan foto" and again from Done. Pictures stay in this widget's memory:
the one checked is shown until "Coba lagi" and dropped then, and when the widget is hidden.
"""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from prakerja_desktop.i18n import _
from prakerja_desktop.photo.result import PhotoInputError, PhotoResult
from ui.photo import sources
from ui.photo.sources import FrameSource, StillSource
from ui.widgets.accessible import describe
from ui.widgets.choice import OptionButtons
from ui.widgets.read_aloud import ReadAloudButton

logger = logging.getLogger(__name__)

KTP, FACE = "ktp", "face"
PREVIEW_SIZE = (480, 270)


def _tips(kind: str) -> str:
    """What to do before taking the picture."""
    if kind == FACE:
        return _("Duduk di tempat terang, cahaya dari depan. Lihat lurus ke kamera; wajah di tengah "
                 "dan memenuhi sebagian besar gambar.")
    return _("Pakai e-KTP asli yang tidak rusak. Letakkan di alas polos yang gelap, arahkan kamera tepat di "
             "atasnya, seluruh kartu terlihat, tanpa lampu kilat (flash).")


class PhotoPractice(QWidget):
    """Take or choose a picture, check it in memory, show "✔ Siap" or what to change."""

    def __init__(self, parent: QWidget | None = None, *, allow_files: bool = True,
                 camera: FrameSource | None = None, find_camera: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("photoPractice")
        self.camera = camera if camera is not None else (sources.make_source(self) if find_camera else None)
        if self.camera is not None:
            self.camera.setParent(self)
            self.camera.preview.connect(self._show_preview)
        self.still = StillSource(self)
        self.still.preview.connect(self._show_preview)
        self.result: PhotoResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.kind = OptionButtons([(KTP, _("Foto KTP")), (FACE, _("Foto wajah"))], _("Latihan foto"), parent=self)
        self.kind.set_value(KTP)
        self.kind.changed.connect(self._on_kind_changed)
        layout.addWidget(self.kind)
        self.tips = self._label("pageIntro")
        layout.addWidget(self.tips)
        self.no_camera = self._label("photoNoCamera")
        layout.addWidget(self.no_camera)
        self.preview = QLabel(self)
        self.preview.setObjectName("photoPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(320, 200)
        self.preview.setMaximumHeight(PREVIEW_SIZE[1] + 10)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.preview.setStyleSheet("QLabel#photoPreview { background: #222; color: #fff; }")
        self.preview.setAccessibleName(_("Gambar dari kamera"))
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.take_button = QPushButton(_("Ambil foto"), self)
        self.take_button.setObjectName("photoTakeButton")
        describe(self.take_button, _("Ambil foto"), _("Memeriksa gambar kamera sekarang. Foto tidak disimpan."))
        self.take_button.clicked.connect(self.take)
        self.file_button = QPushButton(_("Pilih foto dari berkas"), self)
        self.file_button.setObjectName("photoFileButton")
        describe(self.file_button, _("Pilih foto dari berkas"),
                 _("Memeriksa foto yang sudah ada. Foto tidak disimpan atau disalin."))
        self.file_button.clicked.connect(self.choose_file)
        self.file_button.setVisible(allow_files)
        buttons.addWidget(self.take_button)
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.headline = self._label("photoHeadline")
        self.headline.setStyleSheet("QLabel#photoHeadline { font-weight: bold; }")
        layout.addWidget(self.headline)
        self.findings_box = QVBoxLayout()
        self.findings_box.setSpacing(6)
        layout.addLayout(self.findings_box)
        self.finding_labels: list[QLabel] = []
        result_row = QHBoxLayout()
        self.retry_button = QPushButton(_("Coba lagi"), self)
        self.retry_button.setObjectName("photoRetryButton")
        describe(self.retry_button, _("Coba lagi"), _("Menghapus hasil dan foto ini, lalu mencoba lagi."))
        self.retry_button.clicked.connect(self.retry)
        self.read_button = ReadAloudButton(_("Bacakan hasil"), "photoReadResult",
                                           _("Membacakan hasil pemeriksaan foto."), self.spoken_result, self)
        result_row.addWidget(self.retry_button)
        result_row.addWidget(self.read_button)
        result_row.addStretch(1)
        layout.addLayout(result_row)
        self.no_camera.setText(_("Kamera tidak ditemukan di komputer ini.") + (
            " " + _("Anda bisa memeriksa foto yang sudah ada.") if allow_files else
            " " + _("Minta bantuan petugas untuk berlatih foto.")))
        self.no_camera.setVisible(self.camera is None)
        self.preview.setVisible(self.camera is not None or allow_files)
        self.take_button.setVisible(self.camera is not None)
        self.retry_button.setVisible(False)
        self._on_kind_changed()

    # --- public ---------------------------------------------------------------------------------

    def take(self) -> PhotoResult | None:
        """Check the camera's current picture."""
        frame = self.camera.grab() if self.camera is not None else None
        if frame is None:
            self._show_message(_("Belum ada gambar dari kamera. Tunggu sebentar, lalu coba lagi."))
            return None
        if self.camera is not None:
            self.camera.stop()  # the picture checked stays on screen; the camera waits for "Coba lagi"
        self._show_preview(sources.to_image(frame))
        return self.check(frame)

    def choose_file(self) -> None:
        """A picture file (read into memory only, never copied)."""
        path, _filter = QFileDialog.getOpenFileName(self, _("Pilih foto"), "", _("Gambar (*.jpg *.jpeg *.png)"))
        if path:
            self.check_file(path)

    def check_file(self, path: str) -> PhotoResult | None:
        """Read a picture file and check it."""
        frame = sources.read_file(path)
        if frame is None:
            self._show_message(_("Berkas ini bukan foto yang bisa dibaca. Pilih berkas JPG atau PNG."))
            return None
        if self.camera is not None:
            self.camera.stop()
        self.still.show_frame(frame)
        return self.check(frame)

    def check(self, frame: np.ndarray) -> PhotoResult | None:
        """Run the chosen check on a frame and show the result (the frame is not kept)."""
        from prakerja_desktop.photo.face import check_face
        from prakerja_desktop.photo.ktp import check_ktp

        try:
            result = (check_face if self.kind.value() == FACE else check_ktp)(frame)
        except PhotoInputError as exc:
            self._show_message(str(exc))
            return None
        self._show_result(result)
        return result

    def retry(self) -> None:
        """Forget the result and the picture; the camera starts again."""
        self.still.stop()
        self._clear_result()
        self.preview.clear()
        self.preview.setText(_("Kamera siap.") if self.camera is not None else "")
        if self.camera is not None and self.isVisible():
            self.camera.start()

    def release(self) -> None:
        """Let go of the camera and of every picture (leaving the step, the kiosk wipe)."""
        if self.camera is not None:
            self.camera.stop()
        self.still.stop()
        self.preview.clear()
        self._clear_result()

    def spoken_result(self) -> str:
        """What "Bacakan hasil" says."""
        if self.result is not None:
            return self.result.spoken()
        return " ".join(label.text() for label in self.finding_labels) or self.tips.text()

    def texts(self) -> list[str]:
        """The result as shown, in order (tests read it like a person)."""
        return [self.headline.text()] + [label.text() for label in self.finding_labels]

    # --- Qt -----------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The camera runs only while the practice is on screen."""
        super().showEvent(event)
        if self.camera is not None and self.result is None and not self.camera.active:
            self.camera.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Leaving the step (or the window going away) releases the camera and forgets the picture."""
        self.release()
        super().hideEvent(event)

    # --- inside -------------------------------------------------------------------------------------

    def _scroll_to_result(self) -> None:
        scroll = self._scroll_area()
        if scroll is not None and self.retry_button.isVisible():
            page = scroll.widget()
            if page is not None and page.layout() is not None:
                page.layout().activate()  # the new lines' places, before scrolling to them
                page.resize(page.width(), max(page.height(), page.sizeHint().height()))
            scroll.ensureWidgetVisible(self.retry_button)

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _on_kind_changed(self) -> None:
        text = _tips(self.kind.value() or KTP)
        self.tips.setText(text)
        self.tips.setAccessibleName(text)
        if self.result is not None:
            self.retry()

    def _show_preview(self, image: QImage) -> None:
        """The picture, fitted into the preview box (the page stays short enough to see the result)."""
        pixmap = QPixmap.fromImage(image)
        self.preview.setPixmap(pixmap.scaled(PREVIEW_SIZE[0], PREVIEW_SIZE[1], Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def _show_result(self, result: PhotoResult) -> None:
        self._clear_result()
        self.result = result
        self.headline.setText(result.headline())
        self.headline.setAccessibleName(result.headline())
        for finding in result.problems:
            self._add_line(f"• {finding.message}", "photoProblem")
        if result.advice:
            self._add_line(_("Juga perhatikan:"), "photoAdviceHeading")
        for advice in result.advice:
            self._add_line(f"ℹ {advice}", "photoAdvice")
        self.retry_button.setVisible(True)
        self.take_button.setVisible(False)  # the camera waits for "Coba lagi"
        # The result is what the person wants to see now (scrolled to once the new lines are laid out).
        QTimer.singleShot(0, self, self._scroll_to_result)

    def _show_message(self, message: str) -> None:
        self.result = None
        self._clear_result()
        self.headline.setText(message)
        self.headline.setAccessibleName(message)
        self.retry_button.setVisible(True)

    def _add_line(self, text: str, name: str) -> None:
        label = self._label(name)
        label.setText(text)
        label.setAccessibleName(text)
        self.finding_labels.append(label)
        self.findings_box.addWidget(label)

    def _clear_result(self) -> None:
        self.result = None
        for label in self.finding_labels:
            label.hide()  # at once: deleteLater waits for the event loop
            self.findings_box.removeWidget(label)
            label.deleteLater()
        self.finding_labels = []
        self.headline.clear()
        self.retry_button.setVisible(False)
        self.take_button.setVisible(self.camera is not None)
