"""Files only the service's own user may read: SQLite databases (users, logs, quiz results).

SQLite creates a database's ``-wal`` and ``-shm`` files with the database file's own
permissions, so creating the (empty: SQLite accepts a zero-length file as an empty
database) file with mode 0600 first keeps all three private, whatever the umask.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_MODE = 0o600


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (an existing file keeps its mode)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_MODE)
    except FileExistsError:
        return
    try:
        os.fchmod(handle, PRIVATE_MODE)  # the umask may have taken bits away, never added: set exactly
    finally:
        os.close(handle)
