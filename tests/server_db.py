"""Fresh PostgreSQL databases for tests: one migrated template per run, one copy per test.

`CREATE DATABASE … TEMPLATE` copies a migrated database in a few tens of milliseconds, far faster
than running the migrations for every test. Names carry the pytest process id, so two runs against
one server (a developer and CI) never meet; leftovers of a killed run are dropped at the next start.
"""

from __future__ import annotations

import itertools
import os
import queue
import sys
import threading
from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from prakerja_desktop.storage.database import normalise_url, open_database

PREFIX = "pkjtest_"
READY_AHEAD = 2  # databases kept ready for the next tests


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as the plain postgresql:// form libpq understands (password kept)."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class ServerDatabases:
    """Makes and drops databases on the server behind `admin_url` (a role with CREATEDB).

    A helper thread keeps the next test's database ready and drops used ones, so a test waits for
    neither (each costs the server ~0.1 s on this machine; the test itself sees ~0).
    """

    admin_url: str
    run_id: str = field(default_factory=lambda: str(os.getpid()))
    _numbers: itertools.count[int] = field(default_factory=itertools.count)
    _ready: queue.Queue[str] = field(default_factory=queue.Queue)
    _jobs: queue.Queue[tuple[str, str] | None] = field(default_factory=queue.Queue)
    _worker: threading.Thread | None = None
    _strategy: str = ""

    @property
    def template(self) -> str:
        """The migrated template of this run."""
        return f"{PREFIX}{self.run_id}_template"

    def url_of(self, name: str) -> str:
        """The SQLAlchemy URL of database `name` on the same server, same role."""
        return make_url(normalise_url(self.admin_url)).set(database=name).render_as_string(hide_password=False)

    def _admin(self) -> psycopg.Connection:
        """An autocommit connection to the admin database (CREATE/DROP DATABASE need one)."""
        return psycopg.connect(libpq_url(self.admin_url), autocommit=True, connect_timeout=5)

    def check_reachable(self) -> None:
        """Raise psycopg.OperationalError when the server cannot be reached."""
        with self._admin() as connection:
            connection.execute("SELECT 1")

    def start(self) -> None:
        """Drop leftovers of runs that no longer exist, make this run's migrated template, start the helper."""
        with self._admin() as connection:
            names = [row[0] for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",))]
            for name in names:
                pid = name[len(PREFIX):].split("_", 1)[0]
                if pid.isdigit() and not _process_alive(int(pid)):
                    _drop(connection, name)
            _drop(connection, self.template)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.template)))
            # PostgreSQL 15+: a plain file copy of a small template is faster than WAL-logging it.
            if connection.info.server_version >= 150000:
                self._strategy = " STRATEGY FILE_COPY"
        open_database(self.url_of(self.template)).dispose()  # migrated to head once for the whole run
        self._worker = threading.Thread(target=self._work, name="test-databases", daemon=True)
        self._worker.start()
        for _ in range(READY_AHEAD):
            self._jobs.put(("create", ""))

    def _work(self) -> None:
        """The helper thread: create (into the ready queue) and drop, in order, on one connection.

        It must never die: a waiting test would hang. Any failure is handed to the next waiting
        test (creation) or printed (a drop; finish() drops leftovers), and a lost connection is
        made again.
        """
        connection: psycopg.Connection | None = None
        while (job := self._jobs.get()) is not None:
            kind, name = job
            if kind == "create":
                name = f"{PREFIX}{self.run_id}_{next(self._numbers)}"
            try:
                if connection is None or connection.closed or connection.broken:
                    connection = self._admin()
                if kind == "create":
                    _drop(connection, name)
                    connection.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}" + self._strategy).format(
                        sql.Identifier(name), sql.Identifier(self.template)))
                else:
                    _drop(connection, name)
            except Exception as exc:  # noqa: BLE001 - reported, never fatal to the thread
                print(f"\ntest databases: {kind} {name} failed: {exc}", file=sys.__stderr__, flush=True)
                name = f"!{exc}"
            if kind == "create":
                self._ready.put(name)
        if connection is not None:
            connection.close()

    def fresh(self, *, empty: bool = False) -> str:
        """A new database: a copy of the migrated template, or `empty` (no tables) for migration tests."""
        if empty:
            name = f"{PREFIX}{self.run_id}_e{next(self._numbers)}"
            with self._admin() as connection:
                _drop(connection, name)
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return self.url_of(name)
        name = self._ready.get(timeout=120)
        self._jobs.put(("create", ""))  # the next test's, made while this one runs
        if name.startswith("!"):
            raise RuntimeError(f"could not create a test database: {name[1:]}")
        return self.url_of(name)

    def drop(self, url: str) -> None:
        """Drop a database made by fresh() (later, on the helper thread; open connections are ended)."""
        name = make_url(url).database or ""
        if name.startswith(PREFIX):
            self._jobs.put(("drop", name))

    def finish(self) -> None:
        """Drop what is left of this run: its databases and the template."""
        if self._worker is not None:
            self._jobs.put(None)
            self._worker.join(timeout=120)
        with self._admin() as connection:
            names = [row[0] for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (f"{PREFIX}{self.run_id}_%",))]
            for name in names:
                _drop(connection, name)


def _drop(connection: psycopg.Connection, name: str) -> None:
    """DROP DATABASE IF EXISTS … WITH (FORCE): connections still open are ended first."""
    connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _process_alive(pid: int) -> bool:
    """True when a process with this id exists on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
