"""The face check: one face, big enough and in the middle, bright and evenly lit, not blurred.

Faces are found with the frontal-face Haar cascade that the OpenCV wheel ships (cv2.data); it needs no
download. Glasses, a hat, a mask or closed eyes cannot be judged reliably this way, so they are given as
advice every time instead of as a verdict.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from prakerja_desktop.domain.findings import Finding, error
from prakerja_desktop.i18n import _
from prakerja_desktop.photo.frames import sharpness, working_copy
from prakerja_desktop.photo.result import PhotoResult

if TYPE_CHECKING:
    import cv2

MIN_FACE_WIDTH = 0.18  # of the picture's width
MIN_DETECTED = 0.12  # smaller faces are not looked for (the message then says to come closer)
MAX_OFF_CENTRE = 0.18  # the face's centre may be this far (share of the width) from the middle
FACE_ROWS = (0.15, 0.65)  # where the face's centre may be, as a share of the height (a portrait's eyes are high)
DARK_FACE = 80.0  # mean grey level of the face
BRIGHT_FACE = 215.0
UNEVEN_LIGHT = 45.0  # grey levels between the left and right half of the face
MIN_FACE_SHARPNESS = 25.0  # variance of the Laplacian on the face at FACE_SIZE
FACE_SIZE = (160, 160)
CASCADE = "haarcascade_frontalface_default.xml"


def check_face(frame: Any) -> PhotoResult:
    """Judge one frame (RGB or grey, uint8) as a face-verification photo."""
    _rgb, gray = working_copy(frame)
    faces = find_faces(gray)
    if not faces:
        if float(gray.mean()) < DARK_FACE:
            return _result([error("face.dark", _too_dark())])
        return _result([error("face.not_found", _(
            "Wajah tidak terlihat. Hadapkan wajah lurus ke kamera dari dekat, dengan cahaya dari depan."))])
    if len(faces) > 1:
        return _result([error("face.several", _(
            "Terlihat lebih dari satu wajah. Pastikan hanya Anda yang ada di depan kamera."))])
    x, y, w, h = faces[0]
    height, width = gray.shape
    problems: list[Finding] = []
    if w < MIN_FACE_WIDTH * width:
        problems.append(error("face.too_small", _(
            "Wajah terlalu kecil. Mendekatlah ke kamera sampai wajah memenuhi sebagian besar foto.")))
    if abs((x + w / 2) / width - 0.5) > MAX_OFF_CENTRE or not FACE_ROWS[0] <= (y + h / 2) / height <= FACE_ROWS[1]:
        problems.append(error("face.off_centre", _("Wajah tidak di tengah. Geser sampai wajah ada di tengah foto.")))
    face = gray[y:y + h, x:x + w]
    level = float(face.mean())
    if level < DARK_FACE:
        problems.append(error("face.dark", _too_dark()))
    elif level > BRIGHT_FACE:
        problems.append(error("face.bright", _(
            "Wajah terlalu terang. Jangan menghadap lampu yang sangat terang dan jangan pakai flash.")))
    left, right = float(face[:, : w // 2].mean()), float(face[:, w // 2:].mean())
    if abs(left - right) > UNEVEN_LIGHT:
        problems.append(error("face.uneven", _(
            "Cahaya tidak rata: satu sisi wajah gelap. Hadapkan wajah ke arah cahaya, misalnya jendela.")))
    if sharpness(_resized(face)) < MIN_FACE_SHARPNESS:
        problems.append(error("face.blurred", _("Foto wajah kabur. Diam sebentar dan bersihkan lensa kamera.")))
    return _result(problems)


def find_faces(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Frontal faces in a grey working picture as (x, y, width, height), largest first."""
    import cv2

    # Only faces of at least MIN_DETECTED of the width are looked for: the cascade's time falls with the
    # number of window sizes tried, and a smaller face must come closer anyway.
    smallest = int(gray.shape[1] * MIN_DETECTED)
    found = _cascade().detectMultiScale(cv2.equalizeHist(gray), scaleFactor=1.1, minNeighbors=6,
                                        minSize=(smallest, smallest))
    faces = [(int(x), int(y), int(w), int(h)) for x, y, w, h in found]
    return sorted(faces, key=lambda box: box[2] * box[3], reverse=True)


def advice() -> tuple[str, ...]:
    """What a camera cannot judge reliably: said every time."""
    return (
        _("Lepaskan kacamata, topi, dan masker."),
        _("Buka mata, lihat lurus ke kamera, dan jangan tersenyum lebar."),
        _("Gunakan hanya aplikasi resmi Kartu Prakerja, jangan aplikasi \"verifikasi wajah\" lain."),
    )


@lru_cache(maxsize=1)
def _cascade() -> cv2.CascadeClassifier:
    """The frontal-face detector shipped in the OpenCV wheel (loaded once)."""
    import cv2
    from cv2 import data as cv2_data  # the stubs do not list cv2.data, the folder of the shipped detectors

    classifier = cv2.CascadeClassifier(cv2_data.haarcascades + CASCADE)
    if classifier.empty():
        raise RuntimeError(f"the OpenCV face detector {CASCADE} is missing from the installed wheel")
    return classifier


def _resized(face: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.resize(face, FACE_SIZE, interpolation=cv2.INTER_AREA if face.shape[1] > FACE_SIZE[0]
                      else cv2.INTER_LINEAR)


def _too_dark() -> str:
    return _("Wajah terlalu gelap. Cari tempat yang lebih terang, dengan cahaya dari depan.")


def _result(problems: list[Finding]) -> PhotoResult:
    return PhotoResult("face", tuple(problems), advice())

