"""Office settings stored in the database as JSON values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prakerja_desktop.storage.models import Setting


def get(session: Session, key: str, default: Any = None) -> Any:
    """A setting's value, or the default."""
    value = session.execute(select(Setting.value).where(Setting.key == key)).scalar_one_or_none()
    return default if value is None else value


def put(session: Session, key: str, value: Any) -> None:
    """Set a setting (inside the caller's transaction)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def all_settings(session: Session) -> dict[str, Any]:
    """Every setting as a dict."""
    return {row.key: row.value for row in session.execute(select(Setting)).scalars()}
