"""Helpers for the model tests (a module of its own: ``conftest`` names clash across test folders)."""

from __future__ import annotations

from bot.config import Settings

# Seconds the client waits in these tests: the stand-in answers in milliseconds, so this
# only bounds the timeout test (which scripts a longer delay).
TEST_TIMEOUT_S = 2.0


def llm_settings(settings: Settings, url: str, **overrides: object) -> Settings:
    """The session settings with the model configured (``model_copy`` skips validation)."""
    return settings.model_copy(update={"llm_url": url, "llm_model": "stub-model", "llm_timeout": TEST_TIMEOUT_S,
                                       **overrides})
