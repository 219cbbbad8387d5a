"""The model settings as the client needs them: endpoint URL, model, key and timeout."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from bot.config import Settings

COMPLETIONS_PATH = "/chat/completions"


@dataclass(frozen=True)
class LlmConfig:
    """Where and how to ask; built from :class:`bot.config.Settings` by :meth:`from_settings`."""

    endpoint: str
    model: str
    api_key: str | None
    timeout: float

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmConfig:
        """The configuration of ``settings``.

        Raises:
            ValueError: ``CCHC_LLM_URL`` is unset (callers check it first).
        """
        if settings.llm_url is None:
            raise ValueError("CCHC_LLM_URL is not set")
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key is not None else None
        return cls(endpoint_url(settings.llm_url), (settings.llm_model or "").strip(), key or None, settings.llm_timeout)


def endpoint_url(url: str) -> str:
    """The chat-completions endpoint of a base URL or of the endpoint itself.

    ``http://h:8000`` → ``http://h:8000/v1/chat/completions`` (vLLM, llama.cpp, Ollama all
    serve ``/v1``); ``http://h:8000/v1`` or a provider's ``…/v1beta/openai`` get
    ``/chat/completions`` appended; a URL already ending in it is kept.
    """
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if not path.endswith(COMPLETIONS_PATH):
        path = (path or "/v1") + COMPLETIONS_PATH
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
