"""The survey's pseudonym of a citizen: a keyed hash of the channel and its user id.

The survey must not ask anyone twice in a period, so it has to recognise a returning
person, yet its tables must not say who answered. The channel's user id is therefore kept
only as HMAC-SHA256(salt, "channel:user id"): the same person always maps to the same
value, and without the salt the value cannot be turned back into an id by hashing every
Telegram or Zalo id (ids are short numbers; an unsalted hash would be reversible in
minutes). The salt is ``CCHC_SURVEY_SALT`` or, when unset, a random one generated once into
the data directory (mode 0600). Keep that file with the database backups: a new salt makes
everyone new to the survey again (nothing else is lost).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from pathlib import Path

from bot.config import Settings

SALT_FILE_NAME = "survey_salt"
# 32 random bytes (64 hex characters): as strong as the SHA-256 it keys.
SALT_BYTES = 32


def salt_path(settings: Settings) -> Path:
    """Where a generated salt is kept."""
    return settings.data_dir / SALT_FILE_NAME


def load_salt(settings: Settings) -> bytes:
    """The configured salt, else the generated one (created on first use, 0600, never overwritten).

    Two processes starting at once cannot create two salts: the salt is written whole to a
    temporary file and linked into place (``link`` fails if the name exists), so a reader
    sees either no file or the complete one, and the loser of a race reads the winner's.
    """
    if settings.survey_salt is not None and settings.survey_salt.get_secret_value():
        return settings.survey_salt.get_secret_value().encode("utf-8")
    path = salt_path(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{SALT_FILE_NAME}.")  # 0600
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(SALT_BYTES) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process won the race; use its salt
        finally:
            os.unlink(temporary)
    text = path.read_text(encoding="ascii").strip()
    if not text:
        raise ValueError(f"{path} is empty; delete it to generate a new survey salt")
    return text.encode("ascii")


def pseudonym(salt: bytes, channel: str, user_id: str) -> str:
    """The stored stand-in for ``user_id`` on ``channel`` (64 hex characters)."""
    return hmac.new(salt, f"{channel}:{user_id}".encode("utf-8"), hashlib.sha256).hexdigest()
