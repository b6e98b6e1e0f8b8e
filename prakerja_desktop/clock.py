"""Time in one place (light to import: the GUI uses it before the database layer is loaded)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC, without a zone (stored that way, always UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
