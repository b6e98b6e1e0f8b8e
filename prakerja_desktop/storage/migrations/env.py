"""Alembic environment: runs on the engine handed over by storage.database (no alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from prakerja_desktop.storage.models import Base
from prakerja_desktop.storage.search_index import alembic_include_object

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine given in config.attributes."""
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=alembic_include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Several kiosks may start at once on a new version: one migrates, the others wait
                # here and then find the database at head (the version is read after the lock).
                from prakerja_desktop.storage.database import WRITE_LOCK_KEY

                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            context.run_migrations()
        connection.commit()


run_migrations_online()
