"""Who is logged in, and the answer to a login attempt: the staff room's data types."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILED_LOGINS = 5
MIN_SECRET_LENGTH = 6  # passwords and PINs
LOCKOUT = timedelta(minutes=5)
ROLES = ("admin", "staff")
KIOSK_ACTOR = "kiosk"


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member."""

    id: int
    uuid: uuid.UUID
    username: str
    display_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == "admin"


@dataclass(frozen=True)
class LoginResult:
    """The answer to a login attempt; `message` says why it failed, in plain words."""

    staff: StaffSession | None
    message: str = ""
    locked_until: datetime | None = None
