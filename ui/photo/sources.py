"""Where the practice's pictures come from: the live camera, or still pictures (a chosen file, tests).

Every source hands out frames as RGB numpy arrays held in memory only; nothing is written anywhere.
The camera runs only while the practice is on screen: stop() releases it.
"""

from __future__ import annotations

import logging
import time
import weakref

import numpy as np
from PySide6.QtCore import QLoggingCategory, QObject, Signal
from PySide6.QtGui import QImage

logger = logging.getLogger(__name__)

PREVIEW_INTERVAL = 0.1  # seconds between preview pictures
_RUNNING: weakref.WeakSet[FrameSource] = weakref.WeakSet()  # for release_all() (the kiosk wipe)


class FrameSource(QObject):
    """A source of pictures: `preview` shows what the camera sees; `grab()` gives the frame to check."""

    preview = Signal(QImage)  # a picture to show (not to keep)
    live = False  # True for a moving picture (the camera): the page offers "Ambil foto"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._active = False

    @property
    def active(self) -> bool:
        """True while the source holds a device or pictures."""
        return self._active

    def start(self) -> None:
        """Begin delivering pictures."""
        self._active = True
        _RUNNING.add(self)

    def stop(self) -> None:
        """Stop and let go of the device and of every picture held."""
        self._active = False
        _RUNNING.discard(self)

    def grab(self) -> np.ndarray | None:
        """The current picture as an RGB array, or None when there is none yet."""
        raise NotImplementedError


class StillSource(FrameSource):
    """One still picture at a time: a file the person chose, or a picture a test hands over."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame: np.ndarray | None = None

    def show_frame(self, frame: np.ndarray) -> None:
        """Hold this picture (in memory) and show it."""
        self._frame = frame
        if not self.active:
            self.start()
        self.preview.emit(to_image(frame))

    def stop(self) -> None:
        """Forget the picture."""
        self._frame = None
        super().stop()

    def grab(self) -> np.ndarray | None:
        """The picture held."""
        return self._frame


class CameraSource(FrameSource):
    """The default camera through Qt Multimedia: a capture session feeding a video sink."""

    live = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        quiet_multimedia()
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoFrame, QVideoSink

        self._camera = QCamera(self)
        self._session = QMediaCaptureSession(self)
        self._sink = QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._latest: QVideoFrame | None = None
        self._shown_at = 0.0
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._camera.errorOccurred.connect(self._on_error)

    def start(self) -> None:
        """Switch the camera on."""
        super().start()
        self._camera.start()

    def stop(self) -> None:
        """Switch the camera off (the device is free for others) and drop the last frame."""
        self._camera.stop()
        self._latest = None
        super().stop()

    def grab(self) -> np.ndarray | None:
        """The newest camera frame."""
        if self._latest is None or not self._latest.isValid():
            return None
        image = self._latest.toImage()
        return None if image.isNull() else to_array(image)

    def _on_frame(self, frame: object) -> None:
        if not self.active:
            return
        self._latest = frame  # type: ignore[assignment]
        now = time.monotonic()
        if now - self._shown_at < PREVIEW_INTERVAL:
            return  # the preview needs no 30 pictures a second; "Ambil foto" takes the newest frame anyway
        self._shown_at = now
        image = self._latest.toImage() if self._latest is not None else QImage()
        if not image.isNull():
            self.preview.emit(image)

    def _on_error(self, *_args: object) -> None:
        logger.warning("the camera reported an error: %s", self._camera.errorString())


def camera_present() -> bool:
    """True when the system lists at least one camera."""
    quiet_multimedia()
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.videoInputs())


def make_source(parent: QObject | None = None) -> FrameSource | None:
    """The live camera when there is one (None otherwise)."""
    return CameraSource(parent) if camera_present() else None


def release_all() -> int:
    """Stop every running source (the kiosk wipe); returns how many were running."""
    running = list(_RUNNING)
    for source in running:
        source.stop()
    return len(running)


def quiet_multimedia() -> None:
    """Hardware video decoding (VA-API) is not needed for a camera; its absence is not worth a warning."""
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")


def to_array(image: QImage) -> np.ndarray:
    """A QImage as an RGB array (a copy: the image's memory may be reused by the camera)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = np.frombuffer(rgb.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    return raw[:, : width * 3].reshape(height, width, 3).copy()


def to_image(frame: np.ndarray) -> QImage:
    """An RGB (or grey) array as a QImage that owns a copy of the pixels."""
    array = np.ascontiguousarray(frame)
    height, width = array.shape[:2]
    if array.ndim == 2:
        return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8).copy()
    if array.shape[2] == 4:
        return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_RGBA8888).copy()
    return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_RGB888).copy()


def read_file(path: str) -> np.ndarray | None:
    """A picture file as an RGB array in memory (None when it is not a picture Qt can read)."""
    image = QImage(path)
    return None if image.isNull() else to_array(image)
