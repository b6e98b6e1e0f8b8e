"""The app hashes with strong argon2; only the test suite swaps in cheap parameters (tests/cheap_argon2.py)."""

from __future__ import annotations

import inspect

import pytest

from prakerja_desktop.security import keyslots, passwords
from tests import cheap_argon2


@pytest.mark.strong_argon2
def test_staff_passwords_and_pins_use_the_strong_defaults() -> None:
    """Argon2id, t=3, 64 MiB, p=4 (RFC 9106 low-memory profile): what the app ships."""
    hasher = passwords.HASHER
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 64 * 1024, 4)
    stored = passwords.hash_secret("rahasia-123")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_secret(stored, "rahasia-123") and not passwords.verify_secret(stored, "rahasia-124")
    assert not passwords.needs_rehash(stored)


@pytest.mark.strong_argon2
def test_passphrase_key_slots_use_the_strong_defaults() -> None:
    """The recovery passphrase is stretched with Argon2id, t=3, 64 MiB, p=2, and the slot records it."""
    assert keyslots.ARGON2 == {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}
    keys = keyslots.KeyFile("k1")
    keys.set_passphrase(b"\x01" * keyslots.KEY_BYTES, "kata sandi kantor panjang")
    assert keys.slots["passphrase"]["argon2"] == {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}
    assert keys.open_with_passphrase("kata sandi kantor panjang") == b"\x01" * keyslots.KEY_BYTES


def test_no_environment_switch_weakens_hashing() -> None:
    """The hashing modules read no environment variable: nothing outside the code can lower the cost."""
    for module in (passwords, keyslots):
        source = inspect.getsource(module)
        assert "os.environ" not in source and "getenv(" not in source


def test_unmarked_tests_hash_cheaply() -> None:
    """Unmarked tests get the cheap hasher (real Argon2id hashes that still verify and reject)."""
    assert passwords.HASHER is cheap_argon2.CHEAP_HASHER
    assert keyslots.ARGON2 == cheap_argon2.CHEAP_KEY_SLOT
    stored = passwords.hash_secret("pin-1234")
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert passwords.verify_secret(stored, "pin-1234") and not passwords.verify_secret(stored, "pin-1235")
