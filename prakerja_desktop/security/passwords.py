"""Staff passwords and PINs: argon2 hashes only, never the secret itself."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# The one hasher, with argon2-cffi's defaults (RFC 9106 low-memory profile: Argon2id, t=3, 64 MiB, p=4).
# There is deliberately no setting or environment switch that weakens it; only the test suite swaps
# this object for a cheap one (tests/cheap_argon2.py), and a test pins these strong defaults.
HASHER = PasswordHasher()


def hash_secret(secret: str) -> str:
    """An argon2id hash of a password or PIN."""
    return HASHER.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    """True if the secret matches the stored hash."""
    try:
        return HASHER.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True if the hash was made with weaker parameters than today's."""
    return HASHER.check_needs_rehash(stored_hash)
