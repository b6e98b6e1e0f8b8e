"""Shared fixtures: every path goes to a temp folder; every database is a real SQLite file, or a fresh
PostgreSQL database per test with --db-url / PRAKERJA_TEST_DB_URL."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Qt must never look for a real screen unless a test asks for Xvfb itself.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from prakerja_desktop import paths  # noqa: E402
from tests import cheap_argon2  # noqa: E402
from tests.sqlite_template import SqliteTemplate  # noqa: E402

if TYPE_CHECKING:
    from prakerja_desktop.app import App

ROOT = Path(__file__).resolve().parent.parent

# Modules whose tests never open a database (domain rules, parsing, architecture): on a PostgreSQL
# run they get no fresh database (about 580 tests), and PRAKERJA_DB_URL points at a closed port,
# so a test added here that does open one fails loudly instead of quietly using SQLite.
NO_DATABASE_MODULES = frozenset({
    "test_architecture", "test_batch_columns", "test_codes", "test_eligibility", "test_email", "test_flow",
    "test_kk", "test_nik", "test_options", "test_phone", "test_pyside_regression", "test_regions",
    "test_rules",
})


def pytest_addoption(parser: pytest.Parser) -> None:
    """--db-url runs the whole suite against a PostgreSQL server instead of SQLite files."""
    parser.addoption("--db-url", default=os.environ.get("PRAKERJA_TEST_DB_URL"),
                     help="SQLAlchemy URL of a PostgreSQL database whose role may CREATE DATABASE; "
                          "every test then gets a fresh database there (default: SQLite files)")


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers and, on a PostgreSQL run, make the migrated template database."""
    config.addinivalue_line("markers", "sqlite_only(reason): needs the SQLite file itself; skipped on PostgreSQL")
    config.addinivalue_line("markers", "postgres_only(reason): needs a PostgreSQL server; skipped on SQLite")
    config.addinivalue_line("markers", "strong_argon2: keeps the app's real argon2 cost (tests/cheap_argon2.py)")
    config.server_databases = None  # type: ignore[attr-defined]
    config.server_unreachable = ""  # type: ignore[attr-defined]
    url = config.getoption("--db-url")
    if not url:
        return
    from tests.server_db import ServerDatabases

    servers = ServerDatabases(url)
    try:
        servers.check_reachable()
    except Exception as exc:  # noqa: BLE001 - any failure to connect means the same here
        from prakerja_desktop.storage.database import safe_url

        reason = f"PostgreSQL at {safe_url(url)} cannot be reached: {type(exc).__name__}"
        if os.environ.get("CI") == "true":  # CI asked for the server: its absence is a failure
            raise pytest.UsageError(reason) from exc
        config.server_unreachable = reason  # type: ignore[attr-defined]
        return
    servers.start()
    config.server_databases = servers  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    """Drop what is left of this run on the server (its template and any test database)."""
    servers = getattr(config, "server_databases", None)
    if servers is not None:
        servers.finish()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip SQLite-only tests on a PostgreSQL run and PostgreSQL-only tests on a SQLite run."""
    on_server = bool(config.getoption("--db-url"))
    for item in items:
        marker = item.get_closest_marker("postgres_only" if not on_server else "sqlite_only")
        if marker is None:
            continue
        why = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if on_server:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {why}"))
        else:
            item.add_marker(pytest.mark.skip(reason=f"needs PostgreSQL (--db-url or PRAKERJA_TEST_DB_URL): {why}"))


def on_postgres(config: pytest.Config) -> bool:
    """True on a run against a PostgreSQL server."""
    return bool(config.getoption("--db-url"))


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[Path]:
    """Point the data folder and platform folders at a temp folder for every test.

    On a PostgreSQL run every test also gets a fresh database, handed over as PRAKERJA_DB_URL: so
    App.open, the main window and main.py child processes all use it with nothing passed.
    """
    data = tmp_path / "data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    config = request.config
    if not on_postgres(config) or request.node.get_closest_marker("sqlite_only") is not None:
        yield data
        return
    if request.node.module.__name__.rsplit(".", 1)[-1] in NO_DATABASE_MODULES:
        monkeypatch.setenv(paths.DB_URL_ENV, "postgresql://no-database-for-this-test@127.0.0.1:1/none")
        yield data
        return
    if config.server_unreachable:  # type: ignore[attr-defined]
        pytest.skip(reason=config.server_unreachable)  # type: ignore[attr-defined]
    servers = config.server_databases  # type: ignore[attr-defined]
    url = servers.fresh()
    monkeypatch.setenv(paths.DB_URL_ENV, url)
    try:
        yield data
    finally:
        servers.drop(url)


@pytest.fixture(autouse=True)
def _cheap_argon2(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters in every test unless it is marked strong_argon2 (never in the app)."""
    if request.node.get_closest_marker("strong_argon2") is None:
        cheap_argon2.install(monkeypatch)


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """Once a worker thread exists, automatic collection is off (ui/gc_guard.py): collect between tests
    too, on this (the GUI) thread, so tests that never run the event loop still free their garbage."""
    yield
    guard = sys.modules.get("ui.gc_guard")
    if guard is not None:
        guard.collect_now()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    """The migrated SQLite database of this run, made once (tests/sqlite_template.py)."""
    return SqliteTemplate.build(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture
def postgres_run(request: pytest.FixtureRequest) -> bool:
    """True on a run against a PostgreSQL server (--db-url)."""
    return on_postgres(request.config)


@pytest.fixture
def db_url(data_dir: Path) -> str:
    """The URL of this test's database: the fresh PostgreSQL one, or the SQLite file in data_dir."""
    return paths.db_url(data_dir)


@pytest.fixture
def pairs(tmp_path: Path, fresh_db_url):  # type: ignore[no-untyped-def]
    """An office and a laptop, paired (sync tests); both closed afterwards."""
    from tests.sync_support import open_device, pair

    office, laptop = open_device(tmp_path, "office", fresh_db_url), open_device(tmp_path, "laptop", fresh_db_url)
    pair(office, laptop, tmp_path / "pairing")
    yield office, laptop
    office.close()
    laptop.close()


@pytest.fixture
def fresh_db_url(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Another database for a second device (a laptop beside the office): fresh_db_url(folder).

    SQLite: the file in that folder, a copy of the migrated template (its own data key). PostgreSQL:
    a new database on the server, dropped afterwards. `empty=True` gives one with no tables at all
    (migration tests).
    """
    made: list[str] = []
    servers = request.config.server_databases  # type: ignore[attr-defined]

    def make(folder: Path, *, empty: bool = False) -> str:
        if servers is None:
            if not empty:
                request.getfixturevalue("sqlite_template").copy_into(Path(folder))
            return paths.default_db_url(Path(folder))
        made.append(servers.fresh(empty=empty))
        return made[-1]

    yield make
    for url in made:
        servers.drop(url)


@pytest.fixture
def data_dir(_isolated_paths: Path) -> Path:
    """The test's data folder."""
    return _isolated_paths


@pytest.fixture
def app(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[App]:
    """App over a fresh database in the temp data folder (SQLite: a copy of the migrated template)."""
    from prakerja_desktop.app import App

    if paths.db_url(data_dir) == paths.default_db_url(data_dir):
        request.getfixturevalue("sqlite_template").copy_into(data_dir)
    opened = App.open(data_dir)  # the URL in force: PRAKERJA_DB_URL on a PostgreSQL run
    yield opened
    opened.close()


@pytest.fixture
def wizard_context(app: App, qtbot):  # type: ignore[no-untyped-def]
    """A WizardContext over a real database, with the real worker thread."""
    from datetime import date

    from ui.tasks import TaskRunner
    from ui.wizard.context import WizardContext

    tasks = TaskRunner()
    context = WizardContext(app=app, tasks=tasks, today=lambda: date(2026, 11, 28))
    yield context
    tasks.shutdown()


@pytest.fixture
def admin(app: App):  # type: ignore[no-untyped-def]
    """The office's first admin account."""
    return app.staff.create("admin", "Pak Admin", "admin", "rahasia-123")


@pytest.fixture
def tasks(qtbot):  # type: ignore[no-untyped-def]
    """A real worker thread, stopped after the test."""
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def host(qtbot, wizard_context):  # type: ignore[no-untyped-def]
    """A wizard on a real database, 1024×768, on screen."""
    from ui.wizard.host import WizardHost

    widget = WizardHost(wizard_context)
    qtbot.addWidget(widget)
    widget.resize(1024, 768)
    widget.show()
    widget.start()
    return widget
