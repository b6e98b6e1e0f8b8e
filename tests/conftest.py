"""Shared fixtures: every path goes to a temp folder, every database is a real file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Qt must never look for a real screen unless a test asks for Xvfb itself.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from prakerja_desktop import paths  # noqa: E402

if TYPE_CHECKING:
    from prakerja_desktop.services import Services

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    """--db-url runs the storage tests against another database (an office PostgreSQL)."""
    parser.addoption("--db-url", default=os.environ.get("PRAKERJA_TEST_DB_URL"),
                     help="SQLAlchemy URL of an empty database to test against (default: SQLite files)")


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder and platform folders at a temp folder for every test."""
    data = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture
def data_dir(_isolated_paths: Path) -> Path:
    """The test's data folder."""
    return _isolated_paths


@pytest.fixture
def services(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[Services]:
    """Services over a fresh database in the temp data folder."""
    from prakerja_desktop.services import Services

    opened = Services.open(data_dir, request.config.getoption("--db-url"))
    yield opened
    opened.close()


@pytest.fixture
def wizard_context(services: Services, qtbot):  # type: ignore[no-untyped-def]
    """A WizardContext over a real database, with the real worker thread."""
    from datetime import date

    from ui.tasks import TaskRunner
    from ui.wizard.context import WizardContext

    tasks = TaskRunner()
    context = WizardContext(services=services, tasks=tasks, today=lambda: date(2026, 11, 28))
    yield context
    tasks.shutdown()


@pytest.fixture
def admin(services: Services):  # type: ignore[no-untyped-def]
    """The office's first admin account."""
    return services.create_staff("admin", "Pak Admin", "admin", "rahasia-123")


@pytest.fixture
def tasks(qtbot):  # type: ignore[no-untyped-def]
    """A real worker thread, stopped after the test."""
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()
