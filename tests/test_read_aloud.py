"""Reading aloud: hidden without a voice; with the system's voice (speech-dispatcher) the typed NIK is
read back in groups. The grouping itself is tested in test_spoken.py (core, no Qt)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from prakerja_desktop.domain import flow
from tests.conftest import ROOT
from tests.wizard_robot import Person, Robot
from ui.speech import ENGINE_ENV, Speaker, engine_names
from ui.wizard.host import WizardHost

pytestmark = pytest.mark.gui


def open_identity(qtbot, wizard_context) -> WizardHost:  # type: ignore[no-untyped-def]
    host = WizardHost(wizard_context)
    qtbot.addWidget(host)
    host.resize(1024, 768)
    host.show()
    host.start()
    robot = Robot(host)
    robot.next()
    robot.run_to(Person(), flow.IDENTITY)
    return host


def test_without_a_voice_no_read_aloud_button_shows(qtbot, wizard_context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENGINE_ENV, "none")
    voice = Speaker()
    assert not voice.available and not voice.say("tiga")
    from ui.widgets.read_aloud import ReadAloudButton

    button = ReadAloudButton("Bacakan", "test", "", lambda: "tiga", voice=voice)
    qtbot.addWidget(button)
    button.show()
    assert not button.isVisible()


def test_the_mock_engine_shipped_with_qt_is_never_taken_for_a_voice(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENGINE_ENV, "mock")
    assert engine_names() == []


def test_the_typed_nik_is_read_back_in_groups_by_the_system_voice() -> None:
    if not engine_names():
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs speech-dispatcher and espeak-ng (.ci/run): a voice must be there")
        pytest.skip(reason="no speech engine on this machine (install speech-dispatcher and espeak-ng)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "tests.speech_child"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0 and lines, run.stderr[-2000:]
    seen = json.loads(lines[-1])
    assert seen["visible"]
    assert seen["asked"] == "3 5 0 8 2 0, 1 7 0 5 0 0, 0 0 0 1"
    assert seen["heard"] == [seen["asked"]]


def test_the_header_reads_the_steps_instructions(qtbot, wizard_context) -> None:  # type: ignore[no-untyped-def]
    host = open_identity(qtbot, wizard_context)
    assert host.spoken_instructions().startswith("Data diri sesuai KTP. Salin dari KTP Anda.")
