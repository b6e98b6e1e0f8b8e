"""The office-server setting: <data>/database-url.txt, its order against --db and the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.errors import UserInputError
from prakerja_desktop.storage.database import normalise_url, open_database, safe_url
from tests.test_cli import run


def test_the_url_in_database_url_txt_is_used_when_nothing_else_is_given(
        data_dir: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # db_url is this test's database (PostgreSQL on a server run): keep it as the office setting.
    chosen = db_url if db_url.startswith("postgresql") else f"sqlite:///{(data_dir / 'kantor.sqlite3').as_posix()}"
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / paths.DB_URL_FILENAME).write_text(f"# server kantor\n\n  {chosen}  \n", encoding="utf-8")
    (data_dir / paths.DB_URL_FILENAME).chmod(0o600)  # it holds the server password: others may not read it
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    assert paths.db_url(data_dir) == chosen
    assert paths.db_url(data_dir, "sqlite:///other.sqlite3") == "sqlite:///other.sqlite3"  # --db wins
    monkeypatch.setenv(paths.DB_URL_ENV, "sqlite:///env.sqlite3")
    assert paths.db_url(data_dir) == "sqlite:///env.sqlite3"  # then the environment
    monkeypatch.delenv(paths.DB_URL_ENV)

    result = run("info", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert safe_url(normalise_url(chosen)) in result.stdout or safe_url(chosen) in result.stdout
    if chosen.startswith("sqlite"):
        assert (data_dir / "kantor.sqlite3").exists() and not (data_dir / paths.DB_FILENAME).exists()


def test_a_folder_without_the_file_uses_the_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DB_URL_ENV, raising=False)
    assert paths.configured_db_url(tmp_path) is None
    assert paths.db_url(tmp_path) == paths.default_db_url(tmp_path)
    (tmp_path / paths.DB_URL_FILENAME).write_text("# only a note\n", encoding="utf-8")
    assert paths.db_url(tmp_path) == paths.default_db_url(tmp_path)


def test_postgresql_urls_mean_psycopg_3() -> None:
    assert normalise_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert safe_url("postgresql://staff:s3cret@10.0.0.5/prakerja") == "postgresql://staff:***@10.0.0.5/prakerja"


def test_an_unreachable_server_is_a_plain_message_not_a_traceback(tmp_path: Path) -> None:
    from prakerja_desktop.errors import EnvironmentProblem, ProblemKind

    with pytest.raises(EnvironmentProblem) as raised:
        App.open(tmp_path, "postgresql://staff:s3cret@127.0.0.1:1/none")
    assert raised.value.kind is ProblemKind.UNREACHABLE
    result = run("--db", "postgresql://staff:s3cret@127.0.0.1:1/none", "info", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 3 and "Server data kantor" in result.stderr
    assert "Traceback" not in result.stderr and "s3cret" not in result.stderr
    assert "s3cret" not in (tmp_path / "d" / "logs" / "prakerja.log").read_text()


def test_an_unknown_database_kind_is_a_plain_message() -> None:
    with pytest.raises(UserInputError, match="tidak didukung"):
        open_database("oracle://staff@h/db")


def test_a_missing_driver_says_what_to_install() -> None:
    import subprocess
    import sys

    child = ("import sys\nsys.modules['psycopg'] = None  # as on a PC without the [postgres] extra\n"
             "from prakerja_desktop.errors import UserInputError\n"
             "from prakerja_desktop.storage.database import create_db_engine\n"
             "try:\n    create_db_engine('postgresql://staff:s3cret@10.0.0.5/prakerja')\n"
             "except UserInputError as exc:\n    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "psycopg" in done.stdout and "prakerja-desktop[postgres]" in done.stdout and "s3cret" not in done.stdout
