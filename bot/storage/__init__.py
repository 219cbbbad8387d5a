"""Persistence of users, the question log and feedback (the only package that imports aiosqlite)."""

from bot.storage.database import Storage, StorageError
from bot.storage.models import GapGroup, LoggedQuestion, Stats, TopQuestion

__all__ = ["GapGroup", "LoggedQuestion", "Stats", "Storage", "StorageError", "TopQuestion"]
