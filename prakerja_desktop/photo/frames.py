"""Turning any frame into the working picture the checks read: RGB, 8-bit, a fixed width."""

from __future__ import annotations

from typing import Any

import numpy as np

from prakerja_desktop.i18n import _
from prakerja_desktop.photo.result import PhotoInputError

WORK_WIDTH = 640  # every check runs at this width: thresholds do not depend on the camera's resolution
MIN_SIDE = 64  # smaller than this is not a photo


def working_copy(frame: Any) -> tuple[np.ndarray, np.ndarray]:
    """(rgb, gray) at WORK_WIDTH; PhotoInputError (with a plain message) for what is not a picture."""
    import cv2  # the optional extra: imported when a check runs, never at start-up

    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8 or frame.ndim not in (2, 3):
        raise PhotoInputError(_("Gambar ini tidak bisa dibaca. Coba ambil foto lagi."))
    if frame.ndim == 3 and frame.shape[2] not in (3, 4):
        raise PhotoInputError(_("Gambar ini tidak bisa dibaca. Coba ambil foto lagi."))
    height, width = frame.shape[:2]
    if min(height, width) < MIN_SIDE:
        raise PhotoInputError(_("Gambar terlalu kecil. Coba ambil foto lagi."))
    if frame.ndim == 2:
        rgb = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    elif frame.shape[2] == 4:
        rgb = cv2.cvtColor(frame, cv2.COLOR_RGBA2RGB)
    else:
        rgb = frame
    if width != WORK_WIDTH:
        scaled_height = max(1, round(height * WORK_WIDTH / width))
        interpolation = cv2.INTER_AREA if width > WORK_WIDTH else cv2.INTER_LINEAR
        rgb = cv2.resize(rgb, (WORK_WIDTH, scaled_height), interpolation=interpolation)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    return rgb, gray


def sharpness(gray: np.ndarray) -> float:
    """Variance of the Laplacian: high for crisp edges and text, low for a blurred picture."""
    import cv2

    return float(cv2.Laplacian(gray, cv2.CV_64F).var())
