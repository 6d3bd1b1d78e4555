"""Password hashing: argon2id through argon2-cffi, at OWASP's recommended minimum cost."""

from __future__ import annotations

import contextlib
from typing import Any

from psoas.errors import InputError

MIN_PASSWORD = 10

ARGON2_TIME_COST, ARGON2_MEMORY_KIB, ARGON2_LANES = 2, 19456, 1
"""argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about 20 ms of one core per
login, so a burst of logins cannot starve a small practice server (argon2-cffi's default costs ~8×)."""


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (at least MIN_PASSWORD characters; see :data:`ARGON2_MEMORY_KIB`)."""
    if len(password) < MIN_PASSWORD:
        raise InputError("password", f"must be at least {MIN_PASSWORD} characters")
    return str(_hasher().hash(password))


_DUMMY: list[str] = []


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash costs the same time (no account probing)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if not stored:
        if not _DUMMY:
            _DUMMY.append(str(_hasher().hash("not a password of anyone")))
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher().verify(_DUMMY[0], password)
        return False
    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False
