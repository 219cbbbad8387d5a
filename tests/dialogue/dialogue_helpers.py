"""Helpers shared by the dialogue tests and their fixtures: events and the small knowledge base."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.dialogue.models import Incoming
from bot.knowledge import KnowledgeBase

ADMIN_ID = "42"
USER_ID = "7"


def message(text: str | None = None, *, user: str = USER_ID, **fields: Any) -> Incoming:
    """A Telegram event from ``user`` (a plain user unless ``user=ADMIN_ID``)."""
    return Incoming(channel="telegram", user_id=user, display_name=f"Người dùng {user}", text=text, **fields)


def press(payload: str, *, user: str = USER_ID) -> Incoming:
    """A button press carrying ``payload``."""
    return Incoming(channel="telegram", user_id=user, display_name=f"Người dùng {user}", kind="button", payload=payload)


@dataclass
class SmallKnowledge:
    """A knowledge base over a private copy of knowledge/plans, safe to reload and upload into."""

    knowledge: KnowledgeBase
    settings: Settings
