"""The e-KTP photo check: the whole card found, big enough, level, sharp, bright and without glare.

The official advice for the KTP upload is: the original card, the whole card in the frame, sharp,
bright, no flash glare. A card is found as the largest card-shaped (ID-1, 85.6 x 54 mm) region, from
the edges and from the light/dark split of the picture; the card is then cut out and straightened
(a fixed size) so that sharpness and glare are judged on the card only, whatever the camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from prakerja_desktop.domain.findings import Finding, error
from prakerja_desktop.i18n import _
from prakerja_desktop.photo.frames import sharpness, working_copy
from prakerja_desktop.photo.result import PhotoResult

CARD_ASPECT = 85.6 / 53.98  # ISO/IEC 7810 ID-1, the e-KTP's size
MIN_FILL = 0.30  # the card must cover this share of the picture
MAX_TILT_DEGREES = 12.0
MIN_SHARPNESS = 60.0  # variance of the Laplacian on the straightened card (CARD_SIZE)
DARK_FRAME = 45.0  # mean grey level of the whole picture below which nothing can be judged
DARK_CARD = 90.0  # mean grey level of the card
GLARE_LEVEL = 245  # every channel at least this: blown out
MIN_GLARE_SHARE = 0.01  # one blown-out patch covering this share of the card is glare
CARD_SIZE = (428, 270)  # the straightened card, width x height
EDGE_MARGIN = 3  # pixels from the picture's edge that count as touching it


@dataclass(frozen=True, slots=True)
class Card:
    """Where the card is in the working picture."""

    box: np.ndarray  # the four corners (float32, 4x2)
    fill: float  # share of the picture covered
    tilt: float  # degrees away from level (landscape)
    cut_off: bool  # touches the picture's edge


def check_ktp(frame: Any) -> PhotoResult:
    """Judge one frame (RGB or grey, uint8) as an e-KTP photo; PhotoInputError if it is not a picture."""
    rgb, gray = working_copy(frame)
    if float(gray.mean()) < DARK_FRAME:
        return _result([error("ktp.dark", _too_dark())])
    card = find_card(gray)
    if card is None:
        return _result([error("ktp.not_found", _(
            "Kartu tidak ditemukan. Letakkan seluruh KTP di atas alas polos yang lebih gelap dari "
            "kartu, lalu arahkan kamera tepat di atasnya."))])
    problems: list[Finding] = []
    if card.cut_off:
        problems.append(error("ktp.cut_off", _(
            "Sebagian kartu terpotong di tepi foto. Seluruh kartu, keempat sudutnya, harus terlihat.")))
    if card.fill < MIN_FILL:
        problems.append(error("ktp.too_small", _(
            "Kartu terlalu kecil di foto. Dekatkan kamera sampai kartu memenuhi sebagian besar foto.")))
    if card.tilt > MAX_TILT_DEGREES:
        problems.append(error("ktp.tilted", _(
            "Kartu miring. Luruskan kartu mendatar, sejajar dengan tepi foto.")))
    flat = _straighten(rgb, card.box)
    flat_gray = _gray(flat)
    if float(flat_gray.mean()) < DARK_CARD:
        problems.append(error("ktp.dark", _too_dark()))
    if sharpness(flat_gray) < MIN_SHARPNESS:
        problems.append(error("ktp.blurred", _(
            "Foto kabur. Tahan kamera diam, jangan terlalu dekat, dan tunggu sampai tulisan terlihat tajam.")))
    if _glare_share(flat) >= MIN_GLARE_SHARE:
        problems.append(error("ktp.glare", _(
            "Ada pantulan cahaya di kartu. Matikan lampu kilat (flash) dan geser kartu atau lampu "
            "sampai tidak ada bagian yang putih menyilaukan.")))
    return _result(problems)


def find_card(gray: np.ndarray) -> Card | None:
    """The largest card-shaped region in a grey working picture, or None."""
    import cv2

    height, width = gray.shape
    area = float(height * width)
    best: tuple[float, Card] | None = None
    for contour in _outlines(gray):
        (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
        if min(w, h) < 1:
            continue
        x, y, bw, bh = cv2.boundingRect(contour)
        cut_off = x <= EDGE_MARGIN or y <= EDGE_MARGIN or x + bw >= width - EDGE_MARGIN \
            or y + bh >= height - EDGE_MARGIN
        if x <= EDGE_MARGIN and y <= EDGE_MARGIN and x + bw >= width - EDGE_MARGIN \
                and y + bh >= height - EDGE_MARGIN:
            continue  # the whole picture's frame, not a card
        aspect = max(w, h) / min(w, h)
        low, high = (1.0, 3.2) if cut_off else (1.3, 1.95)  # a cut-off card has lost part of a side
        solid = cv2.contourArea(cv2.convexHull(contour)) / (w * h)
        if not low <= aspect <= high or solid < 0.8 or w * h < 0.04 * area:
            continue
        long_angle = angle if w >= h else angle + 90.0  # the long side's direction
        tilt = abs((long_angle + 90.0) % 180.0 - 90.0)
        card = Card(cv2.boxPoints(((cx, cy), (w, h), angle)).astype(np.float32), w * h / area, tilt, cut_off)
        if best is None or w * h > best[0]:
            best = (w * h, card)
    return best[1] if best else None


def _outlines(gray: np.ndarray) -> list[np.ndarray]:
    """Candidate outlines: closed edges, and both sides of the light/dark split (a card on a table)."""
    import cv2

    smooth = cv2.GaussianBlur(gray, (5, 5), 0)
    edges = cv2.Canny(smooth, 30, 90)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8), iterations=2)
    _level, split = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = np.ones((7, 7), np.uint8)
    found: list[np.ndarray] = []
    for mask in (edges, cv2.morphologyEx(split, cv2.MORPH_OPEN, kernel),
                 cv2.morphologyEx(255 - split, cv2.MORPH_OPEN, kernel)):
        contours, _hierarchy = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        found.extend(contours)
    return found


def _straighten(rgb: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The card cut out and turned level, at CARD_SIZE."""
    import cv2

    corners = _ordered(box)
    top = np.linalg.norm(corners[1] - corners[0])
    side = np.linalg.norm(corners[3] - corners[0])
    if side > top:  # held upright: turn so the long side runs across
        corners = np.roll(corners, -1, axis=0)
    width, height = CARD_SIZE
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(rgb, matrix, CARD_SIZE, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def _ordered(box: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    by_sum = box[np.argsort(box.sum(axis=1))]
    top_left, bottom_right = by_sum[0], by_sum[3]
    rest = by_sum[1:3]
    top_right, bottom_left = (rest[0], rest[1]) if rest[0][0] > rest[1][0] else (rest[1], rest[0])
    return np.array([top_left, top_right, bottom_right, bottom_left], np.float32)


def _gray(rgb: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def _glare_share(card: np.ndarray) -> float:
    """The share of the card covered by its largest blown-out patch."""
    import cv2

    blown = (card.min(axis=2) >= GLARE_LEVEL).astype(np.uint8)
    blown = cv2.morphologyEx(blown, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(blown, connectivity=8)
    if count <= 1:
        return 0.0
    largest = int(stats[1:, cv2.CC_STAT_AREA].max())
    return largest / float(card.shape[0] * card.shape[1])


def _too_dark() -> str:
    return _("Foto terlalu gelap. Cari tempat yang lebih terang atau nyalakan lampu ruangan (bukan flash).")


def _result(problems: list[Finding]) -> PhotoResult:
    return PhotoResult("ktp", tuple(problems))
