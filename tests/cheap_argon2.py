"""Cheap argon2 for the test suite only: the app's strong parameters cost ~0.5 s per hash here.

conftest swaps the module-level hasher and key-slot parameters for every test (monkeypatch, so they
are restored afterwards); a test marked `strong_argon2` keeps the real ones (test_passwords.py pins them).
The app itself has no switch that weakens hashing.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

# The smallest parameters argon2 accepts: still real Argon2id hashes that verify and reject.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_KEY_SLOT = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use cheap argon2 for staff passwords, PINs and passphrase key slots in this test."""
    from prakerja_desktop.security import keyslots, passwords

    monkeypatch.setattr(passwords, "HASHER", CHEAP_HASHER)
    monkeypatch.setattr(keyslots, "ARGON2", dict(CHEAP_KEY_SLOT))
