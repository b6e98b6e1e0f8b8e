"""Photo practice (issue 22): the KTP and face checks on known pictures, the wizard step, and that no
picture is kept anywhere."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QGuiApplication, QImage
from sqlalchemy import inspect, select, text

from prakerja_desktop import photo
from prakerja_desktop.domain import flow
from prakerja_desktop.domain.applicant import Draft
from prakerja_desktop.photo.face import check_face, find_faces
from prakerja_desktop.photo.frames import working_copy
from prakerja_desktop.photo.ktp import check_ktp
from prakerja_desktop.photo.result import PhotoInputError
from tests import photo_images as pictures
from tests.wizard_robot import Person, Robot, wait_until
from ui.photo import sources
from ui.photo.practice import FACE, KTP
from ui.wizard.host import WizardHost

# --- the checks on known pictures ----------------------------------------------------------------------

CARD_EXPECTED = {
    "good": set(), "blurred": {"ktp.blurred"}, "glare": {"ktp.glare"}, "cut_off": {"ktp.cut_off"},
    "dark": {"ktp.dark"}, "tilted": {"ktp.tilted"}, "small": {"ktp.too_small"}, "none": {"ktp.not_found"},
}


@pytest.mark.parametrize("name", list(pictures.CARDS))
def test_each_generated_card_gets_exactly_its_finding(name: str) -> None:
    result = check_ktp(pictures.CARDS[name]())
    assert result.codes() == CARD_EXPECTED[name]
    assert result.ready is (name == "good")
    assert all(f.message and f.message[0].isupper() for f in result.problems)


def test_a_ready_card_says_siap_and_a_problem_says_what_to_change() -> None:
    assert check_ktp(pictures.good_card()).headline().startswith("✔ Siap")
    glare = check_ktp(pictures.glare_card())
    assert glare.headline().startswith("✖")
    assert "pantulan cahaya" in glare.spoken()


def _padded(size: int) -> np.ndarray:
    """The astronaut in the middle of a bigger grey picture (the face gets smaller)."""
    canvas = np.full((size, size, 3), 120, np.uint8)
    offset = (size - 512) // 2
    canvas[offset:offset + 512, offset:offset + 512] = pictures.astronaut()
    return canvas


def test_face_checks_on_the_astronaut() -> None:
    astronaut = pictures.astronaut()
    ready = check_face(astronaut)
    assert ready.ready, ready.codes()
    assert len(ready.advice) == 3 and any("kacamata" in a for a in ready.advice)  # always said
    assert check_face(astronaut[:, ::-1].copy()).ready
    assert check_face((astronaut * 0.25).astype(np.uint8)).codes() >= {"face.dark"}
    import cv2

    assert check_face(cv2.GaussianBlur(astronaut, (0, 0), 3)).codes() == {"face.blurred"}
    assert "face.too_small" in check_face(_padded(800)).codes()
    shifted = np.full_like(astronaut, 120)
    shifted[:, 150:] = astronaut[:, :362]  # the face well right of the middle, as big as before
    assert check_face(shifted).codes() == {"face.off_centre"}


def test_two_faces_and_no_face() -> None:
    assert check_face(pictures.two_faces_close()).codes() == {"face.several"}
    from skimage import data

    for picture in (data.coffee(), data.chelsea(), data.camera(), pictures.good_card(), pictures.no_card()):
        assert check_face(np.ascontiguousarray(picture)).codes() & {"face.not_found", "face.dark"}


def test_detection_rates_on_the_lfw_subset() -> None:
    """The README reports these numbers: 100 face patches and 100 non-face patches."""
    faces, others = pictures.lfw_patches()
    found = sum(len(find_faces(working_copy(p)[1])) == 1 for p in faces)
    false = sum(len(find_faces(working_copy(p)[1])) > 0 for p in others)
    assert found >= 80, found
    assert false <= 3, false


@pytest.mark.parametrize("frame", [np.zeros((100, 100), np.float32), np.zeros((20, 20, 3), np.uint8),
                                   np.zeros((100, 100, 2), np.uint8), "not a picture", None])
def test_what_is_not_a_picture_gets_a_plain_message(frame: object) -> None:
    for check in (check_ktp, check_face):
        with pytest.raises(PhotoInputError) as caught:
            check(frame)
        assert "foto" in str(caught.value)


def test_grey_and_rgba_frames_are_read() -> None:
    import cv2

    grey = cv2.cvtColor(pictures.good_card(), cv2.COLOR_RGB2GRAY)
    assert check_ktp(grey).codes() == set()
    rgba = cv2.cvtColor(pictures.astronaut(), cv2.COLOR_RGB2RGBA)
    assert check_face(rgba).ready


# --- the step in the flow ------------------------------------------------------------------------------

def test_the_step_follows_identity_unnumbered_and_leads_to_family() -> None:
    assert photo.library_available()
    assert flow.MAIN_PATH[flow.MAIN_PATH.index(flow.IDENTITY) + 1] == flow.PHOTO
    assert flow.step_entry(flow.PHOTO).next == flow.FAMILY
    assert flow.step_number(flow.PHOTO) is None
    assert flow.PHOTO not in flow.EDITABLE_STEPS and flow.PHOTO not in flow.REVIEW_STEPS
    assert flow.leave_effect(Draft(step=flow.PHOTO)) is flow.Effect.NOTHING


def test_without_opencv_the_step_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photo, "library_available", lambda: False)
    draft = Draft(step=flow.IDENTITY)
    assert flow.resolve_next(draft) == flow.FAMILY


# --- the page ------------------------------------------------------------------------------------------

class FedSource(sources.StillSource):
    """A camera stand-in that tests feed with pictures (the page's frame-source interface)."""

    live = True


@pytest.fixture
def fed(monkeypatch: pytest.MonkeyPatch) -> list[FedSource]:
    """Every practice gets a fed source instead of looking for a camera; the list holds them."""
    made: list[FedSource] = []

    def make(parent=None):  # type: ignore[no-untyped-def]
        made.append(FedSource(parent))
        return made[-1]

    monkeypatch.setattr(sources, "make_source", make)
    return made


def open_photo_step(qtbot, wizard_context, person: Person | None = None) -> tuple[WizardHost, Robot]:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start()
    robot = Robot(host)
    robot.run_to(person or Person(), flow.PHOTO)
    return host, robot


@pytest.mark.gui
def test_practice_on_the_page_ready_and_what_to_change(qtbot, wizard_context, fed) -> None:  # type: ignore[no-untyped-def]
    host, robot = open_photo_step(qtbot, wizard_context)
    practice = host.current_page().practice
    camera = fed[-1]
    assert camera.active  # the camera runs while the step is on screen
    camera.show_frame(pictures.glare_card())
    robot.click(robot.find("photoTakeButton"))
    assert practice.result is not None and practice.result.codes() == {"ktp.glare"}
    assert practice.texts()[0].startswith("✖") and "pantulan" in practice.texts()[1]
    assert not camera.active  # the picture checked stays on screen; the camera waits
    assert "pantulan" in practice.spoken_result()
    robot.click(robot.find("photoRetryButton"))
    assert practice.result is None and practice.texts() == [""]
    assert camera.active
    robot.click(robot.find("choice_face"))
    assert practice.kind.value() == FACE
    camera.show_frame(pictures.astronaut())
    robot.click(robot.find("photoTakeButton"))
    assert practice.texts()[0].startswith("✔ Siap")
    assert any("kacamata" in line for line in practice.texts())
    assert robot.next() == flow.FAMILY
    assert not camera.active and camera.grab() is None  # leaving the step released it
    assert robot.back() == flow.PHOTO
    assert practice.kind.value() == FACE and practice.result is None


@pytest.mark.gui
def test_the_big_skip_button_goes_on(qtbot, wizard_context, fed) -> None:  # type: ignore[no-untyped-def]
    host, robot = open_photo_step(qtbot, wizard_context)
    robot.click(robot.find("photoSkipButton"))
    assert host.draft.step == flow.FAMILY
    assert host.current_page().findChild(type(robot.find("kkNumber")), "kkNumber") is not None


@pytest.mark.gui
def test_kiosk_without_camera_offers_no_file_dialog(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host, robot = open_photo_step(qtbot, wizard_context)  # offscreen: no camera
    practice = host.current_page().practice
    assert practice.camera is None
    assert not robot.find("photoFileButton").isVisible()  # a file dialog would open the PC to strangers
    assert robot.find("photoNoCamera").isVisible()


@pytest.mark.gui
def test_release_all_stops_every_running_source(qtbot, wizard_context, fed) -> None:  # type: ignore[no-untyped-def]
    """What the kiosk wipe calls: no camera stays on for the next person."""
    open_photo_step(qtbot, wizard_context)
    assert fed[-1].active
    assert sources.release_all() == 1
    assert not fed[-1].active


@pytest.mark.gui
def test_the_one_wipe_of_kiosk_and_shared_pc_releases_the_camera(qtbot, wizard_context, fed) -> None:  # type: ignore[no-untyped-def]
    """ui/kiosk/wipe.release_cameras, called by wipe_person for the kiosk and the shared-PC idle wipe alike."""
    from ui.kiosk.wipe import release_cameras

    open_photo_step(qtbot, wizard_context)
    assert fed[-1].active
    release_cameras()
    assert not fed[-1].active


@pytest.mark.gui
def test_file_choice_reads_into_memory_only(qtbot, wizard_context, fed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    host, _robot = open_photo_step(qtbot, wizard_context)
    practice = host.current_page().practice
    path = tmp_path / "ktp.png"
    assert sources.to_image(pictures.good_card()).save(str(path))
    result = practice.check_file(str(path))
    assert result is not None and result.ready
    (tmp_path / "not.png").write_bytes(b"not a picture")
    assert practice.check_file(str(tmp_path / "not.png")) is None
    assert "bukan foto" in practice.texts()[0]


def test_frames_round_trip_through_qimage() -> None:
    frame = pictures.astronaut()[:101, :77].copy()  # an odd width: rows are padded in a QImage
    assert np.array_equal(sources.to_array(sources.to_image(frame)), frame)


# --- nothing is kept -----------------------------------------------------------------------------------

def _needles(frames: list[np.ndarray]) -> list[bytes]:
    """What would betray a kept picture: the marker, and a run of raw pixels from the middle of each."""
    found = [pictures.MARKER]
    for frame in frames:
        row = frame[frame.shape[0] // 2]
        found.append(row[100:164].tobytes())
    return found


@pytest.mark.gui
@pytest.mark.sqlite_only("searches the data folder's files and the database's rows after a practice run")
def test_a_practice_run_leaves_no_picture_anywhere(qtbot, wizard_context, fed, data_dir: Path,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    from prakerja_desktop.logs import setup_logging

    log_path = setup_logging(data_dir)
    card, face = pictures.with_marker(pictures.good_card()), pictures.with_marker(pictures.astronaut())
    host, robot = open_photo_step(qtbot, wizard_context)
    practice = host.current_page().practice
    fed[-1].show_frame(card)
    robot.click(robot.find("photoTakeButton"))
    assert practice.result is not None
    robot.click(robot.find("photoRetryButton"))
    practice.kind.set_value(KTP)
    robot.click(robot.find("choice_face"))
    fed[-1].show_frame(face)
    robot.click(robot.find("photoTakeButton"))
    assert practice.result is not None and practice.result.ready
    robot.next()  # family: the draft is saved (the person consented)
    robot.fill(Person())
    robot.next()
    wait_until(lambda: host.draft.code is not None)
    qtbot.wait(300)  # the save after family
    for handler in logging.getLogger().handlers:
        handler.flush()
    needles = _needles([card, face])
    # The data folder, the log included: no file holds the picture's bytes.
    for path in data_dir.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert not any(needle in content for needle in needles), path
    assert log_path.exists() and not any(n in log_path.read_bytes() for n in needles)
    # The database (encrypted on disk, so read through the app): no row holds a picture or its bytes.
    app = wizard_context.app
    with app.db.read() as session:
        for table in inspect(session.get_bind()).get_table_names():
            for row in session.execute(select(text("*")).select_from(text(table))):
                for value in row:
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    assert not any(needle in raw for needle in needles), table
    # The draft as stored: no trace of the practice beyond the step it was on.
    stored = app.drafts.resume(host.draft.code)
    assert stored is not None
    dumped = json.dumps(stored.applicant, default=lambda o: getattr(o, "__dict__", str(o)))
    assert "photo" not in dumped.lower() and pictures.MARKER.decode() not in dumped
    # The clipboard: nothing was put there.
    clipboard = QGuiApplication.clipboard()
    assert clipboard.image().isNull() or clipboard.image() == QImage()
    mime = clipboard.mimeData()
    assert mime is None or not any(any(n in bytes(mime.data(f)) for n in needles) for f in mime.formats())
    # Nothing of the pictures is left in the practice's memory after the step was left.
    assert practice.result is None and practice.still.grab() is None and fed[-1].grab() is None


@pytest.mark.gui
def test_done_offers_the_practice_again(qtbot, wizard_context, fed) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from ui.photo.dialog import PhotoPracticeDialog
    from ui.wizard.done import DonePage

    page = DonePage(wizard_context)
    qtbot.addWidget(page)
    page.show()
    assert page.photo_button is not None and page.photo_button.isVisible()
    Robot.click(Robot(None), page.photo_button)  # type: ignore[arg-type]
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, PhotoPracticeDialog) and w.isVisible()]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert not dialog.practice.file_button.isVisible()  # the kiosk: no file dialog
    dialog.practice.camera.show_frame(pictures.good_card())
    Robot.click(Robot(None), dialog.practice.take_button)  # type: ignore[arg-type]
    assert dialog.practice.result is not None and dialog.practice.result.ready
    Robot.click(Robot(None), dialog.close_button)  # type: ignore[arg-type]
    assert not dialog.isVisible()
    assert dialog.practice.result is None and not fed[-1].active and fed[-1].grab() is None


@pytest.mark.gui
def test_the_camera_source_starts_and_stops_quietly_without_a_camera(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt Multimedia loads without a warning (any would fail the test), and a source with no device
    gives no frame and holds nothing after stop()."""
    camera = sources.CameraSource()
    camera.start()
    assert camera.active and camera.grab() is None
    camera.stop()
    assert not camera.active and camera.grab() is None
