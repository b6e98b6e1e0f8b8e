"""Reading the other device's pairing QR code with a camera, when this PC has one (optional).

Qt Multimedia delivers frames; a few times a second the newest is turned gray and handed to zxing-cpp
(through the core's `codes_in_pixels`). Without a camera the pairing tab simply has no camera button:
a barcode scanner or a key file does the same job. Needs no numpy (the installed bundle has none).
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QLoggingCategory, QObject, Signal
from PySide6.QtGui import QImage

from prakerja_desktop.sync.room import codes_in_pixels

logger = logging.getLogger(__name__)

SCAN_INTERVAL = 0.3  # seconds between decoded frames: zxing-cpp takes ~10-30 ms on a 640×480 frame


def camera_present() -> bool:
    """True when the system lists at least one camera (False when Qt Multimedia cannot tell)."""
    # Hardware video decoding is not needed to list cameras; its missing libraries are not worth a warning.
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false")
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # a build without Qt Multimedia: no camera scanning, nothing else changes
        return False
    return bool(QMediaDevices.videoInputs())


def codes_in_image(image: QImage) -> list[str]:
    """Pairing codes in a picture (a camera frame or a screen grab)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = bytes(gray.constBits())[:gray.bytesPerLine() * gray.height()]
    return codes_in_pixels(data, gray.width(), gray.height(), gray.bytesPerLine())


class CameraScanner(QObject):
    """The default camera, on while scanning; `found` carries the first pairing code seen, then it stops."""

    found = Signal(str)
    preview = Signal(QImage)
    failed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        self._camera = QCamera(self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera.errorOccurred.connect(self._on_error)
        self._scanned_at = 0.0
        self.active = False

    def start(self) -> None:
        """Switch the camera on and look for a code."""
        self.active = True
        self._camera.start()

    def stop(self) -> None:
        """Switch the camera off (free for others)."""
        self.active = False
        self._camera.stop()

    def _on_frame(self, frame: object) -> None:
        now = time.monotonic()
        if not self.active or now - self._scanned_at < SCAN_INTERVAL:
            return
        self._scanned_at = now
        image = frame.toImage()  # type: ignore[attr-defined]
        if image.isNull():
            return
        self.preview.emit(image)
        codes = codes_in_image(image)
        if codes:
            self.stop()
            self.found.emit(codes[0])

    def _on_error(self, *_args: object) -> None:
        logger.warning("the camera reported an error: %s", self._camera.errorString())
        self.stop()
        self.failed.emit()
