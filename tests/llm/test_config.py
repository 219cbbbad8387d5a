"""The model settings: endpoint forms, and a clear error for an incomplete configuration."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.llm.config import LlmConfig, endpoint_url


@pytest.mark.parametrize(
    ("given", "endpoint"),
    [
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000/v1/chat/completions"),
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1/chat/completions"),
        ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1/chat/completions"),
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/chat/completions"),
        ("http://h:8080/v1/chat/completions", "http://h:8080/v1/chat/completions"),
        ("https://api.example/v1beta/openai", "https://api.example/v1beta/openai/chat/completions"),
    ],
)
def test_endpoint_forms(given: str, endpoint: str) -> None:
    assert endpoint_url(given) == endpoint


def test_settings_give_the_client_its_config() -> None:
    settings = Settings(llm_url="http://127.0.0.1:8000/v1", llm_model=" qwen2.5 ", llm_api_key="k", llm_timeout=5,
                        _env_file=None)
    assert LlmConfig.from_settings(settings) == LlmConfig("http://127.0.0.1:8000/v1/chat/completions", "qwen2.5", "k", 5.0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"llm_url": "http://127.0.0.1:8000/v1"}, "CCHC_LLM_MODEL"),
        ({"llm_url": "127.0.0.1:8000", "llm_model": "m"}, "http://"),
        ({"llm_url": "http://h/v1", "llm_model": "m", "llm_timeout": 0}, "llm_timeout"),
    ],
)
def test_incomplete_settings_are_refused_with_the_fix(values: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(**values, _env_file=None)


def test_unset_means_no_model() -> None:
    assert Settings(_env_file=None).llm_url is None
