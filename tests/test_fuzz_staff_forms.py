"""Random text in every field of the first-run set-up (office and first admin), through the widgets:
saved, or a plain message; never an exception. A saved odd office name still prints on a receipt."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit

from prakerja_desktop.app import App
from tests.factories import make_draft
from tests.test_fuzz_wizard import TEXT, type_like_a_person
from tests.wizard_robot import wait_until
from ui.staff.first_run import FirstRunDialog

pytestmark = pytest.mark.gui
HUNT = int(os.environ.get("PRAKERJA_FUZZ_EXAMPLES", "0"))
GOOD = {"officeName": "Disnaker Lumajang", "adminUsername": "admin", "adminDisplayName": "Siti",
        "adminSecret": "rahasia-123", "recoveryPassphrase": "kopi tubruk di balai desa",
        "firstRunBackupFolder": ""}  # the backup folder is optional: left empty is a good answer
SECRETS = ("adminSecret", "recoveryPassphrase")  # each with a "...Repeat" field that must match
HOW = st.sampled_from(["good", "good", "good", "junk", "good+junk"])  # mostly fillable, so saves happen too


def test_random_first_run_input(qtbot, tasks, fresh_db_url) -> None:  # type: ignore[no-untyped-def]
    outcomes = {"saved": 0, "message": 0}

    @settings(max_examples=HUNT or 12, deadline=None, derandomize=not HUNT,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=st.data())
    def one_office(data: st.DataObject) -> None:
        with tempfile.TemporaryDirectory() as folder:  # a fresh office each time: saving stays possible
            app = App.open(folder, fresh_db_url(Path(folder)))  # PostgreSQL: a new database too
            try:
                fill_and_save(data, app)
            finally:
                app.close()

    def fill_and_save(data: st.DataObject, app: App) -> None:
        record = app.records.submit(make_draft())
        dialog = FirstRunDialog(app, tasks)
        qtbot.addWidget(dialog)
        dialog.show()
        completed: list[object] = []
        dialog.completed.connect(lambda admin: completed.append(admin))
        with qtbot.capture_exceptions() as exceptions:
            typed: dict[str, str] = {}
            for edit in dialog.findChildren(QLineEdit):
                if not (edit.isVisible() and edit.isEnabled()):
                    continue
                name = edit.objectName()
                if name.endswith("Repeat") and name[:-len("Repeat")] in SECRETS:
                    first = typed.get(name[:-len("Repeat")], "")  # mostly typed again the same
                    text = first if data.draw(HOW, label="how " + name) != "junk" else data.draw(TEXT, label=name)
                else:
                    how = data.draw(HOW, label="how " + name) if name in GOOD else "junk"
                    if how == "good+junk" and name in SECRETS:
                        how = "good"  # a secret with junk is covered by "junk"
                    text = GOOD.get(name, "") if how != "junk" else ""
                    if how != "good":
                        text += data.draw(TEXT, label=name)
                typed[name] = text
                type_like_a_person(edit, text)
            if data.draw(st.integers(0, 3), label="choose places from the lists") > 0:
                for _round in range(2):  # the regency list fills once a province is chosen
                    for combo in dialog.findChildren(QComboBox):
                        if combo.isVisible() and combo.count() > 1:
                            combo.setCurrentIndex(data.draw(st.integers(0, combo.count() - 1),
                                                            label=combo.objectName()))
            QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
            wait_until(lambda: tasks.pending == 0, timeout=30)
            if completed:
                outcomes["saved"] += 1
                assert app.receipts.pdf(record.record_uuid).startswith(b"%PDF")  # the odd office name
            else:
                assert dialog.feedback.text().strip(), "nothing saved and nothing said"
                assert "kesalahan program" not in dialog.feedback.text()
                outcomes["message"] += 1
        dialog.close()
        assert not exceptions, exceptions

    one_office()
    assert outcomes["message"] > 0 and outcomes["saved"] > 0  # both paths were really taken
