"""Shared by the bundle tests: an office and outreach laptops, each with its own database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from prakerja_desktop import paths
from prakerja_desktop.app import App
from prakerja_desktop.sync.room import Sync
from tests.factories import make_draft


def open_device(root: Path, name: str, new_db_url: Callable[[Path], str] | None = None) -> App:
    """A device with its own data folder and its own database.

    `new_db_url` is the fresh_db_url fixture: a new PostgreSQL database on a server run (the office
    and each laptop must never share one), the SQLite file in the folder otherwise. Without it (a
    module-scoped fixture cannot use it) the device gets the SQLite file in its folder.
    """
    folder = root / name
    return App.open(folder, new_db_url(folder) if new_db_url else paths.default_db_url(folder))


def pair(office: App, laptop: App, folder: Path) -> None:
    """Exchange pairing files both ways, as staff do with a USB stick: the laptop's first, then the office's
    card made for that laptop (it carries the receipt prefix the office assigned)."""
    folder.mkdir(parents=True, exist_ok=True)
    office_file, laptop_file = folder / f"office-{laptop.device.code}.json", folder / f"{laptop.device.code}.json"
    Sync(laptop).write_card("laptop", laptop_file)
    Sync(office).accept_card(Sync(office).read_card(laptop_file))
    Sync(office).write_card("office", office_file, for_device=laptop.device.id)
    Sync(laptop).accept_card(Sync(laptop).read_card(office_file))


def add_person(app: App, serial: int, name: str, *, birth: date = date(2000, 5, 17),
               female: bool = False) -> None:
    """Submit one made-up person (serial picks the NIK)."""
    app.records.submit(make_draft(serial=serial, name=name, birth=birth, female=female), today=date(2026, 11, 28))


def snapshot(app: App) -> dict[str, list[tuple]]:
    """Every row of every table (to prove a refused bundle changed nothing)."""
    from sqlalchemy import select

    from prakerja_desktop.storage.models import Base

    with app.db.read() as session:
        return {table.name: sorted(map(tuple, session.execute(select(table)).all()), key=repr)
                for table in Base.metadata.sorted_tables}


def people(app: App) -> dict[str, str]:
    """{record uuid: NIK} of the records here."""
    from sqlalchemy import select

    from prakerja_desktop.storage.models import RecordRow

    with app.db.read() as session:
        return {str(u): nik for u, nik in session.execute(select(RecordRow.uuid, RecordRow.nik))}
