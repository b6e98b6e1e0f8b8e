"""Where the program keeps its data and finds its resources; every path is overridable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "PrakerjaDesktop"
APP_AUTHOR = "Disnaker"
DATA_DIR_ENV = "PRAKERJA_DATA_DIR"
DB_URL_ENV = "PRAKERJA_DB_URL"
DB_FILENAME = "prakerja.sqlite3"
CONFIG_DIR_ENV = "PRAKERJA_CONFIG_DIR"
# The office setting for a shared server: one line in the data folder, e.g.
# postgresql://prakerja:PASSWORD@10.0.0.5/prakerja (lines starting with # are notes).
DB_URL_FILENAME = "database-url.txt"


def resources_dir() -> Path:
    """The resources/ folder, also inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder for the database, logs and device identity (argument > environment > platform)."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    import platformdirs  # here, not at the top: `main.py --version` and --help never need it

    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return path.expanduser().resolve()


def default_db_url(folder: Path) -> str:
    """The embedded SQLite database inside the data folder."""
    return f"sqlite:///{(folder / DB_FILENAME).as_posix()}"


def db_url(folder: Path, override: str | None = None) -> str:
    """The database URL in force: argument > environment > database-url.txt > the SQLite file."""
    return override or os.environ.get(DB_URL_ENV) or configured_db_url(folder) or default_db_url(folder)


def configured_db_url(folder: Path) -> str | None:
    """The URL kept in <data>/database-url.txt, or None when there is no such file.

    A file that exists but cannot be read raises OSError: silently falling back to a local file
    would split the office's records between the server and this PC.
    """
    try:
        lines = (folder / DB_URL_FILENAME).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        return None
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return None


def logs_dir(folder: Path) -> Path:
    """Where the rotating log and the crash log live."""
    return folder / "logs"


def backups_dir(folder: Path) -> Path:
    """The default backup folder (on the same disk: it protects against a damaged file, not a lost disk)."""
    return folder / "backups"


def config_dir() -> Path:
    """The per-user folder for this machine's device secret: never inside the data folder."""
    chosen = os.environ.get(CONFIG_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    # Roaming on Windows (%APPDATA%), apart from the data in %LOCALAPPDATA%.
    path = Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR, roaming=True)).expanduser().resolve()
    if path == Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)).expanduser().resolve():
        path = path.with_name(f"{APP_NAME}-keys")  # macOS: config and data share one folder
    return path
