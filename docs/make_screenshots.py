"""Make the README's pictures in docs/images: real screens (offscreen, 1024×768) and a real receipt.

    .venv/bin/python docs/make_screenshots.py            # writes docs/images/*.png

The data is the test robot's standard applicant (tests/wizard_robot.py) in a fresh temporary data folder;
the receipt page is rendered with pdftoppm (poppler-utils) at 75 dpi.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from prakerja_desktop.domain import flow  # noqa: E402
from ui.display import DisplayMode, display_settings  # noqa: E402

IMAGES = ROOT / "docs" / "images"
SIZE = (1024, 768)


def settle() -> None:
    """Let layouts and queued work reach the screen."""
    for _ in range(30):
        QApplication.processEvents()


def main() -> int:
    """Write every picture; returns the exit code."""
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    from prakerja_desktop.app import App
    from tests.wizard_robot import Person, Robot, wait_until
    from ui.main_window import MainWindow

    data = Path(tempfile.mkdtemp(prefix="prakerja-shots-")) / "data"
    setup = App.open(data)  # an office with an admin: no first-run set-up on top of the pictures
    setup.staff.create("admin", "Pak Admin", "admin", "rahasia-123")
    setup.close()
    window = MainWindow(data)
    window.resize(*SIZE)
    window.show()
    opened: list[object] = []
    window.app_ready.connect(opened.append)
    window.open_app()
    wait_until(lambda: bool(opened), timeout=60_000)
    assert window.app is not None and window.wizard is not None
    app = window.app
    robot, person = Robot(window.wizard), Person()
    robot.next()
    robot.run_to(person, flow.ELIGIBILITY)
    for _question in range(2):  # the eligibility questions come one a screen: the third, the positions
        robot.fill(person)
        robot.next()
    display_settings().set_mode(DisplayMode(contrast=True))
    settle()
    window.grab().save(str(IMAGES / "wizard-eligibility-high-contrast.png"))
    display_settings().set_mode(DisplayMode())
    robot.run_to(person, flow.IDENTITY)
    robot.fill(person)
    wait_until(lambda: window.wizard.code_label.isVisible())
    settle()
    window.grab().save(str(IMAGES / "wizard-identity.png"))
    display_settings().set_mode(DisplayMode(large=True))
    settle()
    window.grab().save(str(IMAGES / "wizard-identity-large-text.png"))
    display_settings().set_mode(DisplayMode())
    robot.next()
    robot.run_to(person, flow.REVIEW)
    robot.next()
    wait_until(lambda: window.wizard.draft.step == flow.DONE and window.tasks.pending == 0)
    settle()
    window.grab().save(str(IMAGES / "wizard-done.png"))
    result = window.context.last_result
    assert result is not None
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "receipt.pdf"
        pdf.write_bytes(app.receipts.pdf(result.record_uuid, layout="a4"))
        subprocess.run(["pdftoppm", "-r", "75", "-png", "-singlefile", str(pdf), str(IMAGES / "receipt-a4")],
                       check=True)

    session = app.staff.login("admin", "rahasia-123").staff
    assert session is not None
    window.enter_staff(session)
    display_settings().set_mode(DisplayMode(contrast=True))
    wait_until(lambda: window.tasks.pending == 0)
    settle()
    window.grab().save(str(IMAGES / "staff-records-high-contrast.png"))
    display_settings().set_mode(DisplayMode())
    window.close()
    qt_app.processEvents()
    print(f"written: {', '.join(sorted(p.name for p in IMAGES.glob('*.png')))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
