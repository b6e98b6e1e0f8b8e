"""Pictures for the photo practice tests and bench, made in memory: generated KTP-like cards, and
faces from scikit-image's sample data (the astronaut Eileen Collins, a NASA public-domain photo, and
the LFW subset's 25x25 face and non-face patches)."""

from __future__ import annotations

import cv2
import numpy as np

FRAME = (720, 1280)  # height, width: a typical webcam picture
CARD_BLUE = (200, 222, 240)  # the e-KTP's light blue (RGB)
MARKER = b"PHOTO-PRACTICE-MARKER"  # written into test pictures' pixels to find them anywhere later


def background(seed: int = 1) -> np.ndarray:
    """A dark, slightly textured table top."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(60, 8, FRAME).clip(0, 255).astype(np.uint8)
    return cv2.cvtColor(noise, cv2.COLOR_GRAY2RGB)


def card_face(width: int = 856) -> np.ndarray:
    """A made-up e-KTP: light blue, a heading, a photo box and lines of dark text (no real data)."""
    height = round(width / (85.6 / 53.98))
    card = np.zeros((height, width, 3), np.uint8)
    card[:] = CARD_BLUE
    scale = width / 856
    cv2.putText(card, "PROVINSI JAWA TIMUR", (int(220 * scale), int(45 * scale)), cv2.FONT_HERSHEY_SIMPLEX,
                1.0 * scale, (20, 20, 20), max(1, int(2 * scale)), cv2.LINE_AA)
    labels = ["NIK : 3508201705000001", "Nama : CONTOH WARGA", "Tempat/Tgl Lahir : LUMAJANG",
              "Alamat : JL. CONTOH NO. 1", "Agama : -", "Pekerjaan : -", "Berlaku Hingga : SEUMUR HIDUP"]
    for row, text in enumerate(labels):
        cv2.putText(card, text, (int(30 * scale), int((100 + row * 52) * scale)), cv2.FONT_HERSHEY_SIMPLEX,
                    0.8 * scale, (25, 25, 25), max(1, int(2 * scale)), cv2.LINE_AA)
    photo = (int(650 * scale), int(80 * scale), int(820 * scale), int(300 * scale))
    cv2.rectangle(card, photo[:2], photo[2:], (150, 70, 60), -1)
    cv2.circle(card, (int(735 * scale), int(160 * scale)), int(45 * scale), (230, 190, 160), -1)
    return card


def place(card: np.ndarray, *, centre: tuple[int, int] | None = None, angle: float = 0.0,
          seed: int = 1) -> np.ndarray:
    """The card on the table, turned by angle degrees, its centre at centre (x, y)."""
    frame = background(seed)
    height, width = card.shape[:2]
    cx, cy = centre or (FRAME[1] // 2, FRAME[0] // 2)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    matrix[0, 2] += cx - width / 2
    matrix[1, 2] += cy - height / 2
    mask = cv2.warpAffine(np.full((height, width), 255, np.uint8), matrix, (FRAME[1], FRAME[0]))
    turned = cv2.warpAffine(card, matrix, (FRAME[1], FRAME[0]))
    frame[mask > 127] = turned[mask > 127]
    return frame


def good_card() -> np.ndarray:
    """Level, whole, big, sharp, bright, no glare."""
    return place(card_face())


def blurred_card() -> np.ndarray:
    """The good card, out of focus."""
    return cv2.GaussianBlur(good_card(), (0, 0), 4)


def glare_card() -> np.ndarray:
    """A flash reflection: a blown-out white patch on the card."""
    frame = good_card()
    cv2.ellipse(frame, (520, 330), (90, 60), 0, 0, 360, (255, 255, 255), -1)
    return frame


def cut_off_card() -> np.ndarray:
    """The card runs off the right edge of the picture."""
    return place(card_face(), centre=(1000, 360))


def dark_card() -> np.ndarray:
    """A dim room."""
    return (good_card().astype(np.float32) * 0.3).astype(np.uint8)


def tilted_card() -> np.ndarray:
    """Turned by 25 degrees."""
    return place(card_face(700), angle=25)


def small_card() -> np.ndarray:
    """Too far away: the card covers little of the picture."""
    return place(card_face(400))


def no_card() -> np.ndarray:
    """Only the table."""
    return background()


CARDS = {
    "good": good_card, "blurred": blurred_card, "glare": glare_card, "cut_off": cut_off_card,
    "dark": dark_card, "tilted": tilted_card, "small": small_card, "none": no_card,
}


# --- faces --------------------------------------------------------------------------------------------

def astronaut() -> np.ndarray:
    """One face, frontal, well lit (512x512 RGB)."""
    from skimage import data

    return np.ascontiguousarray(data.astronaut())


def two_faces() -> np.ndarray:
    """The astronaut twice, side by side."""
    face = astronaut()
    return np.ascontiguousarray(np.hstack([face, face]))


def lfw_patches() -> tuple[list[np.ndarray], list[np.ndarray]]:
    """LFW subset: 100 face patches and 100 non-face patches, each made a 240x240 RGB picture.

    The 25x25 patch is scaled to 120x120 and put in the middle of a plain grey picture, so a face
    fills half of it as the practice asks.
    """
    from skimage import data

    patches = data.lfw_subset()
    pictures = []
    for patch in patches:
        small = (patch * 255).clip(0, 255).astype(np.uint8)
        big = cv2.resize(small, (120, 120), interpolation=cv2.INTER_CUBIC)
        canvas = np.full((240, 240), 128, np.uint8)
        canvas[60:180, 60:180] = big
        pictures.append(cv2.cvtColor(canvas, cv2.COLOR_GRAY2RGB))
    return pictures[:100], pictures[100:]


def with_marker(frame: np.ndarray) -> np.ndarray:
    """The frame with MARKER written into its first pixels, so a copy of its bytes can be found."""
    marked = frame.copy()
    flat = marked.reshape(-1)
    flat[: len(MARKER)] = np.frombuffer(MARKER, np.uint8)
    return marked


def two_faces_close() -> np.ndarray:
    """Two people close to the camera: the astronaut's head and shoulders twice, side by side."""
    head = astronaut()[0:400, 110:430]
    return np.ascontiguousarray(np.hstack([head, head]))
