"""Opening the database: engine, SQLite pragmas, explicit transactions, and migrations at start."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from prakerja_desktop.errors import EnvironmentProblem, ProblemKind, UserInputError, classify
from prakerja_desktop.i18n import _
from prakerja_desktop.storage import encryption

if TYPE_CHECKING:
    from alembic.config import Config

    from prakerja_desktop.rescue import Rescue

# Alembic is imported only to migrate: a database already at the head opens without it (a command line
# run or the first screen pays no second for it, issue 20). The head is read from the migration files.
_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15_000
# PostgreSQL: one writer at a time, like BEGIN IMMEDIATE on SQLite. Every write transaction takes
# this transaction-level advisory lock first, so the audit chain cannot fork and no lock-order
# deadlock is possible between writers (the key is an arbitrary constant: "PKJW").
WRITE_LOCK_KEY = 0x504B4A57
PG_CONNECT_TIMEOUT_S = 10


@dataclass
class Database:
    """An open database: the engine and the two kinds of session (read, write)."""

    engine: Engine
    url: str
    _reader: sessionmaker[Session]
    _writer: sessionmaker[Session]
    rescue: Rescue | None = None  # set: opened read-only on a read-only or full disk (prakerja_desktop/rescue.py)

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite file."""
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; environment trouble surfaces as EnvironmentProblem."""
        with _translate_errors(), self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction that commits on success and rolls back on any error.

        On SQLite it starts with BEGIN IMMEDIATE so two writers queue on the busy timeout
        instead of failing half-way with "database is locked". In rescue mode it refuses at once.
        """
        if self.rescue is not None:
            raise self.rescue.refusal()
        with _translate_errors(), self._writer() as session, session.begin():
            if not self.is_sqlite:
                lock_writers(session)
            yield session

    @contextmanager
    def bookkeeping(self, what: str) -> Iterator[Session | None]:
        """A write that only notes a read (an export's audit event, the last backup's time).

        In rescue mode nothing can be written: the session is None, the note is skipped and logged, and
        the read it belongs to (a backup to another drive, an export) still counts.
        """
        if self.rescue is not None:
            logger.warning("rescue mode: %s not recorded", what)
            yield None
            return
        with self.write() as session:
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def adopt(self, other: Database) -> None:
        """Take over OTHER's engine and sessions (the file was re-keyed: rooms keep this object)."""
        self.engine.dispose()
        self.engine, self._reader, self._writer = other.engine, other._reader, other._writer


@contextmanager
def _translate_errors() -> Iterator[None]:
    """Turn known environment failures into EnvironmentProblem; let bugs through unchanged."""
    try:
        yield
    except (SQLAlchemyError, OSError) as exc:
        problem = classify(exc)
        if problem is None:
            raise
        logger.warning("database problem: %s", problem.kind)
        raise problem from exc


def lock_writers(session: Session) -> None:
    """Wait for the database-wide writer lock until this transaction ends (PostgreSQL only)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


def normalise_url(url: str) -> str:
    """postgresql://… means psycopg 3 (SQLAlchemy alone would pick psycopg2)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for logs and screens."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL must not break logging
        return "<invalid database URL>"


def create_db_engine(url: str, *, encrypt: bool = True) -> Engine:
    """An engine with our SQLite settings (SQLCipher key, WAL, synchronous=FULL, foreign keys, busy timeout).

    Every engine hides SQL parameters from error texts: they carry names, birth dates and addresses.

    A SQLite file is encrypted with SQLCipher unless ENCRYPT is False (benchmarks compare both); a
    database server relies on the server's own protection (docs/security.md).
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types for bad URLs
        raise UserInputError(_("Alamat basis data tidak dikenali: {url}").format(url=safe_url(url))) from exc
    if parsed.get_backend_name() != "sqlite":
        return _server_engine(normalise_url(url))
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):  # file: = a sqlite URI
        if Path(database).expanduser().is_dir():  # not "damaged, restore": the address names a folder
            raise UserInputError(_("Alamat basis data menunjuk ke sebuah folder, bukan berkas: {path}. "
                                   "Sebutkan berkas, misalnya {example}.").format(
                path=database, example=Path(database) / "prakerja.sqlite3"))
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    path = encryption.database_file(url) if encrypt else None
    key = encryption.data_key(path) if path is not None else None
    if key is not None:
        encryption.quiet_sqlcipher_log()
        engine = create_engine(url, module=encryption.sqlcipher, hide_parameters=True,
                               connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "do_connect")
        def _keyed_connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
            # The key must be the first statement on a SQLCipher connection, before SQLAlchemy's own.
            connection = encryption.sqlcipher.connect(*cargs, **cparams)
            connection.execute(encryption.key_pragma(key))
            return connection
    else:
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take over transaction control from the sqlite3 module so BEGIN IMMEDIATE is possible.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")  # deleted rows are zeroed, not left in free pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _server_engine(url: str) -> Engine:
    """An engine for a database server (PostgreSQL through psycopg 3)."""
    parsed = make_url(url)
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        # A server that does not answer must give a plain message soon, not hang a kiosk.
        connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
        connect_args["application_name"] = "prakerja-desktop"
    try:
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args)
    except (ImportError, NoSuchModuleError) as exc:
        if parsed.get_backend_name() == "postgresql":
            raise UserInputError(_(
                "Untuk server PostgreSQL, pasang dulu driver psycopg: "
                "pip install \"prakerja-desktop[postgres]\" (atau \"psycopg[binary]\")."
            )) from exc
        raise UserInputError(_("Basis data ini tidak didukung atau drivernya belum terpasang: {url}")
                             .format(url=safe_url(url))) from exc
    except ArgumentError as exc:
        raise UserInputError(_("Basis data ini tidak didukung atau drivernya belum terpasang: {url}")
                             .format(url=safe_url(url))) from exc


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration pointing at our migrations, without an alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    """The newest migration revision shipped with this version (the one no other revision follows)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for kind, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            (revisions if kind == "revision" else parents).add(value)
    heads = revisions - parents
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # unclear from the files: let alembic say (or raise)

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Apply every missing migration."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def quick_check(engine: Engine) -> None:
    """SQLite's fast structural check at start-up; a damaged file raises EnvironmentProblem(CORRUPT)."""
    with engine.connect() as connection:
        problems = [row[0] for row in connection.exec_driver_sql("PRAGMA quick_check")]
    if problems != ["ok"]:
        logger.error("quick_check found %d problems in the database file", len(problems))
        raise EnvironmentProblem(ProblemKind.CORRUPT, "quick_check")


def open_database(url: str, *, migrate: bool = True, check: bool = True, encrypt: bool = True) -> Database:
    """Open (and by default check and migrate) the database at URL."""
    with _translate_errors():
        engine = create_db_engine(url, encrypt=encrypt)
    try:
        with _translate_errors():
            if check and engine.dialect.name == "sqlite":
                quick_check(engine)
            if migrate:
                before = current_revision(engine)
                if before != head_revision():
                    logger.info("migrating database from %s to %s", before, head_revision())
                    upgrade(engine)
    except BaseException:
        engine.dispose()  # no connection may stay open on a file that a restore will replace
        raise
    reader = sessionmaker(bind=engine, expire_on_commit=False)
    writer = sessionmaker(
        bind=engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
    )
    return Database(engine=engine, url=url, _reader=reader, _writer=writer)
