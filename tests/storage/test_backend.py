"""The backend layer's own rules: placeholders, addresses, errors that name the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.backend import StorageError, redact, sqlite_path, to_dollar_params
from bot.storage.database import Storage


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT ? , ?", "SELECT $1 , $2"),
    ("SELECT '?' , ?", "SELECT '?' , $1"),  # a question mark in a literal stays
    ("SELECT 'it''s ?', \"col?\" FROM t WHERE a = ?", "SELECT 'it''s ?', \"col?\" FROM t WHERE a = $1"),
    ("SELECT 1 -- why?\nWHERE b = ?", "SELECT 1 -- why?\nWHERE b = $1"),
    ("SELECT 1", "SELECT 1"),
])
def test_placeholders_are_numbered_outside_quotes_and_comments(sql: str, expected: str) -> None:
    assert to_dollar_params(sql) == expected


def test_addresses() -> None:
    assert sqlite_path("sqlite:///data/cchc.sqlite3") == Path("data/cchc.sqlite3")
    assert sqlite_path("sqlite:////var/lib/cchc.sqlite3") == Path("/var/lib/cchc.sqlite3")
    assert sqlite_path(Path("x.sqlite3")) == Path("x.sqlite3")
    with pytest.raises(StorageError, match="postgresql://"):
        sqlite_path("mysql://db/cchc")
    assert redact("postgresql://cchc:s3cret@db:5432/cchc") == "postgresql://cchc:***@db:5432/cchc"


async def test_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StorageError, match=r"Cannot connect to PostgreSQL at postgresql://u:\*\*\*@127.0.0.1:1/x"):
        await Storage.open("postgresql://u:pw@127.0.0.1:1/x")


async def test_backup_is_for_sqlite_only(storage: Storage, tmp_path: Path) -> None:
    if storage.dialect == "sqlite":
        await storage.backup(target=tmp_path / "copy.sqlite3")
        assert (tmp_path / "copy.sqlite3").exists()
    else:
        with pytest.raises(StorageError, match="pg_dump"):
            await storage.backup(target=tmp_path / "copy.sqlite3")
