"""Photo practice: rehearse the e-KTP photo and the face check offline, before trying online.

The checks work on frames held in memory only (numpy arrays, RGB): nothing here writes a file, logs
pixels or hands an image to the database. OpenCV is an optional extra ("photo"); without it the wizard
leaves the step out (`library_available`).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache


@lru_cache(maxsize=1)
def library_available() -> bool:
    """True when OpenCV (opencv-python-headless, the "photo" extra) can be imported."""
    try:
        return importlib.util.find_spec("cv2") is not None
    except (ImportError, ValueError):  # a broken install counts as absent
        return False
