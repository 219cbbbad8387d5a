"""Console passwords: scrypt hashes from the standard library, never the passwords themselves.

A hash is ``scrypt:<n>:<r>:<p>:<salt>:<key>`` (salt and key in unpadded URL-safe base64),
so it fits ``CCHC_ADMIN_USERS=name:hash,...`` without quoting: no ``,``, no ``$`` (which
Docker Compose would expand in an env file), and the name ends at the first ``:``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

# scrypt cost: n = 2**15 with r = 8 needs 32 MiB and 0.3 s per check on one (shared) core
# of the development machine; slow enough to make guessing a stolen hash expensive, fast enough for a
# sign-in. OWASP's minimum for scrypt is n = 2**17 at r = 8 *or* the equivalent memory/time
# trade-off (n = 2**15, r = 8, p = 3); we keep p = 1 since sign-in rate is also limited by
# the lock-out (bot.console.signin).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
# scrypt needs 128 * n * r bytes (32 MiB here); hashlib refuses above its 32 MiB default.
MAX_MEMORY = 64 * 2**20
# Names appear in the audit log and the page header: short, plain, unambiguous.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
# The name the shared CCHC_ADMIN_TOKEN signs in as; no account may take it.
TOKEN_ACTOR = "token"
_HASH = re.compile(r"^scrypt:(\d{1,2}):(\d{1,2}):(\d{1,2}):([A-Za-z0-9_-]{16,}):([A-Za-z0-9_-]{32,})$")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The stored form of ``password`` (a fresh random salt unless one is given, for tests).

    Raises:
        ValueError: an empty password.
    """
    if not password:
        raise ValueError("an empty password cannot be hashed")
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    log_n = SCRYPT_N.bit_length() - 1
    key = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt:{log_n}:{SCRYPT_R}:{SCRYPT_P}:{_b64(salt)}:{_b64(key)}"


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=MAX_MEMORY)


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time comparison of the keys)."""
    match = _HASH.match(stored)
    if match is None:
        return False
    log_n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if not (10 <= log_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4):  # bounds keep a bad env from hanging sign-in
        return False
    key = _derive(password, _unb64(match.group(4)), 2**log_n, r, p)
    return hmac.compare_digest(key, _unb64(match.group(5)))


def burn_time(password: str) -> None:
    """Spend a check's time for an unknown name, so timing does not tell which names exist."""
    _derive(password, b"\0" * SALT_BYTES, SCRYPT_N, SCRYPT_R, SCRYPT_P)


def check_account(entry: str) -> str:
    """Validate one ``name:hash`` entry of ``CCHC_ADMIN_USERS`` and return the name.

    Raises:
        ValueError: a bad name or something that is not one of our hashes (a plain
            password pasted by mistake is refused here, never stored or compared).
    """
    name, _, stored = entry.partition(":")
    if not NAME_PATTERN.match(name) or name == TOKEN_ACTOR:
        raise ValueError(
            f"CCHC_ADMIN_USERS: admin name {name!r} must be 1-32 letters, digits, '.', '_' or '-' "
            f"(and not {TOKEN_ACTOR!r})"
        )
    if not _HASH.match(stored):
        raise ValueError(
            f"CCHC_ADMIN_USERS: the entry of {name!r} is not 'name:scrypt:...'; make the hash with "
            "`cchc admin hash-password`"
        )
    return name
