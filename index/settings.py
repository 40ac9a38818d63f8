"""One typed settings object, read once from the environment and .env, passed down."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.errors import ConfigError

IdList = Annotated[frozenset[int], NoDecode]


_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)?", re.IGNORECASE)
_DURATION_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """'15m', '90s', '1h', '2d' or plain seconds ('900') to seconds; ValueError for anything else."""
    match = _DURATION.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration (expected e.g. 90s, 15m, 1h, 1d)")
    seconds = float(match.group(1)) * _DURATION_UNITS[(match.group(2) or "s").lower()]
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive duration")
    return seconds


def _parse_optional_duration(value: object) -> object:
    """NEWSBOT_FETCH_EVERY: blank means unset; a number is seconds; text like 15m is parsed."""
    if value is None or isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    return parse_duration(text) if text else None


def _parse_id_list(value: object) -> object:
    """Comma-separated Telegram ids ("123, -100456") to a set; blank means unset."""
    if value is None or isinstance(value, (set, frozenset, list, tuple)):
        return value
    text = str(value).strip()
    if not text:
        return frozenset()
    ids = set()
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise ValueError(f"{part!r} is not a numeric Telegram id (expected e.g. 12345,-100678)") from None
    return frozenset(ids)


class Settings(BaseSettings):
    """Everything the index, the answerer and the front ends can be told."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True)

    # --- corpus and storage -------------------------------------------------------------
    corpus_dir: Path = Field(Path("corpus"), alias="NEWSBOT_CORPUS_DIR", description="Folder of articles.")
    data_dir: Path = Field(
        Path(".newsbot"), alias="NEWSBOT_DATA_DIR", description="Index, built model, bot state."
    )
    chroma_url: str | None = Field(
        None, alias="NEWSBOT_CHROMA_URL", description="Chroma server URL; unset means embedded Chroma in data_dir."
    )
    collection: str = Field("news", alias="NEWSBOT_COLLECTION", description="Chroma collection name prefix.")

    # --- embeddings and chunking --------------------------------------------------------
    embedding_model: str = Field(
        "bundled:multilingual-e5-small",
        alias="NEWSBOT_EMBEDDING_MODEL",
        description="'bundled:multilingual-e5-small' (offline) or any sentence-transformers name or path.",
    )
    chunk_tokens: int = Field(
        200, alias="NEWSBOT_CHUNK_TOKENS", ge=32, le=500, description="Chunk size in model tokens."
    )
    chunk_overlap_sentences: int = Field(
        1, alias="NEWSBOT_CHUNK_OVERLAP_SENTENCES", ge=0, le=5, description="Sentences repeated between chunks."
    )
    encode_batch_size: int = Field(32, alias="NEWSBOT_ENCODE_BATCH_SIZE", ge=1, le=1024)
    device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", alias="NEWSBOT_DEVICE", description="Where the model encodes: auto (a GPU when present), cpu, cuda."
    )
    encode_precision: Literal["auto", "fp32", "bf16"] = Field(
        "auto", alias="NEWSBOT_ENCODE_PRECISION",
        description="Passage encoding (reindex): auto (bf16 on a CPU with AMX, twice as fast; else fp32), fp32, bf16.",
    )

    # --- retrieval ----------------------------------------------------------------------
    top_k: int = Field(6, alias="NEWSBOT_TOP_K", ge=1, le=50, description="Chunks given to the answerer.")
    lexical_weight: float = Field(
        0.1, alias="NEWSBOT_LEXICAL_WEIGHT", ge=0.0, le=1.0,
        description="Weight of BM25 in the fusion, for questions in Greek.",
    )
    lexical_weight_latin: float = Field(
        0.05, alias="NEWSBOT_LEXICAL_WEIGHT_LATIN", ge=0.0, le=1.0,
        description="Weight of BM25 (names and numbers, transliterated) for questions in Latin script.",
    )
    min_relevance: float = Field(
        0.84, alias="NEWSBOT_MIN_RELEVANCE",
        description="Abstain when the best sentence scores below this (questions in Latin script).",
    )
    min_relevance_greek: float = Field(
        0.95, alias="NEWSBOT_MIN_RELEVANCE_GREEK",
        description="Abstain when the best sentence scores below this (questions in Greek).",
    )
    reader: bool = Field(
        False, alias="NEWSBOT_READER",
        description="Re-rank quotes and abstain with the trained reader (bot/answering/reader): shorter, fewer right.",
    )

    today: date | None = Field(
        None, alias="NEWSBOT_TODAY",
        description="YYYY-MM-DD: the day 'yesterday' and 'last week' count from; unset means the system date.",
    )

    # --- generative backend (optional) ---------------------------------------------------
    llm_base_url: str | None = Field(None, alias="NEWSBOT_LLM_BASE_URL", description="OpenAI-compatible /v1 URL.")
    llm_model: str | None = Field(None, alias="NEWSBOT_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(None, alias="NEWSBOT_LLM_API_KEY")
    llm_timeout: float = Field(30.0, alias="NEWSBOT_LLM_TIMEOUT", gt=0)
    llm_max_tokens: int = Field(
        400, alias="NEWSBOT_LLM_MAX_TOKENS", ge=16, description="Most tokens the LLM may write per answer."
    )
    llm_sources: int = Field(
        3, alias="NEWSBOT_LLM_SOURCES", ge=1, le=50, description="Retrieved chunks put into the LLM's prompt."
    )
    llm_source_chars: int = Field(
        800, alias="NEWSBOT_LLM_SOURCE_CHARS", ge=100,
        description="Each chunk in the prompt is cut to this many characters (at a sentence end).",
    )
    llm_unsupported: Literal["drop", "quotes"] = Field(
        "drop", alias="NEWSBOT_LLM_UNSUPPORTED",
        description="A generated sentence its sources don't support: drop it, or answer with quotes instead.",
    )

    # --- Telegram -----------------------------------------------------------------------
    telegram_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(None, alias="TELEGRAM_API_BASE_URL")
    telegram_admin_ids: IdList = Field(frozenset(), alias="TELEGRAM_ADMIN_IDS")
    telegram_allowed_users: IdList = Field(frozenset(), alias="TELEGRAM_ALLOWED_USERS")
    telegram_allowed_chats: IdList = Field(frozenset(), alias="TELEGRAM_ALLOWED_CHATS")
    telegram_rate_limit: int = Field(
        10, alias="TELEGRAM_RATE_LIMIT", ge=1, description="Questions per user per rate window."
    )
    telegram_rate_window: float = Field(60.0, alias="TELEGRAM_RATE_WINDOW", gt=0, description="Seconds.")
    shared_state: Path | None = Field(
        None, alias="NEWSBOT_SHARED_STATE",
        description="SQLite file shared by replicas for conversation memory and rate limits; unset = per replica.",
    )
    max_question_chars: int = Field(1000, alias="NEWSBOT_MAX_QUESTION_CHARS", ge=10)
    follow_min_score: float = Field(
        0.766, alias="NEWSBOT_FOLLOW_MIN_SCORE",
        description="A new article matches a followed topic in Latin script at this hybrid score (BENCHMARKS.md).",
    )
    follow_min_score_greek: float = Field(
        0.784, alias="NEWSBOT_FOLLOW_MIN_SCORE_GREEK",
        description="The same for topics in Greek script.",
    )
    follow_max_topics: int = Field(20, alias="NEWSBOT_FOLLOW_MAX_TOPICS", ge=1, le=200,
                                   description="Topics one chat may follow.")
    webhook_url: str | None = Field(None, alias="NEWSBOT_WEBHOOK_URL")
    webhook_listen: str = Field("127.0.0.1", alias="NEWSBOT_WEBHOOK_LISTEN")
    webhook_port: int = Field(8443, alias="NEWSBOT_WEBHOOK_PORT")
    webhook_secret: SecretStr | None = Field(None, alias="NEWSBOT_WEBHOOK_SECRET")

    # --- news intake (intake/, docs/intake.md) --------------------------------------------
    feeds: Path = Field(
        Path("feeds.toml"), alias="NEWSBOT_FEEDS",
        description="TOML file of [[source]] tables (name, url, lang, every).",
    )
    fetch_every: float | None = Field(
        None, alias="NEWSBOT_FETCH_EVERY", gt=0,
        description="Fetch the sources this often inside `newsbot telegram` (e.g. 15m); unset = never.",
    )
    fetch_contact_url: str = Field(
        "", alias="NEWSBOT_FETCH_CONTACT_URL",
        description="A page or mailto: that tells site owners who runs this bot; sent in the User-Agent.",
    )
    fetch_allow_private: bool = Field(
        False, alias="NEWSBOT_FETCH_ALLOW_PRIVATE",
        description="Let the fetcher reach loopback and private addresses (tests, an intranet); off by default.",
    )
    fetch_timeout: float = Field(
        15.0, alias="NEWSBOT_FETCH_TIMEOUT", gt=0, description="Seconds one request may take, body included."
    )
    fetch_max_bytes: int = Field(
        5_000_000, alias="NEWSBOT_FETCH_MAX_BYTES", ge=10_000, description="Largest feed or page read (decompressed)."
    )
    fetch_host_gap: float = Field(
        1.0, alias="NEWSBOT_FETCH_HOST_GAP", ge=0,
        description="Least seconds between two requests to one host (a robots.txt Crawl-delay can raise it).",
    )
    fetch_backoff: float = Field(
        60.0, alias="NEWSBOT_FETCH_BACKOFF", ge=0,
        description="Seconds before retrying a failed source; doubled per failure in a row, capped at a day.",
    )
    fetch_max_entries: int = Field(
        50, alias="NEWSBOT_FETCH_MAX_ENTRIES", ge=1,
        description="Most new articles fetched per source per run (the newest first); the rest wait.",
    )

    _split_ids = field_validator(
        "telegram_admin_ids", "telegram_allowed_users", "telegram_allowed_chats", mode="before"
    )(_parse_id_list)

    _fetch_every = field_validator("fetch_every", mode="before")(_parse_optional_duration)

    @property
    def intake_state_path(self) -> Path:
        """SQLite file of the news intake: sources' validators and failures, articles seen."""
        return self.data_dir / "intake.sqlite3"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment and .env; overrides (command-line flags) win."""
    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        fields = Settings.model_fields
        by_alias = {fields[k].alias or k: v for k, v in values.items()}
        return Settings(**by_alias)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "settings"
            problems.append(f"{name}: {err['msg']}")
        raise ConfigError("invalid settings: " + "; ".join(problems)) from None
