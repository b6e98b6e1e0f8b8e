"""Fresh PostgreSQL databases for tests: one migrated template per run, one copy per test.

`CREATE DATABASE … TEMPLATE` copies a migrated database in a few tens of milliseconds, far faster
than running the migrations for every test. Names carry the pytest process id, so two runs against
one server (a developer and CI) never meet; leftovers of a killed run are dropped at the next start.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from prakerja_desktop.storage.database import normalise_url, open_database

PREFIX = "pkjtest_"


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as the plain postgresql:// form libpq understands (password kept)."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class ServerDatabases:
    """Makes and drops databases on the server behind `admin_url` (a role with CREATEDB)."""

    admin_url: str
    run_id: str = field(default_factory=lambda: str(os.getpid()))
    _numbers: itertools.count[int] = field(default_factory=itertools.count)

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
        """Drop leftovers of runs that no longer exist, then make this run's migrated template."""
        with self._admin() as connection:
            names = [row[0] for row in connection.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", (PREFIX + "%",))]
            for name in names:
                pid = name[len(PREFIX):].split("_", 1)[0]
                if pid.isdigit() and not _process_alive(int(pid)):
                    _drop(connection, name)
            _drop(connection, self.template)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.template)))
        open_database(self.url_of(self.template)).dispose()  # migrated to head once for the whole run

    def fresh(self, *, empty: bool = False) -> str:
        """A new database: a copy of the migrated template, or `empty` (no tables) for migration tests."""
        name = f"{PREFIX}{self.run_id}_{next(self._numbers)}"
        with self._admin() as connection:
            _drop(connection, name)
            statement = "CREATE DATABASE {}" if empty else "CREATE DATABASE {} TEMPLATE {}"
            connection.execute(sql.SQL(statement).format(sql.Identifier(name), sql.Identifier(self.template)))
        return self.url_of(name)

    def drop(self, url: str) -> None:
        """Drop a database made by fresh(), closing any connection a test left open."""
        name = make_url(url).database or ""
        if name.startswith(PREFIX):
            with self._admin() as connection:
                _drop(connection, name)

    def finish(self) -> None:
        """Drop this run's template."""
        with self._admin() as connection:
            _drop(connection, self.template)


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
