"""Time in one place (light to import: the GUI uses it before the database layer is loaded)."""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    """The current time in UTC, without a zone (stored that way, always UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)
