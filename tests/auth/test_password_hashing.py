"""Production hashes passwords with argon2id at RFC 9106's low-memory parameters (the suite itself
hashes with argon2id's smallest ones to save time: tests/conftest.py); a hash made with weaker
parameters, such as the suite's, is one production would rehash at the next sign-in."""
from __future__ import annotations

from argon2.profiles import RFC_9106_LOW_MEMORY

from tests.conftest import PRODUCTION_HASHER


def test_production_hashes_with_argon2id_at_rfc_9106_low_memory():
    hashed = PRODUCTION_HASHER.hash("correct horse battery staple")

    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PRODUCTION_HASHER.verify(hashed, "correct horse battery staple")
    for name in ("type", "time_cost", "memory_cost", "parallelism", "hash_len", "salt_len"):
        assert getattr(PRODUCTION_HASHER, name) == getattr(RFC_9106_LOW_MEMORY, name), name


def test_production_would_rehash_what_the_suite_hashes():
    from lp.auth.passwords import hash_password

    assert PRODUCTION_HASHER.check_needs_rehash(hash_password("a test password"))
