"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile), rehashed when it changes."""
from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()  # argon2id; parameters follow argon2-cffi's recommended defaults


@cache
def _dummy_hash() -> str:
    """Verified when the username is unknown, so an unknown user costs the same time as a wrong
    password. Computed on first use, once per process: importing lp costs no hashing."""
    return _hasher.hash("lp-dummy-password-for-unknown-users")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
